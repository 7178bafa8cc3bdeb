"""A deleted model on every surface: absent from the list page, both API lists, search, the moderation
queue and "recently made public"; its pages, image and API answer 404; restore brings it back with
its history; the purge after 30 days frees its ID. And IDs that differ
only in letter case are one ID on the forms (a field error on ID) and the API (409, code 6)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from modelhub.models import AIModel, AuditEntry
from modelhub.services import aimodel_delete, aimodel_update, report_create
from tests.api_support import assert_status, bearer
from tests.factories import AIModelFactory
from tests.lifecycle_support import days_later
from tests.support import snapshot
from tests.web_helpers import edit_form_data, record_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def deleted(aimodel, alice, bob):
    """alice's public model `resnet`: made public in an audited write, reported by bob, then deleted."""
    for visibility in ("VISIBILITY_PRIVATE", "VISIBILITY_PUBLIC"):
        aimodel = aimodel_update(
            aimodel=AIModel.objects.get(pk=aimodel.pk), changes={"visibility": visibility}, actor=alice, source="web"
        ).aimodel
    report_create(aimodel=aimodel, reporter=bob, reason="spam", text="Links to a scam")
    aimodel_delete(aimodel=aimodel, actor=alice, source="web")
    return AIModel.objects.get(pk=aimodel.pk)


@pytest.mark.parametrize("caller", ["anonymous", "bob", "alice", "moderator", "superuser"])
def test_a_deleted_models_pages_image_and_api_are_404_to_everyone(request, client, deleted, caller):
    headers = {}
    if caller != "anonymous":
        user = request.getfixturevalue(caller)
        client.force_login(user)
        headers = bearer(user)
    for url in (
        "/namespaces/alice/models/resnet/",
        "/namespaces/alice/models/RESNET/",
        "/namespaces/alice/models/resnet/edit/",
        "/namespaces/alice/models/resnet/history/",
    ):
        response = client.get(url)
        if caller == "anonymous" and url.endswith(("edit/", "history/")):  # signed-in pages: log in first
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        else:
            assert response.status_code == 404, url
    for url in ("/v1alpha/namespaces/alice/models/resnet", "/v1alpha/namespaces/alice/models/resnet/image"):
        assert_status(client.get(url, headers=headers), 404, 5)
    assert_status(client.get(f"/v1alpha/models/{deleted.uid}/lookUp", headers=headers), 404, 5)


@pytest.mark.parametrize("caller", ["alice", "moderator", "superuser"])
def test_a_deleted_model_is_absent_from_the_list_page_its_search_and_both_api_lists(request, client, deleted, caller):
    user = request.getfixturevalue(caller)
    client.force_login(user)
    for query in ({}, {"q": "resnet"}, {"namespace": "alice"}):
        response = client.get("/", query)
        assert "alice/resnet" not in response.content.decode()
        assert list(response.context["page"]) == []
    headers = bearer(user)
    names = [m["name"] for m in client.get("/v1alpha/models", headers=headers).json()["models"]]
    assert deleted.name not in names
    listing = client.get("/v1alpha/namespaces/alice/models", headers=headers).json()
    assert listing["models"] == [] and listing["totalSize"] == 0


def test_a_deleted_model_is_absent_from_the_moderation_queue_and_recently_made_public(client, moderator, deleted):
    client.force_login(moderator)
    for tab in ({}, {"tab": "public"}):
        response = client.get(reverse("moderation-queue"), tab)
        assert response.status_code == 200
        assert "resnet" not in response.content.decode()
        assert list(response.context["page"]) == []


def test_a_deleted_models_moderation_pages_are_404(client, moderator, bob, deleted):
    before = snapshot(deleted)
    client.force_login(moderator)
    assert client.get(reverse("moderation-model", args=[deleted.pk])).status_code == 404
    assert client.post(reverse("moderation-hide", args=[deleted.pk]), {"note": "x"}).status_code == 404
    client.force_login(bob)
    assert client.get(reverse("moderation-report-create", args=[deleted.pk])).status_code == 404
    assert snapshot(deleted) == before


def test_the_moderation_queue_shows_it_again_once_restored(client, alice, moderator, deleted):
    client.force_login(alice)
    client.post("/namespaces/alice/deleted/resnet/restore/")
    client.force_login(moderator)
    assert [m.model_id for m in client.get(reverse("moderation-queue")).context["page"]] == ["resnet"]
    public = client.get(reverse("moderation-queue"), {"tab": "public"}).context["page"]
    assert {entry.aimodel.model_id for entry in public} == {"resnet"}


def test_restore_brings_it_back_with_its_history_intact(client, alice, deleted):
    history_before = list(AuditEntry.objects.filter(aimodel=deleted).order_by("id").values_list("id", "action"))
    client.force_login(alice)
    response = client.post("/namespaces/alice/deleted/resnet/restore/", follow=True)
    assert response.status_code == 200 and "Restored alice/resnet, with its history." in response.content.decode()
    history = list(AuditEntry.objects.filter(aimodel=deleted).order_by("id").values_list("id", "action"))
    assert history[: len(history_before)] == history_before and history[-1][1] == "undelete"
    page = client.get("/namespaces/alice/models/resnet/history/").content.decode()
    assert "Restored from Deleted models" in page and "Deleted" in page
    assert [m.model_id for m in client.get("/", {"q": "resnet"}).context["page"]] == ["resnet"]
    assert_status(client.get("/v1alpha/namespaces/alice/models/resnet"), 200)


def test_a_deleted_id_stays_taken_until_the_purge_after_30_days_frees_it(client, alice, deleted, container):
    client.force_login(alice)
    new_url = reverse("aimodel-new", args=["alice"])
    response = client.post(new_url, record_form_data(deleted, model_id="resnet", visibility="VISIBILITY_PRIVATE"))
    assert response.status_code == 400
    assert (
        "A deleted model of this namespace holds the ID 'resnet' until it is purged"
        in (response.context["form"].errors["model_id"][0])
    )
    out = io.StringIO()
    call_command("purge_deleted_models", stdout=out)  # within the window: nothing
    assert "Purged 0 model(s)" in out.getvalue() and AIModel.objects.filter(pk=deleted.pk).exists()
    with days_later(31):
        out = io.StringIO()
        call_command("purge_deleted_models", stdout=out)
        assert "Purged namespaces/alice/models/resnet" in out.getvalue()
        client.force_login(alice)
        assert client.get("/namespaces/alice/deleted/").context["rows"] == []
        response = client.post(new_url, record_form_data(deleted, model_id="resnet"))
        assert response.status_code == 302 and response["Location"] == "/namespaces/alice/models/resnet/"
    assert not AIModel.objects.filter(pk=deleted.pk).exists()
    assert AIModel.objects.get(model_id="resnet").pk != deleted.pk


# --- one ID whatever its letter case ------------------------------------------------


@pytest.mark.parametrize("taken", ["RESNET", "Resnet"])
def test_the_new_model_form_refuses_a_case_duplicate_id_on_the_id_field(client, alice, aimodel, taken):
    client.force_login(alice)
    response = client.post(reverse("aimodel-new", args=["alice"]), record_form_data(aimodel, model_id=taken))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["model_id"] and "already exists" in errors["model_id"][0]
    assert AIModel.objects.count() == 1


def test_the_edit_form_refuses_a_rename_to_a_case_duplicate_on_the_id_field(client, alice, alice_ns, aimodel):
    other = AIModelFactory(namespace=alice_ns, model_id="other", model_definition=aimodel.model_definition)
    before = snapshot(aimodel)
    client.force_login(alice)
    response = client.post(reverse("aimodel-edit", args=["alice", "resnet"]), edit_form_data(aimodel, model_id="OTHER"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["model_id"] and "already exists" in errors["model_id"][0]
    assert snapshot(aimodel) == before and AIModel.objects.get(pk=other.pk).model_id == "other"


def test_api_create_and_rename_to_a_case_duplicate_are_409_already_exists(client, alice, alice_ns, aimodel):
    headers = bearer(alice)
    body = {
        "id": "RESNET",
        "modelDefinition": "model-definitions/container",
        "configuration": {},
        "task": "TASK_CLASSIFICATION",
        "visibility": "VISIBILITY_PUBLIC",
        "region": "REGION_GCP_EUROPE_WEST4",
        "hardware": "CPU",
    }
    create = client.post("/v1alpha/namespaces/alice/models", body, content_type="application/json", headers=headers)
    assert_status(create, 409, 6)
    other = AIModelFactory(namespace=alice_ns, model_id="other", model_definition=aimodel.model_definition)
    before = snapshot(other)
    rename = client.post(
        "/v1alpha/namespaces/alice/models/other/rename",
        {"newModelId": "Resnet"},
        content_type="application/json",
        headers=headers,
    )
    assert_status(rename, 409, 6)
    assert snapshot(other) == before and AIModel.objects.count() == 2


def test_a_page_url_in_other_letter_case_answers_301_to_the_stored_spelling(client, alice_ns, container):
    AIModelFactory(namespace=alice_ns, model_id="resnet-50", model_definition=container)
    response = client.get("/namespaces/alice/models/RESNET-50/")
    assert response.status_code == 301 and response["Location"] == "/namespaces/alice/models/resnet-50/"
    response = client.get("/namespaces/ALICE/models/Resnet-50/")
    assert response.status_code == 301 and response["Location"] == "/namespaces/alice/models/resnet-50/"
