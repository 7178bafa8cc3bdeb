"""The AIModel admin's lifecycle: its delete is the soft delete (through the service, audited), the
changelist's Deleted filter, and the staff actions Restore and Purge (with a confirmation page)."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from modelhub.models import AIModel, AuditEntry
from modelhub.services import aimodel_delete
from tests.admin_support import CHANGELIST, change_url
from tests.factories import AIModelFactory, UserFactory
from tests.lifecycle_support import days_later
from tests.support import snapshot

pytestmark = pytest.mark.django_db


def delete_url(aimodel) -> str:
    return reverse("admin:modelhub_aimodel_delete", args=[aimodel.pk])


def run_action(client, action, *aimodels, query="?deleted=all", **extra):
    data = {"action": action, "_selected_action": [str(m.pk) for m in aimodels], **extra}
    return client.post(CHANGELIST + query, data, follow=True)


def fresh(aimodel) -> AIModel:
    return AIModel.objects.get(pk=aimodel.pk)


@pytest.fixture
def gone(alice_ns, alice, container):
    aimodel = AIModelFactory(namespace=alice_ns, model_id="gone", model_definition=container)
    aimodel_delete(aimodel=aimodel, actor=alice, source="web")
    return fresh(aimodel)


@pytest.fixture
def plain_staff(db):
    """Staff who may view models in the admin but is neither moderator nor superuser."""
    user = UserFactory(username="clerk", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_aimodel"))
    return user


# --- refusals first ------------------------------------------------------------------------


@pytest.mark.parametrize("caller", ["anonymous", "bob"])
def test_outsiders_reach_no_admin_page_or_action(request, client, aimodel, gone, caller):
    if caller != "anonymous":
        client.force_login(request.getfixturevalue(caller))
    before = snapshot(aimodel), snapshot(gone)
    for response in (
        client.get(CHANGELIST + "?deleted=yes"),
        client.post(delete_url(aimodel), {"post": "yes"}),
        run_action(client, "restore_deleted", gone),
        run_action(client, "purge_deleted", gone, confirm_purge="yes"),
    ):
        assert response.status_code in (200, 302)  # the admin's login page, not the action
        assert "/admin/login/" in (response.get("Location") or response.request["PATH_INFO"])
    assert (snapshot(aimodel), snapshot(gone)) == before


def test_staff_without_the_moderate_permission_may_not_delete_restore_or_purge(client, plain_staff, aimodel, gone):
    client.force_login(plain_staff)
    before = snapshot(aimodel), snapshot(gone)
    assert client.get(delete_url(aimodel)).status_code == 403
    assert client.post(delete_url(aimodel), {"post": "yes"}).status_code == 403
    action_form = client.get(CHANGELIST).context["action_form"]
    actions = [value for value, _ in action_form.fields["action"].choices] if action_form else []
    assert not {"delete_selected", "restore_deleted", "purge_deleted"} & set(actions)
    run_action(client, "restore_deleted", gone)
    run_action(client, "purge_deleted", gone, confirm_purge="yes")
    assert (snapshot(aimodel), snapshot(gone)) == before


def test_a_deleted_model_is_view_only_and_cannot_be_deleted_again(client, superuser, gone):
    client.force_login(superuser)
    before = snapshot(gone)
    page = client.get(change_url(gone))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert not page.context["has_delete_permission"]
    assert client.post(change_url(gone), {"description": "changed"}).status_code == 403
    assert client.post(delete_url(gone), {"post": "yes"}).status_code == 403
    assert snapshot(gone) == before


# --- the Deleted filter ------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, shown",
    [("", {"resnet"}), ("?deleted=no", {"resnet"}), ("?deleted=yes", {"gone"}), ("?deleted=all", {"resnet", "gone"})],
)
def test_the_changelist_shows_live_models_unless_the_filter_says_otherwise(
    client, moderator, aimodel, gone, query, shown
):
    client.force_login(moderator)
    response = client.get(CHANGELIST + query)
    assert {m.model_id for m in response.context["cl"].result_list} == shown
    body = response.content.decode()
    assert "By deleted" in body and "?deleted=yes" in body


# --- delete: the soft delete ----------------------------------------------------------------


@pytest.mark.parametrize("caller", ["moderator", "superuser"])
def test_the_change_pages_delete_is_the_soft_delete_audited(request, client, aimodel, caller):
    user = request.getfixturevalue(caller)
    client.force_login(user)
    confirm = client.get(delete_url(aimodel)).content.decode()
    assert "history, reports and notes are kept" in confirm and "related items will be deleted" not in confirm
    response = client.post(delete_url(aimodel), {"post": "yes"}, follow=True)
    assert "Deleted “alice/resnet”. It can be restored for 30 days" in response.content.decode()
    row = fresh(aimodel)  # the row stays: hidden everywhere, restorable
    assert row.is_deleted
    entry = AuditEntry.objects.filter(aimodel=aimodel).latest("id")
    assert (entry.action, entry.source, entry.actor) == ("delete", "admin", user)
    assert LogEntry.objects.filter(object_id=str(aimodel.pk), action_flag=DELETION).exists()


def test_delete_selected_soft_deletes_each_through_the_service(client, superuser, aimodel, private_model):
    client.force_login(superuser)
    confirm = run_action(client, "delete_selected", aimodel, private_model, query="").content.decode()
    assert "history, reports and notes are kept" in confirm
    run_action(client, "delete_selected", aimodel, private_model, query="", post="yes")
    assert fresh(aimodel).is_deleted and fresh(private_model).is_deleted
    assert AuditEntry.objects.filter(action="delete", source="admin", actor=superuser).count() == 2


# --- restore ------------------------------------------------------------------------------


def test_restore_action_brings_back_a_deleted_model_with_its_history(client, moderator, gone):
    history = list(AuditEntry.objects.filter(aimodel=gone).values_list("id", flat=True))
    client.force_login(moderator)
    text = run_action(client, "restore_deleted", gone, query="?deleted=yes").content.decode()
    assert "Restored, with their history: alice/gone." in text
    assert not fresh(gone).is_deleted
    entries = list(AuditEntry.objects.filter(aimodel=gone).order_by("id"))
    assert [e.id for e in entries[:-1]] == sorted(history)
    assert (entries[-1].action, entries[-1].source, entries[-1].actor) == ("undelete", "admin", moderator)


def test_restore_action_refuses_a_live_model_with_a_message(client, moderator, aimodel):
    client.force_login(moderator)
    before = snapshot(aimodel)
    text = run_action(client, "restore_deleted", aimodel).content.decode()
    assert "Not restored: alice/resnet is not deleted." in text
    assert snapshot(aimodel) == before


def test_staff_restore_any_time_until_the_purge(client, superuser, gone):
    with days_later(90):
        client.force_login(superuser)
        run_action(client, "restore_deleted", gone)
    assert not fresh(gone).is_deleted


# --- purge --------------------------------------------------------------------------------


def test_purge_asks_first_then_removes_for_good_and_frees_the_id(client, moderator, alice, alice_ns, gone, container):
    # past its editors' restore window: a moderator may purge it (inside it: tests/test_security_purge.py)
    AIModel.objects.filter(pk=gone.pk).update(delete_time=timezone.now() - timedelta(days=31))
    client.force_login(moderator)
    confirm = run_action(client, "purge_deleted", gone)
    assert "Purge these deleted" in confirm.content.decode() and fresh(gone).is_deleted  # asked, nothing removed
    done = run_action(client, "purge_deleted", gone, confirm_purge="yes").content.decode()
    assert "Purged for good (their IDs are free): alice/gone." in done
    assert not AIModel.objects.filter(pk=gone.pk).exists()
    assert not AuditEntry.objects.filter(aimodel_id=gone.pk).exists()
    assert LogEntry.objects.filter(object_id=str(gone.pk), action_flag=DELETION, user=moderator).exists()
    AIModelFactory(namespace=alice_ns, model_id="gone", model_definition=container)  # the ID is free


def test_purge_never_removes_a_live_model(client, superuser, aimodel, gone):
    client.force_login(superuser)
    before = snapshot(aimodel)
    text = run_action(client, "purge_deleted", aimodel).content.decode()
    assert "Nothing purged: only deleted models can be purged" in text
    text = run_action(client, "purge_deleted", aimodel, gone, confirm_purge="yes").content.decode()
    assert "Not purged (not deleted): alice/resnet." in text
    assert snapshot(aimodel) == before and not AIModel.objects.filter(pk=gone.pk).exists()
