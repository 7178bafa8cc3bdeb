"""The existing API routes under the lifecycle: deleted models 404, old and other-case names resolve,
an ID collision over PATCH is 409/6, tags round-trip."""

import pytest

from modelhub.demo.seed import demo_image
from modelhub.services import aimodel_delete, aimodel_rename, aimodel_update
from tests.api_support import assert_status, bearer, patch_json
from tests.factories import AIModelFactory
from tests.support import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def auth(alice):
    return bearer(alice)


@pytest.mark.parametrize("caller", ["anonymous", "alice", "moderator", "superuser"])
def test_a_deleted_model_is_404_and_absent_from_the_list(request, client, aimodel, alice, caller):
    aimodel_update(aimodel=aimodel, changes={"profile_image": demo_image("resnet")}, actor=alice, source="api")
    aimodel_delete(aimodel=aimodel, actor=alice, source="web")
    headers = {} if caller == "anonymous" else bearer(request.getfixturevalue(caller))
    base = "/v1alpha/namespaces/alice/models"
    for url in (f"{base}/resnet", f"{base}/resnet?view=VIEW_FULL", f"{base}/resnet/image", f"{base}/RESNET"):
        assert_status(client.get(url, headers=headers), 404, 5)
    if caller == "anonymous":  # a namespace in which the caller may see nothing is not revealed
        assert_status(client.get(base, headers=headers), 404, 5)
        return
    listing = assert_status(client.get(base, headers=headers), 200).json()
    assert listing["models"] == [] and listing["totalSize"] == 0
    searched = assert_status(client.get(base, {"filter": 'q="resnet"'}, headers=headers), 200).json()
    assert searched["models"] == []


def test_patching_a_deleted_model_is_404_and_changes_nothing(client, aimodel, alice, auth):
    aimodel_delete(aimodel=aimodel, actor=alice, source="web")
    before = snapshot(aimodel)
    assert_status(patch_json(client, "/v1alpha/namespaces/alice/models/resnet", {"description": "x"}, auth), 404, 5)
    assert snapshot(aimodel) == before


def test_an_old_name_and_other_letter_case_resolve_to_the_current_name(client, aimodel, alice):
    aimodel_rename(aimodel=aimodel, new_model_id="resnet-v2", actor=alice, source="web")
    for url in (
        "namespaces/alice/models/resnet",
        "namespaces/ALICE/models/RESNET-V2",
        "namespaces/Alice/models/Resnet",
    ):
        model = assert_status(client.get(f"/v1alpha/{url}"), 200).json()["model"]
        assert model["name"] == "namespaces/alice/models/resnet-v2" and model["uid"] == str(aimodel.uid)


def test_the_image_url_with_an_old_or_other_case_id_answers_301(client, aimodel, alice):
    aimodel_update(aimodel=aimodel, changes={"profile_image": demo_image("resnet")}, actor=alice, source="api")
    aimodel_rename(aimodel=aimodel, new_model_id="resnet-v2", actor=alice, source="web")
    response = client.get("/v1alpha/namespaces/ALICE/models/resnet/image?v=1")
    assert response.status_code == 301
    assert response["Location"] == "/v1alpha/namespaces/alice/models/resnet-v2/image?v=1"
    assert client.get(response["Location"]).status_code == 200


def test_a_private_models_old_name_stays_404_to_outsiders(client, private_model, alice, bob):
    aimodel_rename(aimodel=private_model, new_model_id="secret-v2", actor=alice, source="web")
    for headers in ({}, bearer(bob)):
        assert_status(client.get("/v1alpha/namespaces/acme/models/secret", headers=headers), 404, 5)
        assert_status(client.get("/v1alpha/namespaces/acme/models/secret/image", headers=headers), 404, 5)


def test_patch_to_an_old_name_changes_the_model_it_resolves_to(client, aimodel, alice, auth):
    aimodel_rename(aimodel=aimodel, new_model_id="resnet-v2", actor=alice, source="web")
    model = assert_status(patch_json(client, "/v1alpha/namespaces/alice/models/resnet", {"license": "MIT"}, auth), 200)
    assert model.json()["model"]["name"] == "namespaces/alice/models/resnet-v2"
    assert model.json()["model"]["license"] == "MIT"


@pytest.mark.parametrize("taken", ["other", "OTHER", "deleted-one", "Deleted-One"])
def test_patch_id_to_a_taken_id_is_409_already_exists(client, aimodel, alice, alice_ns, container, auth, taken):
    AIModelFactory(namespace=alice_ns, model_id="other", model_definition=container)
    gone = AIModelFactory(namespace=alice_ns, model_id="deleted-one", model_definition=container)
    aimodel_delete(aimodel=gone, actor=alice, source="web")
    before = snapshot(aimodel)
    body = assert_status(patch_json(client, "/v1alpha/namespaces/alice/models/resnet", {"id": taken}, auth), 409, 6)
    assert body.json()["details"][0]["fieldViolations"][0]["field"] == "id"
    assert snapshot(aimodel) == before


def test_tags_round_trip_through_patch_lower_cased_and_de_duplicated(client, aimodel, auth):
    url = "/v1alpha/namespaces/alice/models/resnet"
    model = assert_status(patch_json(client, url, {"tags": ["Vision", "vision", "ResNet"]}, auth), 200).json()["model"]
    assert model["tags"] == ["vision", "resnet"]
    assert assert_status(client.get(url), 200).json()["model"]["tags"] == ["vision", "resnet"]
    refusal = assert_status(patch_json(client, url, {"tags": ["no spaces"]}, auth), 400, 3).json()
    assert refusal["details"][0]["fieldViolations"][0]["field"] == "tags"
