"""Hostile input through the model form and image uploads: a clear error, and nothing changed."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from modelhub.forms import AIModelForm
from modelhub.images import MAX_ENCODED_BYTES
from modelhub.models import AIModel, AuditEntry, ModelDefinition
from tests.security_input_support import (
    GIF,
    MEGABYTE,
    STRING_FIELDS,
    UNICODE_IDS,
    jpeg_declaring,
    png,
    png_declaring,
    refused,
)
from tests.support import snapshot
from tests.web_helpers import record_form_data

pytestmark = pytest.mark.django_db


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
