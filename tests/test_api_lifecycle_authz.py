"""The lifecycle routes x every kind of caller x every state of model, refusals first.

Callers: anonymous, bob (signed in, outsider), carol (viewer in acme), alice (member of acme:
an editor), moderator (staff, Moderators group), superuser. Models, all in acme: public,
private, hidden by moderation, and deleted. Each call runs in its own rolled-back
transaction with its own client and Bearer token; a refused write changes nothing.
"""

import json

import pytest
from django.db import transaction
from django.test import Client

from modelhub.models import AIModel, ModerationState, Visibility
from modelhub.services import aimodel_delete
from tests.api_support import bearer
from tests.factories import AIModelFactory
from tests.support import snapshot

pytestmark = pytest.mark.django_db

CALLERS = ["anonymous", "bob", "carol", "alice", "moderator", "superuser"]
KINDS = ["public", "private", "hidden", "deleted"]
CODES = {400: 3, 401: 16, 403: 7, 404: 5, 409: 6}

#                     anonymous bob   carol  alice  mod    super
READ = {
    "public": (200, 200, 200, 200, 200, 200),
    "private": (404, 404, 200, 200, 200, 200),
    "hidden": (404, 404, 200, 200, 200, 200),
    "deleted": (404, 404, 404, 404, 404, 404),  # restored from the Deleted models page, never read over the API
}
WRITE = {
    "public": (401, 403, 403, 200, 403, 200),
    "private": (401, 404, 403, 200, 403, 200),
    "hidden": (401, 404, 403, 200, 403, 200),
    "deleted": (401, 404, 404, 404, 404, 404),
}


@pytest.fixture
def callers(alice, bob, carol, moderator, superuser):
    return {
        "anonymous": None,
        "bob": bob,
        "carol": carol,
        "alice": alice,
        "moderator": moderator,
        "superuser": superuser,
    }


@pytest.fixture
def models(acme, alice, container):
    common = {"namespace": acme, "model_definition": container}
    deleted = AIModelFactory(model_id="gone-model", **common)
    aimodel_delete(aimodel=deleted, actor=alice, source="web")
    return {
        "deleted": deleted,
        "public": AIModelFactory(model_id="open-model", **common),
        "private": AIModelFactory(model_id="closed-model", visibility=Visibility.PRIVATE, **common),
        "hidden": AIModelFactory(
            model_id="hidden-model", visibility=Visibility.PRIVATE, moderation_state=ModerationState.HIDDEN, **common
        ),
    }


def send(user, method: str, url: str, body: dict | None = None):
    headers = bearer(user) if user else {}
    data = json.dumps(body) if body is not None else None
    return Client().generic(method, url, data=data or "", content_type="application/json", headers=headers)


def status_of(response) -> int:
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/json"
        assert response.json()["code"] == CODES[response.status_code], response.json()
    return response.status_code


def outcomes(callers, method: str, url: str, body=None, aimodel=None) -> tuple:
    results = []
    for caller, user in callers.items():
        with transaction.atomic():
            before = snapshot(aimodel) if aimodel else None
            status = status_of(send(user, method, url, body))
            if aimodel is not None and status >= 400:
                assert snapshot(aimodel) == before, f"{caller}'s refused {method} changed the model"
            results.append(status)
            transaction.set_rollback(True)
    return tuple(results)


@pytest.mark.parametrize("kind", KINDS)
def test_rename_follows_the_matrix(callers, models, kind):
    aimodel = models[kind]
    url = f"/v1alpha/namespaces/acme/models/{aimodel.model_id}/rename"
    assert outcomes(callers, "POST", url, {"newModelId": "renamed"}, aimodel) == WRITE[kind]


@pytest.mark.parametrize("kind", KINDS)
def test_delete_follows_the_matrix(callers, models, kind):
    aimodel = models[kind]
    url = f"/v1alpha/namespaces/acme/models/{aimodel.model_id}"
    assert outcomes(callers, "DELETE", url, aimodel=aimodel) == WRITE[kind]


@pytest.mark.parametrize("kind", KINDS)
def test_look_up_follows_the_matrix(callers, models, kind):
    url = f"/v1alpha/models/{models[kind].uid}/lookUp"
    assert outcomes(callers, "GET", url) == READ[kind]


@pytest.mark.parametrize("caller", CALLERS)
def test_list_all_shows_exactly_what_the_caller_may_read(callers, models, caller):
    body = send(callers[caller], "GET", "/v1alpha/models?page_size=100").json()
    shown = {model["uid"] for model in body["models"]}
    expected = {str(m.uid) for kind, m in models.items() if READ[kind][CALLERS.index(caller)] == 200}
    assert shown == expected and body["totalSize"] == len(expected)


CREATE_BODY = {
    "id": "brand-new",
    "modelDefinition": "model-definitions/container",
    "configuration": {},
    "task": "TASK_CLASSIFICATION",
    "visibility": "VISIBILITY_PRIVATE",
    "region": "REGION_LOCAL",
    "hardware": "CPU",
}


def test_create_follows_the_matrix(callers, models):
    expected = (401, 403, 403, 200, 403, 200)
    assert outcomes(callers, "POST", "/v1alpha/namespaces/acme/models", CREATE_BODY) == expected
    assert not AIModel.objects.filter(model_id="brand-new").exists()


def test_create_in_a_missing_namespace_is_404_after_401(callers):
    expected = (401, 404, 404, 404, 404, 404)
    assert outcomes(callers, "POST", "/v1alpha/namespaces/nobody/models", CREATE_BODY) == expected


@pytest.mark.parametrize("kind", KINDS)
def test_create_with_a_taken_id_is_409_already_exists_for_editors(callers, models, kind):
    body = {**CREATE_BODY, "id": models[kind].model_id.upper()}  # IDs compare case-insensitively
    expected = (401, 403, 403, 409, 403, 409)
    assert outcomes(callers, "POST", "/v1alpha/namespaces/acme/models", body) == expected


@pytest.mark.parametrize("path", ["/v1alpha/__liveness", "/v1alpha/__readiness", "/v1alpha/health/model"])
def test_health_answers_everyone(callers, path):
    assert outcomes(callers, "GET", path) == (200,) * 6
