"""modelhub.services.moderation: reports, dismissals and notes, and their audit."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from modelhub.models import AuditEntry, ModerationNote, Report, ReportReason, ReportStatus
from modelhub.services import aimodel_hide, moderation_note_create, report_create, report_dismiss
from modelhub.services.moderation import DUPLICATE_REPORT
from tests.factories import AIModelFactory
from tests.support import fresh

pytestmark = pytest.mark.django_db


def non_field(exc) -> list[str]:
    return exc.value.message_dict[NON_FIELD_ERRORS]


# --- report_create --------------------------------------------------------------------


def test_report_create_opens_a_report(aimodel, bob):
    report = report_create(aimodel=aimodel, reporter=bob, reason=ReportReason.SPAM, text="  Buy pills  ")
    assert (report.status, report.reason, report.text, report.reporter) == ("open", "spam", "Buy pills", bob)
    assert report.resolved_by is None and report.resolve_time is None


def test_second_open_report_by_same_user_is_refused(aimodel, bob):
    report_create(aimodel=aimodel, reporter=bob, reason="spam", text="")
    with pytest.raises(ValidationError) as exc:
        report_create(aimodel=aimodel, reporter=bob, reason="malware", text="again")
    assert non_field(exc) == [DUPLICATE_REPORT]
    assert Report.objects.count() == 1


def test_a_user_may_report_again_once_their_report_was_handled(aimodel, bob, moderator):
    first = report_create(aimodel=aimodel, reporter=bob, reason="spam", text="")
    report_dismiss(report=first, actor=moderator, note="Not spam")
    report_create(aimodel=aimodel, reporter=bob, reason="license", text="GPL code")
    assert list(Report.objects.values_list("status", flat=True).order_by("id")) == ["dismissed", "open"]


def test_the_database_refuses_a_second_open_report_when_the_check_is_raced(aimodel, bob):
    Report.objects.create(aimodel=aimodel, reporter=bob, reason="spam")
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(aimodel=aimodel, reporter=bob, reason="other")


def test_lost_race_on_the_constraint_becomes_the_duplicate_message(aimodel, bob, monkeypatch):
    Report.objects.create(aimodel=aimodel, reporter=bob, reason="spam")
    # Simulate the race: the pre-check sees nothing, the insert hits the constraint.
    real_filter = Report.objects.filter
    monkeypatch.setattr(Report.objects, "filter", lambda *a, **k: real_filter(pk=-1))
    with pytest.raises(ValidationError) as exc:
        report_create(aimodel=aimodel, reporter=bob, reason="other", text="")
    assert non_field(exc) == [DUPLICATE_REPORT]
    monkeypatch.undo()
    assert Report.objects.count() == 1


@pytest.mark.parametrize("who", ["alice", "carol"])
def test_members_cannot_report_their_own_namespaces_models(request, who, aimodel, acme, container):
    user = request.getfixturevalue(who)
    shared = AIModelFactory(namespace=acme, model_id="shared", model_definition=container)
    target = aimodel if who == "alice" else shared
    with pytest.raises(ValidationError) as exc:
        report_create(aimodel=target, reporter=user, reason="spam", text="")
    assert non_field(exc) == ["You cannot report a model of your own namespace."]
    assert not Report.objects.exists()


def test_private_and_hidden_models_cannot_be_reported(private_model, aimodel, bob, moderator):
    with pytest.raises(ValidationError) as exc:
        report_create(aimodel=private_model, reporter=bob, reason="spam", text="")
    assert non_field(exc) == ["Only public models can be reported."]
    aimodel_hide(aimodel=aimodel, actor=moderator)
    with pytest.raises(ValidationError):
        report_create(aimodel=fresh(aimodel), reporter=bob, reason="spam", text="")
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("reason", "text", "field", "message"),
    [
        ("nonsense", "", "reason", "Choose a reason: spam, malware, license, inappropriate, other."),
        ("", "", "reason", "Choose a reason: spam, malware, license, inappropriate, other."),
        ("other", "x" * 2001, "text", "At most 2,000 characters are allowed (this has 2,001)."),
        ("other", "a\x00b", "text", "Must not contain NUL characters."),
        ("other", 42, "text", "Must be text."),
    ],
)
def test_bad_report_input_is_refused_with_a_clear_message(aimodel, bob, reason, text, field, message):
    with pytest.raises(ValidationError) as exc:
        report_create(aimodel=aimodel, reporter=bob, reason=reason, text=text)
    assert exc.value.message_dict == {field: [message]}
    assert not Report.objects.exists()


def test_report_text_of_exactly_2000_chars_is_accepted(aimodel, bob):
    assert len(report_create(aimodel=aimodel, reporter=bob, reason="other", text="y" * 2000).text) == 2000


def test_anonymous_cannot_report(aimodel):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(ValidationError):
        report_create(aimodel=aimodel, reporter=AnonymousUser(), reason="spam", text="")


# --- report_dismiss ---------------------------------------------------------------------


def test_dismiss_closes_the_report_and_audits_it(aimodel, bob, moderator):
    report = report_create(aimodel=aimodel, reporter=bob, reason="spam", text="")
    before = fresh(aimodel)
    report_dismiss(report=report, actor=moderator, note="Looks fine")
    report.refresh_from_db()
    assert (report.status, report.resolved_by, report.resolution_note) == ("dismissed", moderator, "Looks fine")
    assert report.resolve_time is not None
    entry = AuditEntry.objects.get()
    assert (entry.actor.username, entry.source, entry.action, entry.message) == (
        "moderator",
        "moderation",
        "report_dismissed",
        "Looks fine",
    )
    assert entry.changes == {"report": {"old": f"#{report.pk} spam: open", "new": f"#{report.pk} spam: dismissed"}}
    assert fresh(aimodel).update_time == before.update_time  # the model itself is not written


def test_dismissing_a_closed_report_is_refused_and_changes_nothing(aimodel, bob, moderator, superuser):
    report = report_create(aimodel=aimodel, reporter=bob, reason="spam", text="")
    report_dismiss(report=report, actor=moderator, note="first")
    with pytest.raises(ValidationError) as exc:
        report_dismiss(report=report, actor=superuser, note="second")
    assert non_field(exc) == ["This report was already dismissed."]
    report.refresh_from_db()
    assert (report.resolved_by, report.resolution_note) == (moderator, "first")
    assert AuditEntry.objects.count() == 1


def test_dismiss_note_too_long_is_refused(aimodel, bob, moderator):
    report = report_create(aimodel=aimodel, reporter=bob, reason="spam", text="")
    with pytest.raises(ValidationError) as exc:
        report_dismiss(report=report, actor=moderator, note="n" * 2001)
    assert "note" in exc.value.message_dict
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN
    assert not AuditEntry.objects.exists()


# --- moderation_note_create -------------------------------------------------------------


def test_note_is_stored_and_audited(aimodel, moderator):
    note = moderation_note_create(aimodel=aimodel, author=moderator, text="Please add a license.")
    assert (note.aimodel, note.author, note.text) == (aimodel, moderator, "Please add a license.")
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.source, entry.action, entry.message) == (
        moderator,
        "moderation",
        "note",
        "Please add a license.",
    )


@pytest.mark.parametrize("text", ["", "   ", "z" * 2001])
def test_empty_or_long_note_is_refused(aimodel, moderator, text):
    with pytest.raises(ValidationError) as exc:
        moderation_note_create(aimodel=aimodel, author=moderator, text=text)
    assert "text" in exc.value.message_dict
    assert not ModerationNote.objects.exists() and not AuditEntry.objects.exists()
