"""Hostile input at the service, form and image level: a clear error, and nothing changed.

(API-level hostile input is tested with the API.)
"""

import io
import json
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from modelhub.forms import AIModelForm
from modelhub.images import MAX_ENCODED_BYTES
from modelhub.models import AIModel, AuditEntry, ModelDefinition
from modelhub.models.aimodels import EDITABLE_FIELDS
from modelhub.services import aimodel_update
from tests.factories import ModelDefinitionFactory
from tests.web_helpers import record_form_data

pytestmark = pytest.mark.django_db

MEGABYTE = 1024 * 1024
STRING_FIELDS = [f for f in EDITABLE_FIELDS if f != "configuration"]
WRONG_TYPES = [0, 12345, 1.5, True, ["x"], {"a": 1}, b"bytes", object()]
OPEN_SPEC = {"type": "object"}  # any object: only the rules' own limits apply


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    """The user fixtures hash a password; the default hasher makes that a second per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def snapshot(aimodel) -> dict:
    row = AIModel.objects.get(pk=aimodel.pk)
    return {f.attname: getattr(row, f.attname) for f in AIModel._meta.concrete_fields}


def refused(aimodel, alice, changes, field=None) -> list[str]:
    """Assert the service refuses `changes` with a ValidationError and writes nothing."""
    before = snapshot(aimodel)
    with pytest.raises(ValidationError) as exc:
        aimodel_update(aimodel=aimodel, changes=changes, actor=alice, source="api")
    assert snapshot(aimodel) == before
    assert not AuditEntry.objects.exists()
    errors = exc.value.message_dict
    field = field or next(iter(changes))
    assert field in errors, errors
    for message in errors[field]:
        assert len(message) < 500, "an error message must not echo a huge value back"
    return errors[field]


@pytest.fixture
def open_definition(db):
    return ModelDefinitionFactory(definition_id="open", model_spec=OPEN_SPEC)


def nested(depth: int):
    """{"a": {"a": ... }} built iteratively (no recursion)."""
    value: dict = {}
    for _ in range(depth - 1):
        value = {"a": value}
    return value


# --- the service ------------------------------------------------------------------


@pytest.mark.parametrize("field", STRING_FIELDS)
def test_a_megabyte_string_in_any_field_is_refused(aimodel, alice, field):
    refused(aimodel, alice, {field: "a" * MEGABYTE})


@pytest.mark.parametrize("field", EDITABLE_FIELDS)
@pytest.mark.parametrize("value", WRONG_TYPES, ids=lambda v: type(v).__name__)
def test_a_wrong_type_in_any_field_is_refused(aimodel, alice, field, value):
    if field == "configuration" and isinstance(value, dict):
        value = ["not", "an", "object"]
    messages = refused(aimodel, alice, {field: value})
    assert any("string" in m or "JSON object" in m for m in messages), messages


@pytest.mark.parametrize("field", ["description", "readme", "source_url", "documentation_url", "license"])
def test_none_in_an_optional_field_clears_it(aimodel, alice, field):
    """None clears the field (stored as ""); it never reaches a NOT NULL column (no 500)."""
    AIModel.objects.filter(pk=aimodel.pk).update(**{field: "https://example.com/x"})
    result = aimodel_update(
        aimodel=AIModel.objects.get(pk=aimodel.pk), changes={field: None}, actor=alice, source="api"
    )
    assert result.changed_fields == (field,)
    assert getattr(AIModel.objects.get(pk=aimodel.pk), field) == ""
    assert AuditEntry.objects.get().changes[field] == {"old": "https://example.com/x", "new": ""}


@pytest.mark.parametrize("field", sorted({"model_id", "task", "visibility", "region", "hardware", "model_definition"}))
def test_none_in_a_required_field_is_refused(aimodel, alice, field):
    assert refused(aimodel, alice, {field: None}) == ["This field is required."]


UNICODE_IDS = {
    "cyrillic-a-homoglyph": "resnet-\u0430",  # looks like "resnet-a"
    "fullwidth-letters": "\uff52\uff45\uff53",
    "kelvin-sign": "\u212aelvin",
    "rtl-mark": "resnet\u200f",
    "zero-width-joiner": "res\u200dnet",
    "zero-width-space": "res\u200bnet",
    "bom": "\ufeffresnet",
    "nul": "res\x00net",
    "trailing-newline": "abc\n",
    "leading-space": " abc",
    "combining-accent": "re\u0301snet",
    "emoji": "model-\U0001f600",
    "surrogate": "res\ud800net",
    "dotless-i": "\u0131d",
    "dot-segment": "..",
    "slash": "a/b",
    "percent-encoded": "a%2Fb",
    "too-long": "a" * 64,
}


@pytest.mark.parametrize("model_id", UNICODE_IDS.values(), ids=UNICODE_IDS.keys())
def test_unicode_tricks_in_the_id_are_refused(aimodel, alice, model_id):
    messages = refused(aimodel, alice, {"model_id": model_id})
    assert any(word in m for m in messages for word in ("RFC-1034", "NUL", "Unicode", "at most 63")), messages


@pytest.mark.parametrize("field", ["description", "readme", "license"])
def test_nul_and_lone_surrogates_in_text_are_refused(aimodel, alice, field):
    assert refused(aimodel, alice, {field: "a\x00b"}) == ["Must not contain NUL characters."]
    refused(aimodel, alice, {field: "a\ud800b"})


def test_unicode_text_that_is_fine_is_kept_as_is(aimodel, alice):
    text = "Modèle — ヴィジョン 🤖 \u200f\u0627\u0644\u0639\u0631\u0628\u064a\u0629"
    aimodel_update(aimodel=aimodel, changes={"description": text}, actor=alice, source="api")
    assert AIModel.objects.get(pk=aimodel.pk).description == text


def test_configuration_nested_ten_thousand_levels_is_refused(aimodel, alice, open_definition):
    messages = refused(aimodel, alice, {"model_definition": "open", "configuration": nested(10_000)}, "configuration")
    assert messages == ["Configuration is nested more than 32 levels deep."]


def test_configuration_of_ten_megabytes_is_refused(aimodel, alice, open_definition):
    big = {"data": ["x" * 1000] * (10 * 1024)}
    messages = refused(aimodel, alice, {"model_definition": "open", "configuration": big}, "configuration")
    assert messages[0].startswith("Configuration is 10,")
    assert "at most 100,000 are allowed" in messages[0]


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
def test_configuration_with_nan_or_infinity_is_refused(aimodel, alice, open_definition, number):
    """Not JSON: PostgreSQL's jsonb refuses it (a 500) and clients cannot parse it."""
    messages = refused(aimodel, alice, {"model_definition": "open", "configuration": {"x": number}}, "configuration")
    assert messages == ["Configuration must be plain JSON: NaN and Infinity are not allowed."]


def test_configuration_with_nul_in_a_key_is_refused(aimodel, alice, open_definition):
    messages = refused(aimodel, alice, {"model_definition": "open", "configuration": {"a\x00": 1}}, "configuration")
    assert messages == ["Configuration must not contain NUL characters."]


@pytest.mark.parametrize(
    ("configuration", "expected"),
    [
        ({1: "a"}, "keys must be strings"),
        ({1: "a", "b": 2}, "keys must be strings"),  # unsortable keys: no TypeError when hashing
        ({"a": {(1, 2): 3}}, "keys must be strings"),
        ({"a": {1, 2}}, "type 'set' is not"),
        ({"a": b"bytes"}, "type 'bytes' is not"),
        ({"a": object()}, "type 'object' is not"),
        ({"a": 10**5000}, "too large"),  # json.dumps refuses more than 4300 digits
    ],
    ids=["int-key", "mixed-keys", "tuple-key", "set", "bytes", "object", "huge-int"],
)
def test_configuration_with_non_json_content_is_refused(aimodel, alice, open_definition, configuration, expected):
    changes = {"model_definition": "open", "configuration": configuration}
    messages = refused(aimodel, alice, changes, "configuration")
    assert any(expected in m for m in messages), messages


@pytest.mark.parametrize("value", [10**5000, [10**5000], {1: "a", "b": 2}, [[[[]]]] * 3], ids=range(4))
def test_unhashable_values_in_text_fields_are_refused_cleanly(aimodel, alice, value):
    assert refused(aimodel, alice, {"description": value}) == ["Must be a string."]


@pytest.mark.parametrize(
    "value",
    [
        "not a data uri",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
        "javascript:alert(1)",
        "data:image/png;base64,!!!!",
        "data:image/png;base64," + "A" * (300 * 1024),
    ],
    ids=["text", "html", "svg", "javascript", "bad-base64", "over-200kb"],
)
def test_a_profile_image_the_service_did_not_normalize_is_refused(aimodel, alice, value):
    """Only a normalized data URI (as modelhub.images produces) may be stored."""
    refused(aimodel, alice, {"profile_image": value})


def test_a_normalized_profile_image_is_stored(aimodel, alice):
    from modelhub.images import image_to_data_uri

    uri = image_to_data_uri(png(Image.new("RGB", (8, 8), (255, 0, 0))))
    aimodel_update(aimodel=aimodel, changes={"profile_image": uri}, actor=alice, source="api")
    assert AIModel.objects.get(pk=aimodel.pk).profile_image == uri


# --- the form ---------------------------------------------------------------------


form_data = record_form_data


def form_refuses(aimodel, alice, field, data=None, files=None) -> list[str]:
    """Assert the form shows an error on `field` and the row is unchanged."""
    before = snapshot(aimodel)
    form = AIModelForm(data=data or form_data(aimodel), files=files, instance=AIModel.objects.get(pk=aimodel.pk))
    if form.is_valid():
        assert form.submit(actor=alice, source="web") is None
    assert field in form.errors, form.errors
    assert snapshot(aimodel) == before
    assert not AuditEntry.objects.exists()
    for message in form.errors[field]:
        assert len(message) < 500
    return form.errors[field]


def test_form_accepts_its_own_data(aimodel, alice):
    form = AIModelForm(data=form_data(aimodel, description="ok"), instance=aimodel)
    assert form.is_valid(), form.errors
    assert form.submit(actor=alice, source="web").changed_fields == ("description",)


@pytest.mark.parametrize("field", [f for f in STRING_FIELDS if f != "profile_image"])
def test_form_refuses_a_megabyte_string_in_any_field(aimodel, alice, field):
    form_refuses(aimodel, alice, field, form_data(aimodel, **{field: "a" * MEGABYTE}))


def test_form_refuses_a_megabyte_custom_hardware(aimodel, alice):
    data = form_data(aimodel, region="REGION_LOCAL", hardware="__custom__", custom_hardware="a" * MEGABYTE)
    form_refuses(aimodel, alice, "custom_hardware", data)


@pytest.mark.parametrize("model_id", UNICODE_IDS.values(), ids=UNICODE_IDS.keys())
def test_form_refuses_unicode_tricks_in_the_id(aimodel, alice, model_id):
    if model_id.strip() in ("abc",):  # the form strips surrounding whitespace, as every text input does
        return
    form_refuses(aimodel, alice, "model_id", form_data(aimodel, model_id=model_id))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[" * 10_000 + "]" * 10_000, "The JSON is nested too deeply."),
        ('{"a": ' * 10_000 + "1" + "}" * 10_000, "The JSON is nested too deeply."),
        ('{"a": ' + "9" * 100_000 + "}", "Invalid JSON"),
        ('{"a": NaN}', "NaN"),
        ('{"a": Infinity}', "Infinity is not valid JSON"),
        ('{"a": 1', "Invalid JSON at line 1, column 8"),
        ("\ud800", "Invalid JSON"),
        ("[1, 2, 3]", "JSON object"),
        ('"string"', "JSON object"),
    ],
    ids=["deep-array", "deep-object", "huge-number", "nan", "infinity", "truncated", "surrogate", "array", "string"],
)
def test_form_refuses_hostile_configuration_json(aimodel, alice, open_definition, text, expected):
    data = form_data(aimodel, model_definition="open", configuration=text)
    messages = form_refuses(aimodel, alice, "configuration", data)
    assert any(expected in m for m in messages), messages


def test_form_refuses_a_ten_megabyte_configuration(aimodel, alice, open_definition):
    text = json.dumps({"data": ["x" * 1000] * (10 * 1024)})
    messages = form_refuses(
        aimodel, alice, "configuration", form_data(aimodel, model_definition="open", configuration=text)
    )
    assert "at most 100,000 are allowed" in messages[0]


@pytest.mark.parametrize("field", ["task", "visibility", "region", "model_definition", "hardware"])
def test_form_refuses_values_outside_the_choices(aimodel, alice, field):
    form_refuses(aimodel, alice, field, form_data(aimodel, **{field: "<script>alert(1)</script>"}))


def test_form_refuses_a_forged_loaded_state(aimodel, alice):
    form_refuses(aimodel, alice, "loaded_state", form_data(aimodel, description="x", loaded_state="forged:abc"))


# --- images through the form ---------------------------------------------------------


def png(im: Image.Image) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    data = bytearray(png(Image.new("L", (1, 1))))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def jpeg_declaring(width: int, height: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (16, 16)).save(buf, "JPEG")
    data = bytearray(buf.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
HOSTILE_UPLOADS = {
    "png-bomb-100000x100000": ("bomb.png", png_declaring(100_000, 100_000), "megapixels"),
    "jpeg-huge-declared-size": ("huge.jpg", jpeg_declaring(65_000, 65_000), "megapixels"),
    "truncated-png": ("cut.png", png(Image.new("RGB", (64, 64), (1, 2, 3)))[:60], "truncated or corrupt"),
    "html-named-png": ("x.png", b"<!doctype html><script>alert(document.cookie)</script>", "HTML"),
    "html-gif-polyglot": ("x.gif", b"<html><script>alert(1)</script>" + GIF, "HTML"),
    "svg-with-script": ("x.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG"),
    "js-named-png": ("x.png", b"alert(document.cookie)//", "text"),
    "empty": ("x.png", b"", "empty"),
}


@pytest.mark.parametrize(("name", "content", "expected"), HOSTILE_UPLOADS.values(), ids=HOSTILE_UPLOADS.keys())
def test_form_refuses_hostile_image_uploads(aimodel, alice, name, content, expected):
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    messages = form_refuses(aimodel, alice, "profile_image", form_data(aimodel), {"profile_image": upload})
    assert any(expected in m for m in messages), messages


def test_form_refuses_an_oversize_upload_without_reading_it(aimodel, alice, monkeypatch):
    class Unreadable(io.BytesIO):
        def read(self, *args):
            pytest.fail("an oversize upload must not be read into memory")

    upload = SimpleUploadedFile("big.png", b"\x89PNG" + b"\x00" * MAX_ENCODED_BYTES, content_type="image/png")
    upload.file = Unreadable()
    messages = form_refuses(aimodel, alice, "profile_image", form_data(aimodel), {"profile_image": upload})
    assert messages == ["The file is 10.1 MB; at most 10 MB is allowed."]


def test_definition_with_invalid_schema_never_crashes_validation(aimodel, alice):
    ModelDefinition.objects.filter(definition_id="container").update(model_spec={"type": "object"})
    refused(aimodel, alice, {"configuration": ["x"]})
