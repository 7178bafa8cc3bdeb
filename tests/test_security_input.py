"""Hostile input at the service level: a clear error, and nothing changed.

(The form and uploads: test_security_input_form.py; the API: test_security_api_input.py.)
"""

import pytest
from PIL import Image

from modelhub.models import AIModel, AuditEntry
from modelhub.models.aimodels import EDITABLE_FIELDS
from modelhub.services import aimodel_update
from tests.security_input_support import (
    MEGABYTE,
    STRING_FIELDS,
    UNICODE_IDS,
    WRONG_TYPES,
    nested,
    png,
    refused,
)

pytestmark = pytest.mark.django_db


# --- the service ------------------------------------------------------------------


@pytest.mark.parametrize("field", STRING_FIELDS)
def test_a_megabyte_string_in_any_field_is_refused(aimodel, alice, field):
    refused(aimodel, alice, {field: "a" * MEGABYTE})


@pytest.mark.parametrize("field", EDITABLE_FIELDS)
@pytest.mark.parametrize("value", WRONG_TYPES, ids=lambda v: type(v).__name__)
def test_a_wrong_type_in_any_field_is_refused(aimodel, alice, field, value):
    if field == "configuration" and isinstance(value, dict):
        value = ["not", "an", "object"]
    if field == "tags" and isinstance(value, list):
        value = [value]  # a list of lists: tags are a list of strings
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
