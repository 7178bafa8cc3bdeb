"""Purging inside the restore window is for superusers only, and every purge leaves a record.

A moderator could soft-delete a model and at once purge it with its whole history, inside
its owner's 30-day window, the only trace an admin log the moderator cannot see. Now: the
service refuses such a purge to anyone but a superuser (the admin action and the command go
through it), and each purge writes a PurgeRecord (who, when, the namespace, the model's ID
and uid, how many history entries went) that outlives the model, shown on the namespace's
Deleted models page to its owners and staff, and read-only in the admin.
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from modelhub.models import AIModel, AuditEntry, PurgeRecord, Role
from modelhub.services import PurgeRefused, aimodel_delete, aimodel_update, aimodels_purge_deleted
from tests.admin_support import CHANGELIST
from tests.factories import AIModelFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gone(alice_ns, alice, container):
    """alice's model, edited twice, deleted just now (deep inside the restore window)."""
    aimodel = AIModelFactory(namespace=alice_ns, model_id="gone", model_definition=container)
    for text in ("one", "two"):
        aimodel = AIModel.objects.get(pk=aimodel.pk)
        aimodel_update(aimodel=aimodel, changes={"description": text}, actor=alice, source="web")
    aimodel_delete(aimodel=AIModel.objects.get(pk=aimodel.pk), actor=alice, source="web")
    return AIModel.objects.get(pk=aimodel.pk)


def purge_action(client, aimodel, **extra):
    data = {"action": "purge_deleted", "_selected_action": [str(aimodel.pk)], **extra}
    return client.post(CHANGELIST + "?deleted=all", data, follow=True).content.decode()


def backdate(aimodel, days: int) -> None:
    AIModel.objects.filter(pk=aimodel.pk).update(delete_time=timezone.now() - timedelta(days=days))


# --- inside the window: superusers only ----------------------------------------------------


def test_a_moderator_cannot_purge_a_model_inside_its_restore_window(client, moderator, gone):
    client.force_login(moderator)
    asked = purge_action(client, gone)
    assert "Not purged (deleted less than 30 days ago; only a superuser may purge" in asked
    done = purge_action(client, gone, confirm_purge="yes")  # a forged confirmation changes nothing
    assert "Not purged (deleted less than 30 days ago" in done and "Purged for good" not in done
    assert AIModel.objects.filter(pk=gone.pk).exists() and AuditEntry.objects.filter(aimodel_id=gone.pk).count() == 3
    assert not PurgeRecord.objects.exists()


@pytest.mark.parametrize("who", ["moderator", "alice", None])
def test_the_service_refuses_a_purge_inside_the_window_to_anyone_but_a_superuser(request, gone, who):
    actor = request.getfixturevalue(who) if who else None
    with pytest.raises(PurgeRefused, match="Only a superuser may purge a model inside its 30-day restore window"):
        aimodels_purge_deleted(older_than=timedelta(0), uids=[gone.pk], actor=actor, source="admin")
    assert AIModel.objects.filter(pk=gone.pk).exists() and not PurgeRecord.objects.exists()


def test_a_superuser_purges_inside_the_window_and_leaves_a_record(client, superuser, alice_ns, gone):
    client.force_login(superuser)
    assert "Purge these deleted" in purge_action(client, gone)
    before = timezone.now()
    assert "Purged for good (their IDs are free): alice/gone." in purge_action(client, gone, confirm_purge="yes")
    assert not AIModel.objects.filter(pk=gone.pk).exists() and not AuditEntry.objects.filter(aimodel_id=gone.pk)
    record = PurgeRecord.objects.get()
    assert (record.namespace, record.namespace_name, record.model_id, record.model_uid) == (
        alice_ns,
        "alice",
        "gone",
        gone.uid,
    )
    assert (record.purged_by, record.purged_by_name, record.source) == (superuser, "admin", "admin")
    assert record.history_entries == 3  # two edits and the delete
    assert record.within_restore_window and record.delete_time == gone.delete_time
    assert before <= record.purge_time <= timezone.now()


def test_a_moderator_still_purges_models_past_the_window(client, moderator, gone):
    backdate(gone, 31)
    client.force_login(moderator)
    assert "Purged for good" in purge_action(client, gone, confirm_purge="yes")
    record = PurgeRecord.objects.get()
    assert record.purged_by == moderator and not record.within_restore_window


def test_the_command_purges_only_past_the_window_and_leaves_records(gone, alice_ns, container, alice):
    recent = AIModelFactory(namespace=alice_ns, model_id="recent", model_definition=container)
    aimodel_delete(aimodel=recent, actor=alice, source="web")
    backdate(gone, 31)
    call_command("purge_deleted_models", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert AIModel.objects.filter(pk=recent.pk).exists() and not AIModel.objects.filter(pk=gone.pk).exists()
    record = PurgeRecord.objects.get()
    assert (record.model_id, record.source, record.purged_by, record.history_entries) == ("gone", "command", None, 3)


def test_a_dry_run_leaves_no_record(gone):
    backdate(gone, 31)
    assert aimodels_purge_deleted(dry_run=True) == ["namespaces/alice/models/gone"]
    assert not PurgeRecord.objects.exists()


# --- who sees the records -----------------------------------------------------------------


@pytest.fixture
def purged(gone, superuser):
    aimodels_purge_deleted(older_than=timedelta(0), uids=[gone.pk], actor=superuser, source="admin")
    return PurgeRecord.objects.get()


@pytest.mark.parametrize(("who", "sees"), [("alice", True), ("moderator", True), ("superuser", True)])
def test_the_deleted_models_page_shows_the_records_to_owners_and_staff(client, request, purged, who, sees):
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("namespace-deleted", args=["alice"])).content.decode()
    assert ('data-testid="purged-list"' in page) is sees
    assert "alice/gone" in page and str(purged.model_uid) in page and "by admin" in page
    assert "inside the 30-day restore window" in page and "3 history entries removed" in page


def test_an_editor_who_is_not_an_owner_does_not_see_the_records(client, alice_ns, purged):
    member = UserFactory(username="member")
    MembershipFactory(namespace=alice_ns, user=member, role=Role.MEMBER)
    client.force_login(member)
    page = client.get(reverse("namespace-deleted", args=["alice"]))
    assert page.status_code == 200 and 'data-testid="purged-list"' not in page.content.decode()
    assert str(purged.model_uid) not in page.content.decode()


def test_the_records_are_read_only_in_the_admin(client, moderator, purged):
    client.force_login(moderator)
    listing = client.get(reverse("admin:modelhub_purgerecord_changelist"))
    assert listing.status_code == 200 and "gone" in listing.content.decode()
    assert client.get(reverse("admin:modelhub_purgerecord_add")).status_code == 403
    change = client.post(reverse("admin:modelhub_purgerecord_change", args=[purged.pk]), {"model_id": "x"})
    assert change.status_code == 403 and PurgeRecord.objects.get().model_id == "gone"
    assert client.post(reverse("admin:modelhub_purgerecord_delete", args=[purged.pk])).status_code == 403
