"""PATCH /v1alpha/namespaces/{ns}/models/{id}: the seed's update, its rules and its errors."""

import pytest

from modelhub.models import AIModel, AuditEntry, ModerationState
from modelhub.services import ConflictError, aimodel_hide, aimodel_update
from tests.api_support import assert_status, bearer, model_url, patch_json
from tests.factories import AIModelFactory
from tests.images_support import png_data_uri
from tests.support import snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_queries")]


@pytest.fixture
def auth(alice):
    return bearer(alice)


def fields(body) -> list[str]:
    return [v["field"] for d in body["details"] for v in d["fieldViolations"]]


def test_patch_one_field_writes_only_it_and_answers_full_view(client, aimodel, auth):
    before = snapshot(aimodel)
    response = assert_status(patch_json(client, model_url(aimodel), {"description": "New words"}, auth), 200)
    model = response.json()["model"]
    assert model["description"] == "New words" and model["configuration"] == {} and "profileImage" in model
    after = snapshot(aimodel)
    changed = {k for k in after if after[k] != before[k]}
    assert changed == {"description", "update_time", "audit_entries"}
    assert after["audit_entries"] == before["audit_entries"] + 1
    entry = AuditEntry.objects.filter(aimodel=aimodel).first()
    assert entry.source == "api" and entry.actor.username == "alice" and set(entry.changes) == {"description"}
    assert response["ETag"] == AIModel.objects.get(pk=aimodel.pk).etag != aimodel.etag


def test_snake_and_camel_keys_and_definition_names(client, aimodel, auth, github):
    body = {
        "modelDefinition": "model-definitions/github",
        "configuration": {"repository": "acme/resnet", "tag": "v1"},
        "source_url": "https://github.com/acme/resnet",
        "documentationUrl": "https://docs.example.com",
    }
    model = assert_status(patch_json(client, model_url(aimodel), body, auth), 200).json()["model"]
    assert model["modelDefinition"] == "model-definitions/github"
    assert model["sourceUrl"] == "https://github.com/acme/resnet" and model["documentationUrl"]
    stored = AIModel.objects.get(pk=aimodel.pk)
    assert stored.model_definition_id == "github" and stored.configuration["tag"] == "v1"
    bare = patch_json(client, model_url(aimodel), {"model_definition": "container", "configuration": {}}, auth)
    assert bare.json()["model"]["modelDefinition"] == "model-definitions/container"


def test_output_only_fields_are_ignored(client, aimodel, auth):
    body = {"name": "namespaces/x/models/y", "uid": "nope", "createTime": "1999", "ownerName": "x", "license": "MIT"}
    model = assert_status(patch_json(client, model_url(aimodel), body, auth), 200).json()["model"]
    assert model["name"] == "namespaces/alice/models/resnet" and model["license"] == "MIT"
    assert model["uid"] == str(aimodel.uid)


def test_update_mask_takes_only_masked_fields_and_clears_absent_ones(client, aimodel, auth):
    patch_json(client, model_url(aimodel), {"license": "MIT", "sourceUrl": "https://a.example"}, auth)
    body = {"description": "masked in", "license": "Apache-2.0"}
    response = patch_json(client, model_url(aimodel), body, auth, "?update_mask=description,sourceUrl")
    model = assert_status(response, 200).json()["model"]
    assert model["description"] == "masked in" and model["license"] == "MIT" and model["sourceUrl"] == ""


@pytest.mark.parametrize(
    ("body", "query", "field"),
    [
        ({}, "", "update_mask"),
        ({"name": "namespaces/a/models/b"}, "", "update_mask"),
        ({"colour": "red"}, "", "colour"),
        ({"description": "x", "Description": "y"}, "", "Description"),
        ({"sourceUrl": "https://a.example", "source_url": "https://b.example"}, "", "source_url"),
        ({"description": "x"}, "?update_mask=colour", "update_mask"),
        ({"description": "x"}, "?update_mask=uid", "update_mask"),
        ({}, "?update_mask=task", "task"),
        ({"id": None}, "", "id"),
        ({"task": None}, "", "task"),
        ({"configuration": None}, "", "configuration"),
        ({"visibility": ""}, "", "visibility"),
        ({"region": ""}, "", "region"),
        ({"modelDefinition": None}, "", "modelDefinition"),
        ({"description": 5}, "", "description"),
        ({"description": ["a"]}, "", "description"),
        ({"configuration": "x"}, "", "configuration"),
        ({"configuration": [1]}, "", "configuration"),
        ({"id": 5}, "", "id"),
        ({"id": "Not valid!"}, "", "id"),
        ({"task": "TASK_WISHING"}, "", "task"),
        ({"visibility": True}, "", "visibility"),
        ({"modelDefinition": "model-definitions/nope"}, "", "modelDefinition"),
        ({"modelDefinition": {"id": "container"}}, "", "modelDefinition"),
        ({"region": "REGION_MARS"}, "", "region"),
        ({"hardware": "NVIDIA_H100"}, "", "hardware"),
        ({"sourceUrl": "javascript:alert(1)"}, "", "sourceUrl"),
        ({"documentationUrl": "ftp://x.example"}, "", "documentationUrl"),
        ({"description": "x" * 1024}, "", "description"),
        ({"license": "x" * 256}, "", "license"),
        ({"readme": "x" * 100_001}, "", "readme"),
        ({"description": "nul\x00byte"}, "", "description"),
        ({"configuration": {"a": 1}}, "", "configuration"),
        ({"profileImage": "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="}, "", "profileImage"),
        ({"profileImage": "not an image"}, "", "profileImage"),
        ({"profileImage": 7}, "", "profileImage"),
    ],
)
def test_bad_patch_is_400_naming_the_field_and_changes_nothing(client, aimodel, auth, body, query, field):
    before = snapshot(aimodel)
    response = assert_status(patch_json(client, model_url(aimodel), body, auth, query), 400, 3)
    assert field in fields(response.json()), response.json()
    assert snapshot(aimodel) == before


def test_null_and_empty_clear_optional_fields(client, aimodel, auth):
    patch_json(client, model_url(aimodel), {"license": "MIT", "sourceUrl": "https://a.example"}, auth)
    model = patch_json(client, model_url(aimodel), {"license": None, "sourceUrl": "", "description": None}, auth)
    model = assert_status(model, 200).json()["model"]
    assert model["license"] == "" and model["sourceUrl"] == "" and model["description"] == ""


def test_sending_current_values_writes_nothing(client, aimodel, auth):
    before = snapshot(aimodel)
    body = {"description": aimodel.description, "task": aimodel.task, "modelDefinition": "model-definitions/container"}
    response = assert_status(patch_json(client, model_url(aimodel), body, auth), 200)
    assert snapshot(aimodel) == before and response["ETag"] == aimodel.etag


def test_profile_image_is_normalised_replaced_and_removed(client, aimodel, auth):
    response = patch_json(client, model_url(aimodel), {"profileImage": png_data_uri(size=(1024, 600))}, auth)
    stored = assert_status(response, 200).json()["model"]["profileImage"]
    assert stored.startswith("data:image/") and stored == AIModel.objects.get(pk=aimodel.pk).profile_image
    before = snapshot(aimodel)
    assert_status(patch_json(client, model_url(aimodel), {"profile_image": stored}, auth), 200)
    assert snapshot(aimodel) == before  # the current image sent back is a no-op
    assert_status(patch_json(client, model_url(aimodel), {"profileImage": ""}, auth), 200)
    assert AIModel.objects.get(pk=aimodel.pk).profile_image == ""


def test_rename_changes_the_name_and_a_taken_id_is_refused(client, aimodel, alice_ns, container, auth):
    AIModelFactory(namespace=alice_ns, model_id="taken", model_definition=container)
    before = snapshot(aimodel)
    for taken in ("taken", "TAKEN", "Taken"):  # IDs compare case-insensitively: 409, code 6 ALREADY_EXISTS
        refusal = assert_status(patch_json(client, model_url(aimodel), {"id": taken}, auth), 409, 6).json()
        assert "id" in fields(refusal) and "already exists" in refusal["message"]
    assert snapshot(aimodel) == before
    model = assert_status(patch_json(client, model_url(aimodel), {"id": "resnet-v2"}, auth), 200).json()["model"]
    assert model["name"] == "namespaces/alice/models/resnet-v2"
    assert_status(client.get("/v1alpha/namespaces/alice/models/resnet-v2"), 200)


def test_hidden_model_cannot_be_made_public_by_its_owner(client, aimodel, auth, moderator):
    aimodel_hide(aimodel=aimodel, actor=moderator)
    before = snapshot(aimodel)
    response = patch_json(client, model_url(aimodel), {"visibility": "VISIBILITY_PUBLIC"}, auth)
    assert "visibility" in fields(assert_status(response, 400, 3).json())
    assert snapshot(aimodel) == before and AIModel.objects.get(pk=aimodel.pk).moderation_state == ModerationState.HIDDEN


def test_if_match_mismatch_is_412_and_match_writes(client, aimodel, alice, auth):
    etag = client.get(model_url(aimodel)).headers["ETag"]
    aimodel_update(aimodel=aimodel, changes={"license": "MIT"}, actor=alice, source="web")
    before = snapshot(aimodel)
    stale = patch_json(client, model_url(aimodel), {"description": "late"}, {**auth, "If-Match": etag})
    assert_status(stale, 412, 9)
    assert snapshot(aimodel) == before and stale["ETag"] != etag
    fresh = client.get(model_url(aimodel)).headers["ETag"]
    ok = assert_status(patch_json(client, model_url(aimodel), {"description": "now"}, {**auth, "If-Match": fresh}), 200)
    assert ok["ETag"] != fresh and ok.json()["model"]["description"] == "now"
    assert_status(patch_json(client, model_url(aimodel), {"description": "any"}, {**auth, "If-Match": "*"}), 200)


def test_same_field_conflict_is_409_code_10(client, aimodel, auth, monkeypatch):
    def conflicting(**kwargs):
        raise ConflictError({"description": "theirs"})

    monkeypatch.setattr("modelhub.api.views.aimodel_update", conflicting)
    before = snapshot(aimodel)
    response = assert_status(patch_json(client, model_url(aimodel), {"description": "mine"}, auth), 409, 10)
    assert fields(response.json()) == ["description"] and snapshot(aimodel) == before


@pytest.mark.parametrize(
    "raw",
    [
        b"{not json",
        b"[1, 2]",
        b'"a string"',
        b"null",
        b"\xff\xfe",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"description": NaN}',
        b'{"configuration": {"x": 1e400}}',
        b'{"description": "\\ud800"}',
        b'{"configuration": {"\\udfff": 1}}',
        b'{"description": 1' + b"0" * 5000 + b"}",
    ],
)
def test_malformed_bodies_are_400_and_change_nothing(client, aimodel, auth, raw):
    before = snapshot(aimodel)
    assert_status(patch_json(client, model_url(aimodel), raw, auth), 400, 3)
    assert snapshot(aimodel) == before


def test_deeply_nested_configuration_is_400(client, aimodel, auth):
    deep = '{"configuration": ' + '{"a": ' * 500 + "1" + "}" * 500 + "}"
    response = assert_status(patch_json(client, model_url(aimodel), deep, auth), 400, 3)
    assert fields(response.json()) == ["configuration"]


def test_non_json_content_type_is_415(client, aimodel, auth):
    before = snapshot(aimodel)
    response = client.patch(model_url(aimodel), data="description=x", content_type="text/plain", headers=auth)
    assert_status(response, 415, 3)
    assert snapshot(aimodel) == before


def test_oversize_bodies_are_413(client, aimodel, auth, settings):
    settings.API_MAX_BODY_BYTES = 1000
    before = snapshot(aimodel)
    assert_status(patch_json(client, model_url(aimodel), {"readme": "x" * 2000}, auth), 413, 3)
    settings.API_MAX_BODY_BYTES = 10_000_000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000  # Django's own guard: RequestDataTooBig
    assert_status(patch_json(client, model_url(aimodel), {"readme": "x" * 2000}, auth), 413, 3)
    assert snapshot(aimodel) == before


def test_bad_content_length_is_400(client, aimodel, auth):
    response = client.generic(
        "PATCH", model_url(aimodel), b"{}", content_type="application/json", headers=auth, CONTENT_LENGTH="abc"
    )
    assert_status(response, 400, 3)


@pytest.mark.parametrize(
    ("who", "public_status", "private_status"),
    [
        ("anonymous", 401, 401),
        ("bob", 403, 404),
        ("carol", 403, 403),
        ("moderator", 403, 403),
        ("alice", 200, 200),
        ("superuser", 200, 200),
    ],
)
def test_patch_permission_matrix(request, client, aimodel, private_model, who, public_status, private_status):
    headers = {} if who == "anonymous" else bearer(request.getfixturevalue(who))
    for target, status in ((aimodel, public_status), (private_model, private_status)):
        before = snapshot(target)
        response = assert_status(patch_json(client, model_url(target), {"description": f"by {who}"}, headers), status)
        if status != 200:
            assert response.json()["code"] == {401: 16, 403: 7, 404: 5}[status]
            assert snapshot(target) == before
    carol_public = AIModelFactory(
        namespace=private_model.namespace, model_id="open", model_definition=aimodel.model_definition
    )
    if who == "carol":  # a viewer may read an org's public model too, and still not edit it
        assert_status(patch_json(client, model_url(carol_public), {"description": "x"}, headers), 403, 7)


def test_anonymous_patch_is_401_with_bearer_challenge(client, aimodel):
    response = assert_status(patch_json(client, model_url(aimodel), {"description": "x"}), 401, 16)
    assert response["WWW-Authenticate"].startswith("Bearer")
