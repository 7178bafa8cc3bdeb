"""POST /v1alpha/namespaces/{ns}/models/{id}/transfer: moving a model to another namespace, bad
input first (each refusal leaves the model, its aliases and its history as they were), then
what the move answers and how the old name keeps resolving."""

import json

import pytest

from modelhub.models import AIModel, AIModelAlias, AuditAction, AuditEntry, Role, Visibility
from modelhub.services import aimodel_delete, aimodel_hide
from tests.api_support import assert_status, bearer, model_url
from tests.factories import AIModelFactory, MembershipFactory, user_with_namespace
from tests.support import snapshot

pytestmark = pytest.mark.django_db


def post(client, url: str, body, headers=None):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json", headers=headers or {})


def transfer(client, aimodel, body, headers):
    return post(client, model_url(aimodel, "/transfer"), body, headers)


def unchanged(aimodel):
    return snapshot(aimodel), AIModelAlias.objects.count()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "namespaceId"),
        ({"newModelId": "x"}, "namespaceId"),
        ({"namespaceId": 7}, "namespaceId"),
        ({"namespaceId": "acme", "namespace_id": "acme"}, "namespaceId"),
        ({"namespaceId": "not a namespace"}, "namespaceId"),
        ({"namespaceId": "acme", "newModelId": None}, "newModelId"),
        ({"namespaceId": "acme", "newModelId": "1-digit-first"}, "id"),
        ({"namespaceId": "acme", "newModelId": "new"}, "id"),
        ({"namespaceId": "acme", "colour": "red"}, "colour"),
    ],
)
def test_transfer_refuses_bad_bodies_and_changes_nothing(client, alice, acme, aimodel, body, field):
    before = unchanged(aimodel)
    response = assert_status(transfer(client, aimodel, body, bearer(alice)), 400, 3)
    assert field in {v["field"] for v in response.json()["details"][0]["fieldViolations"]}
    assert unchanged(aimodel) == before


def test_transfer_of_a_body_that_is_not_json_is_400(client, alice, acme, aimodel):
    before = unchanged(aimodel)
    assert_status(transfer(client, aimodel, "{not json", bearer(alice)), 400, 3)
    assert unchanged(aimodel) == before


def test_transfer_onto_a_taken_id_is_409_already_exists(client, alice, acme, aimodel, container):
    AIModelFactory(namespace=acme, model_id="RESNET", model_definition=container)
    before = unchanged(aimodel)
    response = assert_status(transfer(client, aimodel, {"namespaceId": "acme"}, bearer(alice)), 409, 6)
    assert "RESNET" in response.json()["message"] or "resnet" in response.json()["message"]
    assert unchanged(aimodel) == before


def test_transfer_onto_the_id_of_a_deleted_model_is_409(client, alice, acme, aimodel, container):
    held = AIModelFactory(namespace=acme, model_id="kept", model_definition=container)
    aimodel_delete(aimodel=held, actor=alice, source="api")
    before = unchanged(aimodel)
    body = {"namespaceId": "acme", "newModelId": "kept"}
    assert_status(transfer(client, aimodel, body, bearer(alice)), 409, 6)
    assert unchanged(aimodel) == before


def test_transfer_to_a_namespace_where_the_caller_may_only_read_is_403(client, alice, acme, aimodel, container):
    """Alice is a viewer of `labs`, whose public model she may see: she knows it, may not create there."""
    labs = MembershipFactory(user=alice, role=Role.VIEWER, namespace__namespace_id="labs").namespace
    before = unchanged(aimodel)
    assert_status(transfer(client, aimodel, {"namespaceId": labs.namespace_id}, bearer(alice)), 403, 7)
    assert unchanged(aimodel) == before


def test_transfer_to_an_outsiders_namespace_with_public_models_is_403(client, alice, aimodel, container):
    _, bob_ns = user_with_namespace("bob")
    AIModelFactory(namespace=bob_ns, model_id="shown", model_definition=container)
    before = unchanged(aimodel)
    assert_status(transfer(client, aimodel, {"namespaceId": "bob"}, bearer(alice)), 403, 7)
    assert unchanged(aimodel) == before


@pytest.mark.parametrize("target", ["nowhere", "hidden-org"])
def test_transfer_to_a_namespace_the_caller_may_not_know_is_404_like_a_missing_one(
    client, alice, aimodel, container, target
):
    hidden = MembershipFactory(role=Role.OWNER, namespace__namespace_id="hidden-org").namespace
    AIModelFactory(namespace=hidden, model_id="private", visibility=Visibility.PRIVATE, model_definition=container)
    before = unchanged(aimodel)
    response = assert_status(transfer(client, aimodel, {"namespaceId": target}, bearer(alice)), 404, 5)
    assert response.json()["message"] == f"Namespace namespaces/{target} not found."
    assert unchanged(aimodel) == before


def test_transfer_into_its_own_namespace_is_409(client, alice, aimodel):
    before = unchanged(aimodel)
    response = assert_status(transfer(client, aimodel, {"namespaceId": "ALICE"}, bearer(alice)), 409, 6)
    assert "rename" in response.json()["message"]
    assert unchanged(aimodel) == before


def test_a_deleted_model_cannot_be_transferred(client, alice, acme, aimodel):
    aimodel_delete(aimodel=aimodel, actor=alice, source="api")
    before = unchanged(aimodel)
    assert_status(transfer(client, aimodel, {"namespaceId": "acme"}, bearer(alice)), 404, 5)
    assert unchanged(aimodel) == before


def test_a_hidden_model_cannot_be_transferred_by_its_owner(client, alice, acme, aimodel, moderator):
    aimodel_hide(aimodel=aimodel, actor=moderator, note="Spam")
    before = unchanged(aimodel)
    response = assert_status(transfer(client, aimodel, {"namespaceId": "acme"}, bearer(alice)), 400, 3)
    assert "hidden by moderators" in response.json()["message"]
    assert unchanged(aimodel) == before


def test_a_superuser_may_transfer_a_hidden_model(client, acme, aimodel, moderator, superuser):
    aimodel_hide(aimodel=aimodel, actor=moderator, note="Spam")
    response = assert_status(transfer(client, aimodel, {"namespaceId": "acme"}, bearer(superuser)), 200)
    assert response.json()["model"]["name"] == "namespaces/acme/models/resnet"


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [(None, 401, 16), ("bob", 403, 7), ("carol", 403, 7)],
)
def test_who_may_not_edit_the_model_may_not_transfer_it(client, request, acme, aimodel, who, status, code):
    headers = bearer(request.getfixturevalue(who)) if who else {}
    before = unchanged(aimodel)
    assert_status(transfer(client, aimodel, {"namespaceId": "acme"}, headers), status, code)
    assert unchanged(aimodel) == before


def test_a_private_model_is_404_to_an_outsider_who_tries_to_transfer_it(client, bob, private_model):
    _, bob_ns = user_with_namespace("bob")
    before = unchanged(private_model)
    assert_status(transfer(client, private_model, {"namespaceId": "bob"}, bearer(bob)), 404, 5)
    assert unchanged(private_model) == before


def test_transfer_with_a_stale_if_match_is_412(client, alice, acme, aimodel):
    before = unchanged(aimodel)
    headers = {**bearer(alice), "If-Match": '"0"'}
    assert_status(transfer(client, aimodel, {"namespaceId": "acme"}, headers), 412, 9)
    assert unchanged(aimodel) == before


@pytest.mark.parametrize(
    "body",
    [{"namespaceId": "acme", "newModelId": "resnet-acme"}, {"namespace_id": "acme", "new_model_id": "resnet-acme"}],
)
def test_transfer_answers_the_model_under_its_new_name_with_its_history(client, alice, acme, aimodel, body):
    entries_before = AuditEntry.objects.filter(aimodel=aimodel).count()
    response = assert_status(transfer(client, aimodel, body, bearer(alice)), 200)
    model = response.json()["model"]
    assert model["name"] == "namespaces/acme/models/resnet-acme"
    assert model["uid"] == str(aimodel.uid)
    assert model["ownerName"] == "organizations/acme"
    assert response["ETag"] == AIModel.objects.get(pk=aimodel.pk).etag
    stored = AIModel.objects.get(pk=aimodel.pk)
    assert (stored.namespace_id, stored.model_id) == (acme.pk, "resnet-acme")
    entries = AuditEntry.objects.filter(aimodel=aimodel)
    assert entries.count() == entries_before + 1
    latest = entries.order_by("-create_time", "-id").first()
    assert latest.action == AuditAction.TRANSFER and latest.source == "api" and latest.actor == alice
    assert latest.changes == {
        "namespace": {"old": "alice", "new": "acme"},
        "model_id": {"old": "resnet", "new": "resnet-acme"},
    }


def test_the_old_api_name_resolves_until_a_model_of_the_old_namespace_takes_it(client, alice, acme, aimodel):
    assert_status(transfer(client, aimodel, {"namespaceId": "acme"}, bearer(alice)), 200)
    old = client.get("/v1alpha/namespaces/alice/models/resnet")
    assert_status(old, 200)
    assert old.json()["model"]["name"] == "namespaces/acme/models/resnet"
    # a write through the old name reaches the model too
    patched = client.patch(
        "/v1alpha/namespaces/alice/models/resnet",
        data=json.dumps({"description": "Moved."}),
        content_type="application/json",
        headers=bearer(alice),
    )
    assert_status(patched, 200)
    assert AIModel.objects.get(pk=aimodel.pk).description == "Moved."
    created = AIModelFactory(namespace=aimodel.namespace, model_id="other", model_definition=aimodel.model_definition)
    renamed = post(client, model_url(created, "/rename"), {"newModelId": "resnet"}, bearer(alice))
    assert_status(renamed, 200)
    now = client.get("/v1alpha/namespaces/alice/models/resnet").json()["model"]
    assert now["uid"] == str(created.uid)
    assert not AIModelAlias.objects.filter(namespace__namespace_id="alice", model_id="resnet").exists()


def test_transfer_back_home_ends_the_alias_the_first_move_left(client, alice, acme, aimodel):
    assert_status(transfer(client, aimodel, {"namespaceId": "acme"}, bearer(alice)), 200)
    moved = AIModel.objects.get(pk=aimodel.pk)
    assert_status(transfer(client, moved, {"namespaceId": "alice"}, bearer(alice)), 200)
    aliases = set(AIModelAlias.objects.values_list("namespace__namespace_id", "model_id"))
    assert aliases == {("acme", "resnet")}
    assert client.get("/v1alpha/namespaces/acme/models/resnet").json()["model"]["name"] == (
        "namespaces/alice/models/resnet"
    )


def test_transfer_ends_an_alias_of_the_same_name_in_the_target(client, alice, acme, aimodel, container):
    other = AIModelFactory(namespace=acme, model_id="old-name", model_definition=container)
    assert_status(post(client, model_url(other, "/rename"), {"newModelId": "new-name"}, bearer(alice)), 200)
    body = {"namespaceId": "acme", "newModelId": "old-name"}
    assert_status(transfer(client, aimodel, body, bearer(alice)), 200)
    found = client.get("/v1alpha/namespaces/acme/models/old-name").json()["model"]
    assert found["uid"] == str(aimodel.uid)
