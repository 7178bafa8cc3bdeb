"""Raw bounds on a PATCH body (modelhub/api/limits.py), checked before anything walks it.

Findings M1 (a 15 MB configuration cost seconds of CPU in walks before the 100 KB limit
refused it) and M2 (a body of a million unknown keys got a 74 MB error answer). The proof is
on calls and memory, never on time: an oversized body never reaches the JSON parser or the
walks after it, and every error answer stays a few kilobytes.
"""

import base64
import json
import random
import tracemalloc
from unittest import mock

import pytest

from modelhub.api import limits
from modelhub.api import patch as api_patch
from tests.api_support import assert_status, bearer, model_url, patch_json
from tests.factories import ModelDefinitionFactory
from tests.support import snapshot

pytestmark = pytest.mark.django_db

MEGABYTE = 1024 * 1024


def compact(value) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def million_keys() -> bytes:
    """1.15 M keys in ~14 MB, as in the finding (repeated keys: the scan counts, it never parses)."""
    return b"{" + b'"unknown":0,' * 1_150_000 + b'"last":0}'


@pytest.fixture
def open_model(aimodel):
    ModelDefinitionFactory(definition_id="open", model_spec={"type": "object"})
    type(aimodel).objects.filter(pk=aimodel.pk).update(model_definition_id="open")
    aimodel.refresh_from_db()
    return aimodel


@pytest.fixture
def walks():
    """Spies on the parser and on every walk after it (they must not run for a refused body)."""
    with (
        mock.patch.object(api_patch, "json", wraps=json) as parser,
        mock.patch.object(api_patch, "_has_lone_surrogate", wraps=api_patch._has_lone_surrogate) as surrogates,
        mock.patch("modelhub.services.aimodels.normalize_changes") as normalize,
        mock.patch("modelhub.rules.aimodel.configuration_errors") as configuration,
    ):
        yield lambda: {
            "json.loads": parser.loads.call_count,
            "surrogates": surrogates.call_count,
            "normalize": normalize.call_count,
            "configuration": configuration.call_count,
        }


NOTHING_WALKED = {"json.loads": 0, "surrogates": 0, "normalize": 0, "configuration": 0}


# --- bad input first: refused on the raw bytes ---------------------------------------------


def test_a_million_unknown_keys_are_refused_unparsed_with_a_small_answer(client, alice, aimodel, walks):
    body = million_keys()
    before = snapshot(aimodel)
    tracemalloc.start()
    try:
        response = patch_json(client, model_url(aimodel), body, bearer(alice))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert_status(response, 413, 3)
    assert "more than 100,000 JSON keys and values" in response.json()["message"]
    assert len(response.content) < 8 * 1024
    assert walks() == NOTHING_WALKED
    # The body itself is ~14 MB and the test client copies it; parsing it took ~600 MB.
    assert peak < 3 * len(body) + 20 * MEGABYTE, peak
    assert snapshot(aimodel) == before


def test_a_million_keys_on_a_model_that_does_not_exist_get_the_same_small_answer(client, alice, alice_ns):
    response = patch_json(client, "/v1alpha/namespaces/alice/models/nothing", million_keys(), bearer(alice))
    assert_status(response, 413, 3)
    assert len(response.content) < 8 * 1024


def test_a_configuration_of_a_million_keys_is_refused_unparsed_as_a_configuration_error(
    client, alice, open_model, walks
):
    before = snapshot(open_model)
    body = b'{"description":"new","configuration":{' + b'"k":"v",' * 1_000_000 + b'"k":"v"}}'
    response = assert_status(patch_json(client, model_url(open_model), body, bearer(alice)), 400, 3)
    violations = response.json()["details"][0]["fieldViolations"]
    assert [v["field"] for v in violations] == ["configuration"]
    assert "at most 100,000 bytes" in violations[0]["description"]
    assert walks() == NOTHING_WALKED
    assert snapshot(open_model) == before


def test_a_configuration_of_one_huge_string_is_refused_unparsed(client, alice, open_model, walks):
    before = snapshot(open_model)
    body = compact({"configuration": {"a": "x" * (14 * MEGABYTE)}})
    response = assert_status(patch_json(client, model_url(open_model), body, bearer(alice)), 400, 3)
    assert "bytes of JSON text" in response.json()["message"]
    assert walks() == NOTHING_WALKED
    assert snapshot(open_model) == before


def test_a_configuration_key_spelled_with_escapes_is_still_measured(client, alice, open_model, walks):
    key = "".join(f"\\u{ord(c):04x}" for c in "configuration")
    body = b'{"' + key.encode() + b'": {"a": "' + b"x" * (2 * MEGABYTE) + b'"}}'
    response = assert_status(patch_json(client, model_url(open_model), body, bearer(alice)), 400, 3)
    assert "bytes of JSON text" in response.json()["message"] and walks()["json.loads"] == 0


def test_a_body_of_backslash_escapes_is_refused_before_any_string_is_scanned(client, alice, aimodel, walks):
    body = b'{"description": "' + b'\\"' * (3 * MEGABYTE) + b'"}'
    response = assert_status(patch_json(client, model_url(aimodel), body, bearer(alice)), 413, 3)
    assert "backslash escapes" in response.json()["message"] and walks() == NOTHING_WALKED


def test_nesting_deeper_than_the_bound_is_refused_unparsed(client, alice, aimodel, walks):
    body = b'{"configuration": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    response = assert_status(patch_json(client, model_url(aimodel), body, bearer(alice)), 400, 3)
    assert "nested too deeply" in response.json()["message"] and walks()["json.loads"] == 0


def test_thirty_thousand_unknown_fields_list_twenty_and_count_the_rest(client, alice, aimodel):
    body = compact({"description": "new", **{f"unknown{i}": 1 for i in range(30_000)}})
    before = snapshot(aimodel)
    response = assert_status(patch_json(client, model_url(aimodel), body, bearer(alice)), 400, 3)
    answer = response.json()
    assert len(response.content) < 8 * 1024
    assert [v["field"] for v in answer["details"][0]["fieldViolations"]] == [f"unknown{i}" for i in range(20)]
    assert answer["message"].endswith("(and 29,980 more)")
    assert snapshot(aimodel) == before


def test_an_update_mask_of_thousands_of_unknown_names_is_capped(client, alice, aimodel):
    mask = ",".join(f"bogus{i}" for i in range(5000))
    response = patch_json(client, model_url(aimodel), {"description": "x"}, bearer(alice), query=f"?update_mask={mask}")
    assert_status(response, 400, 3)
    assert len(response.content) < 8 * 1024 and response.json()["message"].endswith("(and 4,980 more)")


# --- what a client really sends still passes -------------------------------------------------


def test_a_ten_megabyte_image_body_passes_the_scan():
    body = compact({"profileImage": "data:image/png;base64," + "QUJD" * (10 * MEGABYTE // 3), "description": "x"})
    assert len(body) > 13 * MEGABYTE
    limits.check_json_body(body)  # no refusal: only its size counts, and it is within the limit


def test_an_image_written_with_escaped_slashes_passes_the_scan():
    # Some encoders (PHP's json_encode) write "/" as "\/": a base64 image is full of them.
    uri = "data:image/png;base64," + base64.b64encode(random.Random(0).randbytes(10 * MEGABYTE)).decode()
    limits.check_json_body(compact({"profileImage": uri}).replace(b"/", b"\\/"))


def test_a_configuration_at_the_rules_limit_reaches_the_rules(client, alice, open_model):
    configuration = {f"k{i}": i for i in range(6600)}  # ~96 KB, 19,800 tokens
    assert len(json.dumps(configuration)) < 100_000
    response = patch_json(client, model_url(open_model), {"configuration": configuration}, bearer(alice))
    assert_status(response, 200)
    open_model.refresh_from_db()
    assert open_model.configuration == configuration


def test_a_pretty_printed_configuration_over_the_compact_limit_gets_the_rules_message(client, alice, open_model):
    configuration = {f"key{i:05}": "v" * 20 for i in range(4000)}  # ~130 KB compact
    body = json.dumps({"configuration": configuration}, indent=4).encode()
    assert len(body) < limits.MAX_CONFIGURATION_RAW_BYTES
    response = assert_status(patch_json(client, model_url(open_model), body, bearer(alice)), 400, 3)
    assert "at most 100,000 are allowed" in response.json()["message"]


def test_an_update_mask_repeating_one_unknown_name_reports_it_once(client, alice, aimodel):
    before = snapshot(aimodel)
    mask = "?update_mask=" + "a," * 3000
    response = patch_json(client, model_url(aimodel), {"description": "x"}, bearer(alice), query=mask)
    assert_status(response, 400, 3)
    answer = response.json()
    assert answer["message"] == "update mask error: 'a': Unknown field."
    assert len(answer["details"][0]["fieldViolations"]) == 1
    assert snapshot(aimodel) == before
