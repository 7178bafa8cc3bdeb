"""Every model answer parses into Instill's response message (tests/instill_messages_support.py):
the lists in both views, create's 200, get, lookUp, update, rename and delete; and `permission`
follows the caller's role everywhere."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from modelhub.api.listing import MAX_FULL_VIEW_PAGE_SIZE
from modelhub.api.openapi import document
from modelhub.images import image_to_data_uri
from modelhub.services import aimodel_update
from tests.api_support import assert_status, bearer, model_url, patch_json
from tests.factories import AIModelFactory
from tests.instill_messages_support import model_json_names, parse
from tests.security_input_support import png

pytestmark = pytest.mark.django_db

# The model fields modelhub adds to Instill's (the OpenAPI document's Model has them too).
ADDITIONS = frozenset({"moderationState"})
CREATE = {
    "id": "yolo",
    "modelDefinition": "model-definitions/open",
    "configuration": {"threshold": 0.5, "labels": ["cat", None]},
    "task": "TASK_DETECTION",
    "visibility": "VISIBILITY_PRIVATE",
    "region": "REGION_LOCAL",
    "hardware": "CPU",
}


def answer(response, message: str, status: int = 200) -> dict:
    """The answer's JSON, after checking its status and that it parses into Instill's `message`."""
    body = assert_status(response, status).json()
    parse(message, body, additions=ADDITIONS)
    return body


def post(client, url: str, body, headers: dict):
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=headers)


@pytest.fixture
def described(alice, aimodel, open_definition):
    """alice's public `resnet` with a configuration, a README and an image."""
    image = image_to_data_uri(png(Image.new("RGB", (8, 8), (20, 120, 200))))
    changes = {
        "model_definition": "open",
        "configuration": {"a": 1, "b": [True, None]},
        "readme": "# ResNet",
        "profile_image": image,
    }
    return aimodel_update(aimodel=aimodel, changes=changes, actor=alice, source="api").aimodel


def test_the_documented_model_is_instills_with_only_the_named_additions():
    documented = set(document()["components"]["schemas"]["Model"]["properties"])
    assert documented - model_json_names() == ADDITIONS
    assert "permission" in documented & model_json_names()


@pytest.mark.parametrize("view", ["VIEW_FULL", "2"])
def test_a_namespace_list_in_the_full_view_carries_each_configuration_and_no_image(
    client, alice, described, private_model, view
):
    body = answer(client.get(f"/v1alpha/namespaces/alice/models?view={view}"), "ListNamespaceModelsResponse")
    [model] = body["models"]
    assert (model["configuration"], model["readme"]) == ({"a": 1, "b": [True, None]}, "# ResNet")
    assert "profileImage" not in model and described.profile_image  # the image stays at …/image
    assert model["permission"] == {"canEdit": False, "canTrigger": False}  # anonymous
    mine = answer(
        client.get(f"/v1alpha/namespaces/alice/models?view={view}", headers=bearer(alice)),
        "ListNamespaceModelsResponse",
    )
    assert mine["models"][0]["permission"] == {"canEdit": True, "canTrigger": False}
    basic = answer(client.get("/v1alpha/namespaces/alice/models"), "ListNamespaceModelsResponse")
    assert not {"configuration", "readme", "profileImage"} & set(basic["models"][0])


def test_the_list_of_all_models_in_the_full_view_is_instills_with_each_callers_permission(
    client, alice, bob, described, private_model
):
    url = "/v1alpha/models?view=VIEW_FULL&order_by=id"
    mine = answer(client.get(url, headers=bearer(alice)), "ListModelsResponse")
    assert [(m["id"], m["permission"]["canEdit"]) for m in mine["models"]] == [("resnet", True), ("secret", True)]
    assert all("configuration" in m and "profileImage" not in m for m in mine["models"])
    theirs = answer(client.get(url, headers=bearer(bob)), "ListModelsResponse")
    assert [(m["id"], m["permission"]["canEdit"]) for m in theirs["models"]] == [("resnet", False)]


def test_a_full_view_page_size_above_its_cap_is_coerced_and_the_rest_follows(client, alice_ns, container):
    total = MAX_FULL_VIEW_PAGE_SIZE + 3
    for n in range(total):
        AIModelFactory(namespace=alice_ns, model_id=f"m-{n:02d}", model_definition=container)
    for url in ("/v1alpha/namespaces/alice/models", "/v1alpha/models"):
        query = "view=VIEW_FULL&order_by=id&page_size=100"
        first = answer(client.get(f"{url}?{query}"), "ListModelsResponse")
        assert len(first["models"]) == MAX_FULL_VIEW_PAGE_SIZE and first["totalSize"] == total
        rest = answer(client.get(f"{url}?{query}&page_token={first['nextPageToken']}"), "ListModelsResponse")
        assert [m["id"] for m in rest["models"]] == [f"m-{n:02d}" for n in range(MAX_FULL_VIEW_PAGE_SIZE, total)]
        assert rest["nextPageToken"] == ""
        assert len(client.get(f"{url}?view=VIEW_FULL&page_size=5").json()["models"]) == 5  # below the cap: as asked
        assert len(client.get(f"{url}?page_size=100").json()["models"]) == total  # VIEW_BASIC: up to 100


def _page_queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert_status(client.get(url), 200)
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize(("url", "count"), [("/v1alpha/namespaces/alice/models", 3), ("/v1alpha/models", 2)])
def test_a_full_view_page_costs_the_queries_of_a_basic_one_and_never_reads_an_image(
    client, alice_ns, container, url, count
):
    """namespace (its list only), count, page; the page reads configuration and README, not the image."""
    for n in range(12):
        AIModelFactory(namespace=alice_ns, model_id=f"m-{n}", model_definition=container, readme="x" * 1000)
    full = _page_queries(client, f"{url}?view=VIEW_FULL&page_size=12")
    # On PostgreSQL a first page asks the planner's estimate before it counts (modelhub.paging).
    count += connection.vendor == "postgresql"
    assert len(full) == len(_page_queries(client, f"{url}?page_size=12")) == count, full
    [page_sql] = [sql for sql in full if "LIMIT" in sql and '"modelhub_aimodel"."uid"' in sql.split(" FROM ")[0]]
    selected = page_sql.split(" FROM ", 1)[0]
    assert '"configuration"' in selected and '"readme"' in selected and "profile_image" not in selected


def test_create_answers_200_with_instills_create_message(client, alice, alice_ns, open_definition):
    body = answer(
        post(client, "/v1alpha/namespaces/alice/models", CREATE, bearer(alice)), "CreateNamespaceModelResponse"
    )
    assert body["model"]["configuration"] == CREATE["configuration"]
    assert body["model"]["permission"] == {"canEdit": True, "canTrigger": False}


def test_every_other_model_answer_parses_into_its_instill_message(client, alice, described):
    headers = bearer(alice)
    answer(client.get(model_url(described)), "GetNamespaceModelResponse")
    full = answer(client.get(model_url(described) + "?view=VIEW_FULL", headers=headers), "GetNamespaceModelResponse")
    assert full["model"]["profileImage"] == described.profile_image  # one model's full view keeps its image
    answer(client.get(f"/v1alpha/models/{described.uid}/lookUp?view=VIEW_FULL"), "LookUpModelResponse")
    answer(patch_json(client, model_url(described), {"description": "new"}, headers), "UpdateNamespaceModelResponse")
    renamed = post(client, model_url(described, "/rename"), {"newModelId": "resnet-2"}, headers)
    assert answer(renamed, "RenameNamespaceModelResponse")["model"]["permission"]["canEdit"] is True
    deleted = client.delete("/v1alpha/namespaces/alice/models/resnet-2", headers=headers)
    assert answer(deleted, "DeleteNamespaceModelResponse") == {}


@pytest.mark.parametrize(
    ("who", "can_edit"),
    [
        ("anonymous", False),
        ("bob", False),
        ("carol", False),
        ("moderator", False),
        ("alice", True),
        ("superuser", True),
    ],
)
def test_permission_follows_the_callers_role_in_every_answer(request, client, acme, container, who, can_edit):
    """acme: alice is a member (edits), carol a viewer (reads), bob an outsider; a moderator moderates."""
    model = AIModelFactory(namespace=acme, model_id="shared", model_definition=container)
    request.getfixturevalue("carol")  # the viewer exists whoever asks
    headers = {} if who == "anonymous" else bearer(request.getfixturevalue(who))
    expected = {"canEdit": can_edit, "canTrigger": False}
    for url in (model_url(model), f"/v1alpha/models/{model.uid}/lookUp"):
        assert client.get(url, headers=headers).json()["model"]["permission"] == expected, url
    for url in ("/v1alpha/namespaces/acme/models", "/v1alpha/models"):
        for view in ("VIEW_BASIC", "VIEW_FULL"):
            models = client.get(f"{url}?view={view}", headers=headers).json()["models"]
            assert [m["permission"] for m in models] == [expected], url
