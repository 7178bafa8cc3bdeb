"""proto3 JSON as Instill's gateway reads it: enum numbers, zero values as defaults, paged
definitions, and If-Match lists (RFC 9110)."""

import json

import pytest

from modelhub.api.etags import entity_tags, if_match_allows
from tests.api_support import assert_status, bearer, model_url, patch_json
from tests.factories import ModelDefinitionFactory
from tests.support import snapshot

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("body", "stored"),
    [
        ({"task": 2}, {"task": "TASK_DETECTION"}),
        ({"task": 16}, {"task": "TASK_CUSTOM"}),
        ({"visibility": 1}, {"visibility": "VISIBILITY_PRIVATE"}),
        ({"task": "TASK_OCR", "visibility": 2}, {"task": "TASK_OCR", "visibility": "VISIBILITY_PUBLIC"}),
    ],
)
def test_patch_takes_enum_numbers(client, alice, aimodel, body, stored):
    if body.get("visibility") == 2:
        patch_json(client, model_url(aimodel), {"visibility": "VISIBILITY_PRIVATE"}, bearer(alice))
    model = assert_status(patch_json(client, model_url(aimodel), body, bearer(alice)), 200).json()["model"]
    assert {key: model[key] for key in stored} == stored
    again = client.get(model_url(aimodel), headers=bearer(alice)).json()["model"]
    assert {key: again[key] for key in stored} == stored


@pytest.mark.parametrize(
    "body",
    [{"task": 0}, {"task": 8}, {"task": 99}, {"task": True}, {"visibility": 0}, {"visibility": 3}, {"task": "2"}],
)
def test_patch_refuses_numbers_that_name_no_value(client, alice, aimodel, body):
    before = snapshot(aimodel)
    assert_status(patch_json(client, model_url(aimodel), body, bearer(alice)), 400, 3)
    assert snapshot(aimodel) == before


@pytest.mark.parametrize(
    ("view", "full"), [("VIEW_UNSPECIFIED", False), ("0", False), ("1", False), ("", False), ("2", True)]
)
def test_get_view_by_name_or_number_zero_is_the_default(client, aimodel, view, full):
    model = assert_status(client.get(model_url(aimodel) + f"?view={view}"), 200).json()["model"]
    assert ("configuration" in model) is full


@pytest.mark.parametrize("view", ["3", "-1", "VIEW_HUGE", "view_full"])
def test_get_refuses_other_views(client, aimodel, view):
    assert_status(client.get(model_url(aimodel) + f"?view={view}"), 400, 3)


def test_list_visibility_by_number_and_page_size_zero_is_the_default(client, alice, aimodel, private_model):
    headers = bearer(alice)
    private = client.get("/v1alpha/namespaces/acme/models?visibility=1", headers=headers).json()["models"]
    assert [m["id"] for m in private] == ["secret"]
    assert client.get("/v1alpha/namespaces/acme/models?visibility=2", headers=headers).json()["models"] == []
    assert len(client.get("/v1alpha/namespaces/acme/models?visibility=0", headers=headers).json()["models"]) == 1
    assert assert_status(client.get("/v1alpha/namespaces/alice/models?page_size=0"), 200).json()["totalSize"] == 1
    assert_status(client.get("/v1alpha/namespaces/alice/models?visibility=3"), 400, 3)


def test_model_definitions_are_paged_in_id_order(client, db):
    for definition_id in ("delta", "alpha", "echo", "charlie", "bravo"):
        ModelDefinitionFactory(definition_id=definition_id)
    first = assert_status(client.get("/v1alpha/model-definitions?page_size=2"), 200).json()
    assert [d["id"] for d in first["modelDefinitions"]] == ["alpha", "bravo"] and first["totalSize"] == 5
    second = client.get(f"/v1alpha/model-definitions?page_size=2&page_token={first['nextPageToken']}").json()
    assert [d["id"] for d in second["modelDefinitions"]] == ["charlie", "delta"] and second["totalSize"] == 5
    last = client.get(f"/v1alpha/model-definitions?page_size=2&page_token={second['nextPageToken']}").json()
    assert [d["id"] for d in last["modelDefinitions"]] == ["echo"] and last["nextPageToken"] == ""
    everything = client.get("/v1alpha/model-definitions?page_size=0&view=VIEW_FULL").json()
    assert len(everything["modelDefinitions"]) == 5 and everything["nextPageToken"] == ""


@pytest.mark.parametrize("query", ["page_size=101", "page_size=-1", "page_size=", "page_token=forged", "view=7"])
def test_model_definitions_refuse_bad_parameters(client, container, query):
    assert_status(client.get(f"/v1alpha/model-definitions?{query}"), 400, 3)


# --- If-Match ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "tags"),
    [
        ('"a"', [(False, '"a"')]),
        ('"a", W/"b" ,"c"', [(False, '"a"'), (True, '"b"'), (False, '"c"')]),
        ('"a",,', [(False, '"a"')]),
        (', "a" ,, W/"b"', [(False, '"a"'), (True, '"b"')]),  # RFC 9110: empty list elements are allowed
        ('"a,b"', [(False, '"a,b"')]),
        ("a", None),
        ('"a" "b"', None),
        ('"a', None),
        ("*", None),
        ("", None),
    ],
)
def test_if_match_lists_parse_as_rfc_9110_says(header, tags):
    assert entity_tags(header) == tags


@pytest.mark.parametrize(
    ("header", "allowed"),
    [
        (None, True),
        ("*", True),
        (' "x" , "current" ', True),
        ('W/"current"', False),  # If-Match compares strongly
        ('"x", "y"', False),
        ("current", False),
        ("", False),
    ],
)
def test_if_match_allows_only_a_strong_match_or_star(header, allowed):
    assert if_match_allows(header, '"current"') is allowed


def test_patch_with_an_if_match_list_naming_the_current_etag_writes(client, alice, aimodel):
    headers = {**bearer(alice), "If-Match": f'"0", W/{aimodel.etag}, {aimodel.etag}'}
    model = assert_status(patch_json(client, model_url(aimodel), {"description": "listed"}, headers), 200)
    assert model.json()["model"]["description"] == "listed"


def test_patch_with_an_if_match_list_of_stale_etags_is_412_and_changes_nothing(client, alice, aimodel):
    before = snapshot(aimodel)
    headers = {**bearer(alice), "If-Match": f'"0", W/{aimodel.etag}'}
    response = assert_status(patch_json(client, model_url(aimodel), {"description": "x"}, headers), 412, 9)
    assert response["ETag"] == aimodel.etag and snapshot(aimodel) == before


@pytest.mark.parametrize("header", ["current", "", "  ", '"a" "b"', '"a', "W/", '"a", *', "**", '"a";"b"'])
@pytest.mark.parametrize("method", ["PATCH", "DELETE", "POST"])
def test_a_malformed_if_match_is_400_naming_the_header_and_changes_nothing(client, alice, aimodel, header, method):
    """Not a list of ETags (the header's documented pattern): a bad request, not a stale version."""
    before = snapshot(aimodel)
    body = {"PATCH": {"description": "x"}, "POST": {"newModelId": "renamed"}, "DELETE": None}[method]
    url = model_url(aimodel, "/rename" if method == "POST" else "")
    data = "" if body is None else json.dumps(body)
    headers = {**bearer(alice), "If-Match": header}
    response = assert_status(client.generic(method, url, data, "application/json", headers=headers), 400, 3)
    violations = response.json()["details"][0]["fieldViolations"]
    assert [v["field"] for v in violations] == ["If-Match"] and "ETag" not in response
    assert snapshot(aimodel) == before
