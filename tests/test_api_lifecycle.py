"""Create, rename, lookUp, the list across namespaces, the health probes: what each answers,
bad input first, and what is stored afterwards (read back through the API)."""

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.db import DatabaseError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from modelhub.models import AIModel, AuditEntry, Visibility
from modelhub.services import aimodels_purge_deleted
from tests.api_support import assert_status, bearer, model_url
from tests.factories import AIModelFactory
from tests.images_support import png_data_uri
from tests.support import snapshot

pytestmark = pytest.mark.django_db

CREATE = {
    "id": "yolo",
    "description": "Detects things.",
    "modelDefinition": "model-definitions/container",
    "configuration": {},
    "task": "TASK_DETECTION",
    "visibility": "VISIBILITY_PUBLIC",
    "region": "REGION_LOCAL",
    "hardware": "GPU",
}


def post(client, url: str, body, headers=None):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json", headers=headers or {})


# --- create --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id": ""}, "id"),
        ({"id": "1-starts-with-a-digit"}, "id"),
        ({"id": "new"}, "id"),
        ({"modelDefinition": "model-definitions/nope"}, "modelDefinition"),
        ({"configuration": {"x": 1}}, "configuration"),
        ({"task": "TASK_DREAMING"}, "task"),
        ({"task": 99}, "task"),
        ({"visibility": None}, "visibility"),
        ({"region": "REGION_MARS"}, "region"),
        ({"region": "REGION_GCP_EUROPE_WEST4", "hardware": "GPU"}, "hardware"),
        ({"colour": "red"}, "colour"),
        ({"sourceUrl": "javascript:alert(1)"}, "sourceUrl"),
        ({"profileImage": "data:image/png;base64,AAAA"}, "profileImage"),
    ],
)
def test_create_refuses_bad_input_naming_the_field_and_stores_nothing(
    client, alice, alice_ns, container, change, field
):
    body = {**CREATE, **change}
    response = assert_status(post(client, "/v1alpha/namespaces/alice/models", body, bearer(alice)), 400, 3)
    violations = response.json()["details"][0]["fieldViolations"]
    assert field in {v["field"] for v in violations}, violations
    assert not AIModel.objects.filter(namespace=alice_ns).exists()


@pytest.mark.parametrize(
    "missing", ["id", "modelDefinition", "configuration", "task", "visibility", "region", "hardware"]
)
def test_create_without_a_required_field_is_400(client, alice, alice_ns, container, missing):
    body = {k: v for k, v in CREATE.items() if k != missing}
    response = assert_status(post(client, "/v1alpha/namespaces/alice/models", body, bearer(alice)), 400, 3)
    assert missing in {v["field"] for v in response.json()["details"][0]["fieldViolations"]}
    assert not AIModel.objects.filter(namespace=alice_ns).exists()


def test_create_refuses_bodies_that_are_not_a_json_model(client, alice, alice_ns, container):
    url, headers = "/v1alpha/namespaces/alice/models", bearer(alice)
    assert_status(post(client, url, "[1, 2]", headers), 400, 3)
    assert_status(post(client, url, "{", headers), 400, 3)
    response = client.post(url, data="id=x", content_type="application/x-www-form-urlencoded", headers=headers)
    assert_status(response, 415, 3)
    assert not AIModel.objects.filter(namespace=alice_ns).exists()


def test_create_answers_200_with_the_full_model_and_stores_it(client, alice, alice_ns, container):
    body = {**CREATE, "profileImage": png_data_uri(), "name": "ignored", "createTime": "ignored"}
    response = assert_status(post(client, "/v1alpha/namespaces/alice/models", body, bearer(alice)), 200)
    model = response.json()["model"]
    assert response["Location"] == "/v1alpha/namespaces/alice/models/yolo"
    assert model["name"] == "namespaces/alice/models/yolo" and model["task"] == "TASK_DETECTION"
    assert model["configuration"] == {} and model["profileImage"].startswith("data:image/")
    assert model["owner"]["user"]["id"] == "alice" and model["deleteTime"] is None and model["tags"] == []
    assert response["ETag"] == AIModel.objects.get(uid=model["uid"]).etag
    stored = client.get("/v1alpha/namespaces/alice/models/yolo?view=VIEW_FULL", headers=bearer(alice))
    assert assert_status(stored, 200).json()["model"] == model and model["permission"]["canEdit"] is True
    entry = AuditEntry.objects.get(aimodel_id=model["uid"])
    assert entry.action == "create" and entry.source == "api" and entry.actor == alice


def test_create_takes_snake_case_keys_and_proto_enum_numbers(client, alice, alice_ns, container):
    body = {k: v for k, v in CREATE.items() if k != "modelDefinition"}
    body |= {"model_definition": "container", "task": 2, "visibility": 1, "source_url": "https://example.com/yolo"}
    model = assert_status(post(client, "/v1alpha/namespaces/alice/models", body, bearer(alice)), 200).json()["model"]
    assert (model["task"], model["visibility"]) == ("TASK_DETECTION", "VISIBILITY_PRIVATE")
    assert model["sourceUrl"] == "https://example.com/yolo"


def test_create_with_the_same_key_in_both_spellings_is_400(client, alice, alice_ns, container):
    body = {**CREATE, "model_definition": "container"}
    assert_status(post(client, "/v1alpha/namespaces/alice/models", body, bearer(alice)), 400, 3)


def test_create_with_a_taken_id_is_409_already_exists(client, alice, aimodel):
    before = snapshot(aimodel)
    response = post(client, "/v1alpha/namespaces/alice/models", {**CREATE, "id": "resnet"}, bearer(alice))
    assert_status(response, 409, 6)
    assert snapshot(aimodel) == before and AIModel.objects.count() == 1


# --- rename --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"newModelId": ""},
        {"newModelId": "9lives"},
        {"newModelId": 7},
        {"newModelId": "a" * 64},
        {"newModelId": "x", "id": "y"},
    ],
)
def test_rename_refuses_bad_bodies_and_changes_nothing(client, alice, aimodel, body):
    before = snapshot(aimodel)
    assert_status(post(client, model_url(aimodel, "/rename"), body, bearer(alice)), 400, 3)
    assert snapshot(aimodel) == before


def test_rename_to_a_taken_id_is_409_already_exists(client, alice, alice_ns, aimodel, container):
    AIModelFactory(namespace=alice_ns, model_id="other", model_definition=container)
    before = snapshot(aimodel)
    assert_status(post(client, model_url(aimodel, "/rename"), {"newModelId": "OTHER"}, bearer(alice)), 409, 6)
    assert snapshot(aimodel) == before


def test_rename_with_a_stale_if_match_is_412(client, alice, aimodel):
    before = snapshot(aimodel)
    headers = {**bearer(alice), "If-Match": '"stale"'}
    assert_status(post(client, model_url(aimodel, "/rename"), {"newModelId": "resnet-2"}, headers), 412, 9)
    assert snapshot(aimodel) == before


@pytest.mark.parametrize("key", ["newModelId", "new_model_id"])
def test_rename_answers_the_model_under_its_new_name(client, alice, aimodel, key):
    headers = {**bearer(alice), "If-Match": f'"nope", {aimodel.etag}'}
    response = assert_status(post(client, model_url(aimodel, "/rename"), {key: "resnet-2"}, headers), 200)
    model = response.json()["model"]
    assert model["name"] == "namespaces/alice/models/resnet-2" and model["uid"] == str(aimodel.uid)
    assert "configuration" in model  # VIEW_FULL, as after a PATCH
    stored = assert_status(client.get("/v1alpha/namespaces/alice/models/resnet-2"), 200).json()["model"]
    assert stored["uid"] == str(aimodel.uid) and response["ETag"] == AIModel.objects.get(uid=aimodel.uid).etag


# --- lookUp and the list across namespaces ---------------------------------------------


@pytest.mark.parametrize(
    "uid", ["nope", "00000000-0000-0000-0000-00000000000", "0" * 32, "{00000000-0000-0000-0000-000000000000}"]
)
def test_look_up_refuses_what_is_not_a_uuid(client, aimodel, uid):
    assert_status(client.get(f"/v1alpha/models/{uid}/lookUp"), 400, 3)


def test_look_up_of_an_unknown_uid_is_404(client, aimodel):
    assert_status(client.get("/v1alpha/models/00000000-0000-0000-0000-000000000000/lookUp"), 404, 5)


@pytest.mark.parametrize(
    ("view", "full"), [("", False), ("VIEW_UNSPECIFIED", False), ("1", False), ("2", True), ("VIEW_FULL", True)]
)
def test_look_up_answers_the_model_in_the_view_asked(client, aimodel, view, full):
    response = assert_status(client.get(f"/v1alpha/models/{aimodel.uid}/lookUp?view={view}"), 200)
    assert response.json()["model"]["name"] == "namespaces/alice/models/resnet"
    assert ("configuration" in response.json()["model"]) is full
    assert response["ETag"] == aimodel.etag


def test_list_all_pages_filters_and_orders_across_namespaces(client, alice, alice_ns, acme, container):
    for i in range(3):
        AIModelFactory(namespace=alice_ns, model_id=f"cat-{i}", model_definition=container)
        AIModelFactory(namespace=acme, model_id=f"dog-{i}", model_definition=container)
    AIModelFactory(namespace=acme, model_id="dog-secret", visibility=Visibility.PRIVATE, model_definition=container)
    anonymous = client.get("/v1alpha/models?order_by=id&page_size=4").json()
    assert [m["id"] for m in anonymous["models"]] == ["cat-0", "cat-1", "cat-2", "dog-0"]
    assert anonymous["totalSize"] == 6
    rest = client.get(f"/v1alpha/models?order_by=id&page_size=4&page_token={anonymous['nextPageToken']}").json()
    assert [m["id"] for m in rest["models"]] == ["dog-1", "dog-2"] and rest["nextPageToken"] == ""
    mine = client.get('/v1alpha/models?filter=q="dog"&visibility=1', headers=bearer(alice)).json()
    assert [m["name"] for m in mine["models"]] == ["namespaces/acme/models/dog-secret"]
    assert all("configuration" not in m for m in anonymous["models"])


@pytest.mark.parametrize(
    "query", ["page_size=101", "page_size=", "view=VIEW_HUGE", "view=3", "order_by=name", "filter=x"]
)
def test_list_all_refuses_bad_parameters(client, aimodel, query):
    assert_status(client.get(f"/v1alpha/models?{query}"), 400, 3)


# --- health --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/v1alpha/__liveness", "/v1alpha/health/model", "/v1alpha/__readiness", "/v1alpha/ready/model"]
)
def test_health_probes_answer_serving(client, path):
    response = assert_status(client.get(path), 200)
    assert response.json() == {"healthCheckResponse": {"status": "SERVING_STATUS_SERVING"}}


def test_readiness_answers_503_not_serving_without_the_database(client):
    with mock.patch("modelhub.api.health.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/v1alpha/__readiness")
        live = client.get("/v1alpha/__liveness")
    assert response.status_code == 503
    assert response.json() == {"healthCheckResponse": {"status": "SERVING_STATUS_NOT_SERVING"}}
    assert live.status_code == 200


def test_health_probes_refuse_other_methods(client):
    assert_status(client.post("/v1alpha/__liveness"), 405, 12)


# --- delete --------------------------------------------------------------------------


def delete(client, url: str, headers=None):
    return client.delete(url, headers=headers or {})


def test_delete_answers_empty_and_the_model_leaves_every_read(client, alice, aimodel):
    response = assert_status(delete(client, model_url(aimodel), {**bearer(alice), "If-Match": aimodel.etag}), 200)
    assert response.json() == {}
    headers = bearer(alice)
    for url in (model_url(aimodel), model_url(aimodel, "/image"), f"/v1alpha/models/{aimodel.uid}/lookUp"):
        assert_status(client.get(url, headers=headers), 404, 5)
    assert client.get("/v1alpha/namespaces/alice/models", headers=headers).json()["totalSize"] == 0
    assert client.get("/v1alpha/models", headers=headers).json()["totalSize"] == 0
    assert client.get('/v1alpha/models?filter=q="resnet"', headers=headers).json()["models"] == []
    stored = AIModel.objects.get(uid=aimodel.uid)
    assert stored.delete_time is not None
    assert AuditEntry.objects.filter(aimodel=stored, action="delete", source="api", actor=alice).count() == 1
    assert_status(delete(client, model_url(aimodel), headers), 404, 5)  # once gone, gone


def test_delete_with_a_stale_if_match_is_412_and_deletes_nothing(client, alice, aimodel):
    before = snapshot(aimodel)
    assert_status(
        delete(client, model_url(aimodel), {**bearer(alice), "If-Match": '"stale", W/' + aimodel.etag}), 412, 9
    )
    assert snapshot(aimodel) == before


def test_a_deleted_models_id_stays_taken_until_it_is_purged(client, alice, aimodel, superuser):
    assert_status(delete(client, model_url(aimodel), bearer(alice)), 200)
    response = post(client, "/v1alpha/namespaces/alice/models", {**CREATE, "id": "ResNet"}, bearer(alice))
    assert_status(response, 409, 6)
    aimodels_purge_deleted(older_than=timedelta(0), actor=superuser, source="admin")
    assert_status(post(client, "/v1alpha/namespaces/alice/models", {**CREATE, "id": "resnet"}, bearer(alice)), 200)


def test_after_a_rename_the_old_api_name_resolves_until_a_new_model_takes_it(client, alice, aimodel):
    assert_status(post(client, model_url(aimodel, "/rename"), {"newModelId": "resnet-2"}, bearer(alice)), 200)
    old = assert_status(client.get("/v1alpha/namespaces/alice/models/resnet"), 200).json()["model"]
    assert old["name"] == "namespaces/alice/models/resnet-2"
    created = post(client, "/v1alpha/namespaces/alice/models", {**CREATE, "id": "resnet"}, bearer(alice))
    assert assert_status(created, 200).json()["model"]["uid"] != str(aimodel.uid)
    now = client.get("/v1alpha/namespaces/alice/models/resnet").json()["model"]
    assert now["uid"] == created.json()["model"]["uid"]
    assert client.get("/v1alpha/namespaces/alice/models/resnet-2").json()["model"]["uid"] == str(aimodel.uid)


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [("DELETE", "", None), ("POST", "/rename", {"newModelId": "renamed"}), ("POST", "-create", CREATE)],
)
def test_session_writes_need_the_csrf_token(alice, aimodel, method, suffix, body):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    url = "/v1alpha/namespaces/alice/models" if suffix == "-create" else model_url(aimodel, suffix)
    data = json.dumps(body) if body is not None else ""
    before = snapshot(aimodel)
    refused = browser.generic(method, url, data=data, content_type="application/json")
    assert_status(refused, 403, 7)
    assert snapshot(aimodel) == before and AIModel.objects.count() == 1
    browser.get("/")  # the page sets the csrftoken cookie
    token = browser.cookies["csrftoken"].value
    accepted = browser.generic(method, url, data=data, content_type="application/json", headers={"X-CSRFToken": token})
    assert accepted.status_code == 200, accepted.content[:300]


# --- query budgets -------------------------------------------------------------------


def test_list_all_costs_the_same_queries_whatever_the_page_size(
    client, alice, alice_ns, acme, container, django_assert_num_queries
):
    for i in range(12):
        AIModelFactory(namespace=alice_ns if i % 2 else acme, model_id=f"m-{i}", model_definition=container)
    for size in (1, 12):
        # (the planner's estimate on PostgreSQL: modelhub.paging,) count + page, no image or README loaded
        with django_assert_num_queries(2 + (connection.vendor == "postgresql")):
            assert len(client.get(f"/v1alpha/models?page_size={size}").json()["models"]) == size
    headers = bearer(alice)
    client.get("/v1alpha/models", headers=headers)  # the token's first use also touches it
    counts = []
    for size in (1, 12):
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get(f"/v1alpha/models?page_size={size}", headers=headers).json()["models"]) == size
        counts.append(len(queries))
    # token, (estimate or public rows' count,) count, page, the request log's insert (and its pruning)
    assert counts[0] == counts[1] <= 7


def test_look_up_is_one_query_for_anonymous_callers(client, aimodel, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert_status(client.get(f"/v1alpha/models/{aimodel.uid}/lookUp"), 200)
