"""Hostile input through the REST API: every bad PATCH is a 4xx with a clear message, the row
and its audit trail stay unchanged, and hostile paths are a 404 on the API and the pages.

The payload builders are the service-level tests' (tests/test_security_input.py)."""

import base64
import json

import pytest
from PIL import Image

from modelhub.models.fields_table import EDITABLE_FIELDS, api_name
from tests.api_support import bearer, model_url, patch_json
from tests.factories import ModelDefinitionFactory
from tests.security_input_support import (
    GIF,
    MEGABYTE,
    OPEN_SPEC,
    UNICODE_IDS,
    jpeg_declaring,
    png,
    png_declaring,
)
from tests.support import snapshot

pytestmark = pytest.mark.django_db

STRING_FIELDS = [api_name(f) for f in EDITABLE_FIELDS if f != "configuration"]


@pytest.fixture
def api(client, alice, aimodel):
    """PATCH `aimodel` as alice (an editor) and assert the answer is a clear 4xx that changed nothing."""
    headers = bearer(alice)

    def refused(body, status=400, field=None, expected="", content_type="application/json"):
        before = snapshot(aimodel)
        if content_type == "application/json":
            response = patch_json(client, model_url(aimodel), body, headers)
        else:
            response = client.patch(model_url(aimodel), body, content_type=content_type, headers=headers)
        assert response.status_code == status, response.content[:300]
        assert response["Content-Type"] == "application/json"
        assert response["X-Content-Type-Options"] == "nosniff" and "Content-Security-Policy" in response
        answer = response.json()
        assert answer["code"] == 3 and answer["message"], answer
        assert len(response.content) < 5000, "an error must not echo a huge value back"
        assert snapshot(aimodel) == before
        text = json.dumps(answer)
        if field:
            violations = [v for d in answer["details"] for v in d.get("fieldViolations", [])]
            assert field in {v["field"] for v in violations}, answer
        assert expected in text, answer
        return answer

    return refused


@pytest.fixture
def open_definition(aimodel):
    """A definition accepting any object, on `aimodel`: only the rules' own limits apply."""
    ModelDefinitionFactory(definition_id="open", model_spec=OPEN_SPEC)
    type(aimodel).objects.filter(pk=aimodel.pk).update(model_definition_id="open")


# --- malformed bodies -------------------------------------------------------------------


MALFORMED = {
    "truncated": ('{"description": "x"', "Malformed JSON"),
    "trailing-comma": ('{"description": "x",}', "Malformed JSON"),
    "single-quotes": ("{'description': 'x'}", "Malformed JSON"),
    "not-utf8": (b'{"description": "\xff\xfe"}', "Malformed JSON"),
    "nan": ('{"configuration": {"a": NaN}}', "NaN is not valid JSON"),
    "huge-exponent": ('{"configuration": {"a": 1e999}}', "out of range"),
    "array": ('[{"description": "x"}]', "must be a JSON object"),
    "string": ('"description"', "must be a JSON object"),
    "null": ("null", "must be a JSON object"),
    "empty": ("", "Malformed JSON"),
    "lone-surrogate": ('{"description": "\\ud800"}', "unpaired surrogate"),
    "nested-100000-arrays": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "nested-100000-objects": ('{"a":' * 100_000 + "1" + "}" * 100_000, "nested too deeply"),
}


@pytest.mark.parametrize(("body", "expected"), MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_json_is_refused(api, body, expected):
    api(body, expected=expected)


def test_a_form_encoded_body_is_refused(api):
    api("description=x", status=415, content_type="application/x-www-form-urlencoded", expected="application/json")


def test_a_body_over_the_size_limit_is_413(api, settings):
    body = json.dumps({"description": "x" * (settings.API_MAX_BODY_BYTES + 1)})
    api(body, status=413, expected="larger than")


# --- wrong values in every field ----------------------------------------------------------


@pytest.mark.parametrize("field", STRING_FIELDS)
def test_a_megabyte_string_in_any_field_is_refused(api, field):
    api({field: "a" * MEGABYTE}, field=field)


WRONG_TYPES = [0, 1.5, True, ["x"], {"a": 1}]
WRONG_TYPED = [(f, v) for f in [*STRING_FIELDS, "configuration"] for v in WRONG_TYPES]
WRONG_TYPED = [(f, v) for f, v in WRONG_TYPED if not (f == "configuration" and isinstance(v, dict))]
WRONG_TYPED = [(f, v) for f, v in WRONG_TYPED if not (f == "tags" and isinstance(v, list))]  # ["x"] is a tag list


@pytest.mark.parametrize(("field", "value"), WRONG_TYPED, ids=[f"{f}-{type(v).__name__}" for f, v in WRONG_TYPED])
def test_a_wrong_type_in_any_field_is_refused(api, field, value):
    api({field: value}, field=field)


@pytest.mark.parametrize("model_id", UNICODE_IDS.values(), ids=UNICODE_IDS.keys())
def test_unicode_tricks_in_the_id_are_refused(api, model_id):
    if model_id.encode("utf-8", "surrogatepass") != model_id.encode("utf-8", "ignore"):
        api({"id": model_id}, expected="unpaired surrogate")  # refused while the body is read
    else:
        api({"id": model_id}, field="id")


def test_configuration_nested_ten_thousand_levels_is_refused(api, open_definition):
    api('{"configuration": ' + '{"a": ' * 10_000 + "{}" + "}" * 10_000 + "}", expected="nested too deeply")


def test_a_ten_megabyte_configuration_array_is_refused(api, open_definition, settings):
    body = json.dumps({"configuration": {"items": [12345678] * (10 * MEGABYTE // 10)}})
    assert 10 * MEGABYTE <= len(body) < settings.API_MAX_BODY_BYTES
    api(body, field="configuration", expected="configuration")


# --- images -------------------------------------------------------------------------------


def data_uri(content: bytes, mime: str = "image/png") -> str:
    return f"data:{mime};base64,{base64.b64encode(content).decode()}"


HOSTILE_IMAGES = {
    "png-bomb-100000x100000": (data_uri(png_declaring(100_000, 100_000)), "megapixels"),
    "jpeg-huge-declared-size": (data_uri(jpeg_declaring(65_000, 65_000), "image/jpeg"), "megapixels"),
    "truncated-png": (data_uri(png(Image.new("RGB", (64, 64), (1, 2, 3)))[:60]), "truncated or corrupt"),
    "html-as-png": (data_uri(b"<!doctype html><script>alert(document.cookie)</script>"), "HTML"),
    "html-as-text-html": (data_uri(b"<script>alert(1)</script>", "text/html"), "profileImage"),
    "html-gif-polyglot": (data_uri(b"<html><script>alert(1)</script>" + GIF, "image/gif"), "HTML"),
    "svg-with-script": (
        data_uri(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml"),
        "profileImage",
    ),
    "js-as-png": (data_uri(b"alert(document.cookie)//"), "profileImage"),
    "not-base64": ("data:image/png;base64,%%%not-base64%%%", "profileImage"),
    "not-a-data-uri": ("https://evil.example/x.png", "profileImage"),
    "javascript-uri": ("javascript:alert(1)", "profileImage"),
}


@pytest.mark.parametrize(("value", "expected"), HOSTILE_IMAGES.values(), ids=HOSTILE_IMAGES.keys())
def test_hostile_profile_images_are_refused(api, value, expected):
    api({"profileImage": value}, field="profileImage", expected=expected)


# --- hostile paths: API and pages answer 404, never 500 -----------------------------------

HOSTILE_SEGMENTS = ["..%2Falice", "%2e%2e", "..", "%2e%2e%2f%2e%2e", "res%00net", "%00", "alice%2Fresnet"]
HOSTILE_SEGMENTS += ["%c0%ae%c0%ae", "res\u200fnet", "%E2%80%AEresnet", "\uff52\uff45\uff53\uff4e\uff45\uff54"]


@pytest.mark.parametrize("segment", HOSTILE_SEGMENTS)
@pytest.mark.parametrize(
    "template",
    [
        "/v1alpha/namespaces/{s}/models/resnet",
        "/v1alpha/namespaces/alice/models/{s}",
        "/v1alpha/namespaces/alice/models/{s}/image",
        "/v1alpha/namespaces/{s}/models",
        "/v1alpha/model-definitions/{s}",
        "/namespaces/{s}/models/resnet/",
        "/namespaces/alice/models/{s}/",
        "/namespaces/alice/models/{s}/edit/",
        "/namespaces/alice/models/{s}/history/",
        "/namespaces/{s}/models/new/",
    ],
)
def test_traversal_and_encoded_slashes_in_ids_are_404(client, alice, aimodel, template, segment):
    """Hostile names are simply not found; on the pages a NUL is refused (400) before any view."""
    client.force_login(alice)
    response = client.get(template.format(s=segment))
    api = template.startswith("/v1alpha/")
    status = 400 if "%00" in segment and not api else 404
    assert response.status_code == status, (template, segment, response.status_code)
    if api:
        assert response.json()["code"] == 5
    elif status == 400:
        assert "NUL character" in response.content.decode()


@pytest.mark.parametrize("url", ["/?q=%00", "/?namespace=%00", "/hardware-options/?region=%00", "/moderation/?q=%00"])
def test_a_nul_in_a_page_query_string_is_400_with_a_clear_message(client, alice, aimodel, url):
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert response["X-Content-Type-Options"] == "nosniff" and "Content-Security-Policy" in response


@pytest.mark.parametrize("segment", HOSTILE_SEGMENTS)
def test_a_patch_to_a_hostile_path_is_404_and_changes_nothing(client, alice, aimodel, segment):
    before = snapshot(aimodel)
    response = patch_json(client, f"/v1alpha/namespaces/alice/models/{segment}", {"description": "x"}, bearer(alice))
    assert (response.status_code, response.json()["code"]) == (404, 5)
    assert snapshot(aimodel) == before


API_NUL_QUERIES = ["filter=%00", 'filter=q%3D"%00"', "page_token=%00", "order_by=%00", "visibility=%00"]


@pytest.mark.parametrize("query", API_NUL_QUERIES)
def test_a_nul_in_an_api_query_string_is_never_a_500(client, alice, aimodel, query):
    response = client.get(f"/v1alpha/namespaces/alice/models?{query}", headers=bearer(alice))
    assert response.status_code in (200, 400) and response["Content-Type"] == "application/json"
