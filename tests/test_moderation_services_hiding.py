"""modelhub.services.moderation: hide and restore, their audit, and the hidden-model lock on every surface."""

import pytest
from django.core.exceptions import ValidationError

from modelhub.forms import AIModelForm
from modelhub.models import AuditEntry, ModerationNote, ModerationState, Visibility
from modelhub.services import aimodel_hide, aimodel_unhide, aimodel_update, report_create, report_dismiss
from tests.factories import AIModelFactory
from tests.support import fresh
from tests.web_helpers import record_form_data

pytestmark = pytest.mark.django_db


LOCKED = "This model was hidden by moderators; it cannot be made public until staff restore it."


# --- hide and restore -------------------------------------------------------------------


def test_hide_forces_private_resolves_open_reports_and_shares_the_note(aimodel, bob, moderator, superuser):
    spam = report_create(aimodel=aimodel, reporter=bob, reason="spam", text="")
    other = report_create(aimodel=aimodel, reporter=superuser, reason="malware", text="")
    report_dismiss(report=other, actor=moderator, note="")
    result = aimodel_hide(aimodel=aimodel, actor=moderator, note="Spam links", resolve_reports=True, share_note=True)
    assert result.changed_fields == ("visibility", "moderation_state")
    row = fresh(aimodel)
    assert (row.visibility, row.moderation_state) == (Visibility.PRIVATE, ModerationState.HIDDEN)
    spam.refresh_from_db()
    other.refresh_from_db()
    assert (spam.status, spam.resolved_by, spam.resolution_note) == ("actioned", moderator, "Spam links")
    assert other.status == "dismissed"  # closed reports are left alone
    hide, actioned = AuditEntry.objects.filter(action__in=["hide", "reports_actioned"]).order_by("id")
    assert (hide.actor, hide.source, hide.message) == (moderator, "moderation", "Spam links")
    assert hide.changes == {
        "visibility": {"old": "VISIBILITY_PUBLIC", "new": "VISIBILITY_PRIVATE"},
        "moderation_state": {"old": "ACTIVE", "new": "HIDDEN"},
    }
    assert (actioned.actor, actioned.changes) == (
        moderator,
        {"reports": {"old": f"open: #{spam.pk} spam", "new": "actioned"}},
    )
    assert list(ModerationNote.objects.values_list("text", flat=True)) == ["Spam links"]


def test_hide_without_resolve_leaves_reports_open(aimodel, bob, moderator):
    report = report_create(aimodel=aimodel, reporter=bob, reason="spam", text="")
    aimodel_hide(aimodel=aimodel, actor=moderator, note="")
    report.refresh_from_db()
    assert report.status == "open"
    assert not ModerationNote.objects.exists()


def test_hiding_a_hidden_model_writes_nothing(aimodel, moderator):
    aimodel_hide(aimodel=aimodel, actor=moderator, note="once", share_note=True)
    result = aimodel_hide(aimodel=fresh(aimodel), actor=moderator, note="twice", share_note=True)
    assert not result.changed
    assert AuditEntry.objects.filter(action="hide").count() == 1
    assert ModerationNote.objects.count() == 1


def test_restore_returns_the_model_to_its_visibility_before_the_hide(aimodel, alice, moderator):
    aimodel_hide(aimodel=aimodel, actor=moderator)  # it was public
    result = aimodel_unhide(aimodel=fresh(aimodel), actor=moderator, note="Fixed", share_note=True)
    assert set(result.changed_fields) == {"moderation_state", "visibility"}
    row = fresh(aimodel)
    assert (row.visibility, row.moderation_state) == (Visibility.PUBLIC, ModerationState.ACTIVE)
    entry = AuditEntry.objects.filter(action="restore").get()
    assert (entry.actor, entry.source, entry.message) == (moderator, "moderation", "Fixed")
    assert entry.changes == {
        "visibility": {"old": "VISIBILITY_PRIVATE", "new": "VISIBILITY_PUBLIC"},
        "moderation_state": {"old": "HIDDEN", "new": "ACTIVE"},
    }


def test_a_model_hidden_while_private_is_restored_private(private_model, moderator):
    aimodel_hide(aimodel=private_model, actor=moderator)
    result = aimodel_unhide(aimodel=fresh(private_model), actor=moderator)
    assert result.changed_fields == ("moderation_state",)
    assert fresh(private_model).visibility == Visibility.PRIVATE


def test_the_last_hide_counts(aimodel, alice, moderator):
    aimodel_hide(aimodel=aimodel, actor=moderator)
    aimodel_unhide(aimodel=fresh(aimodel), actor=moderator, visibility=Visibility.PRIVATE)
    aimodel_hide(aimodel=fresh(aimodel), actor=moderator)  # hidden again while private
    aimodel_unhide(aimodel=fresh(aimodel), actor=moderator)
    assert fresh(aimodel).visibility == Visibility.PRIVATE


def test_the_moderator_may_restore_it_private_and_the_owner_publish_it_later(aimodel, alice, moderator):
    aimodel_hide(aimodel=aimodel, actor=moderator)
    result = aimodel_unhide(aimodel=fresh(aimodel), actor=moderator, visibility=Visibility.PRIVATE)
    assert result.changed_fields == ("moderation_state",)
    row = fresh(aimodel)
    assert (row.visibility, row.moderation_state) == (Visibility.PRIVATE, ModerationState.ACTIVE)
    aimodel_update(aimodel=row, changes={"visibility": Visibility.PUBLIC}, actor=alice, source="web")
    assert fresh(aimodel).visibility == Visibility.PUBLIC


def test_a_bad_visibility_is_refused_and_nothing_changes(aimodel, moderator):
    aimodel_hide(aimodel=aimodel, actor=moderator)
    with pytest.raises(ValidationError) as exc:
        aimodel_unhide(aimodel=fresh(aimodel), actor=moderator, visibility="VISIBILITY_EVERYWHERE")
    assert "visibility" in exc.value.message_dict
    assert fresh(aimodel).moderation_state == ModerationState.HIDDEN
    assert not AuditEntry.objects.filter(action="restore").exists()


# --- the hidden-model lock, on every surface -----------------------------------------


@pytest.mark.parametrize("source", ["web", "admin"])
def test_hidden_model_cannot_be_published_through_the_form(alice_ns, alice, moderator, github, source):
    # A non-empty configuration: the shared form treats "{}" as missing (reported to the lead).
    aimodel = AIModelFactory(
        namespace=alice_ns, model_id="gh", model_definition=github, configuration={"repository": "a/b", "tag": "v1"}
    )
    aimodel_hide(aimodel=aimodel, actor=moderator)
    hidden = fresh(aimodel)
    form = AIModelForm(record_form_data(hidden, visibility=Visibility.PUBLIC), instance=hidden)
    assert form.is_valid(), form.errors
    assert form.submit(actor=alice, source=source) is None
    assert form.errors["visibility"] == [LOCKED]
    row = fresh(aimodel)
    assert (row.visibility, row.moderation_state) == (Visibility.PRIVATE, ModerationState.HIDDEN)


def test_hidden_model_cannot_be_published_through_the_service_as_the_api_calls_it(aimodel, alice, moderator):
    aimodel_hide(aimodel=aimodel, actor=moderator)
    with pytest.raises(ValidationError) as exc:
        aimodel_update(aimodel=fresh(aimodel), changes={"visibility": "VISIBILITY_PUBLIC"}, actor=alice, source="api")
    assert exc.value.message_dict == {"visibility": [LOCKED]}
    assert fresh(aimodel).visibility == Visibility.PRIVATE


def test_hidden_model_still_accepts_other_edits_from_its_owner(aimodel, alice, moderator):
    aimodel_hide(aimodel=aimodel, actor=moderator)
    aimodel_update(aimodel=fresh(aimodel), changes={"license": "MIT"}, actor=alice, source="api")
    row = fresh(aimodel)
    assert (row.license, row.moderation_state) == ("MIT", ModerationState.HIDDEN)


def test_only_moderation_may_write_the_moderation_state(aimodel, alice):
    with pytest.raises(ValidationError) as exc:
        aimodel_update(aimodel=aimodel, changes={"moderation_state": "ACTIVE"}, actor=alice, source="api")
    assert exc.value.message_dict == {"moderation_state": ["Unknown or read-only field."]}
