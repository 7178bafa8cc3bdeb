"""Create, rename and delete through the API: what each answers, bad input first, and what is stored
afterwards (read back through the API); session writes need the CSRF token."""

import json
from datetime import timedelta

import pytest
from django.test import Client

from modelhub.models import AIModel, AuditEntry
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
