"""Moderation writes: reports, dismissals, notes, hide and restore. Every action is audited.

Hiding and restoring change model fields, so they go through the one write path
(aimodel_update, source "moderation"), which writes their audit entry. Actions that
change no model field (a dismissal, a note) write their AuditEntry here, in the same
transaction as the change they record.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from modelhub.models import (
    AIModel,
    AuditAction,
    AuditEntry,
    AuditSource,
    Membership,
    ModerationNote,
    ModerationState,
    Report,
    ReportReason,
    ReportStatus,
    Visibility,
)
from modelhub.models.moderation import MAX_NOTE_TEXT, MAX_REPORT_TEXT
from modelhub.rules.changes import normalize_line_endings
from modelhub.selectors import visibility_before_hide
from modelhub.services.aimodels import UpdateResult, aimodel_update
from modelhub.services.audit import audit_record

DUPLICATE_REPORT = "You have already reported this model; moderators are looking at your open report."


def _clean_text(value, *, field: str, limit: int, required: bool) -> str:
    text = normalize_line_endings(value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise ValidationError({field: ["Must be text."]})
    if required and not text:
        raise ValidationError({field: ["This field is required."]})
    if len(text) > limit:
        raise ValidationError({field: [f"At most {limit:,} characters are allowed (this has {len(text):,})."]})
    if "\x00" in text:
        raise ValidationError({field: ["Must not contain NUL characters."]})
    return text


def _audit(*, aimodel_id, actor, action: AuditAction, message: str = "", changes: dict | None = None) -> AuditEntry:
    return audit_record(
        aimodel_id=aimodel_id,
        actor=actor,
        source=AuditSource.MODERATION,
        action=action,
        message=message,
        changes=changes or {},
    )


def _report_label(report: Report, status: str) -> str:
    return f"#{report.pk} {report.reason}: {status}"


@transaction.atomic
def report_create(*, aimodel: AIModel, reporter, reason: str, text: str) -> Report:
    """A user's report of a public model. Refuses (ValidationError) reports on the
    reporter's own namespace's models, on models that are not public, and a second open
    report by the same user on the same model."""
    if reporter is None or not reporter.is_authenticated:
        raise ValidationError({NON_FIELD_ERRORS: ["Sign in to report a model."]})
    if reason not in ReportReason.values:
        raise ValidationError({"reason": [f"Choose a reason: {', '.join(ReportReason.values)}."]})
    text = _clean_text(text, field="text", limit=MAX_REPORT_TEXT, required=False)
    if not aimodel.is_public:
        raise ValidationError({NON_FIELD_ERRORS: ["Only public models can be reported."]})
    if Membership.objects.active().filter(namespace_id=aimodel.namespace_id, user=reporter).exists():
        raise ValidationError({NON_FIELD_ERRORS: ["You cannot report a model of your own namespace."]})
    if Report.objects.filter(aimodel=aimodel, reporter=reporter, status=ReportStatus.OPEN).exists():
        raise ValidationError({NON_FIELD_ERRORS: [DUPLICATE_REPORT]})
    try:
        with transaction.atomic():  # a concurrent duplicate loses on the unique constraint
            return Report.objects.create(aimodel=aimodel, reporter=reporter, reason=reason, text=text)
    except IntegrityError as exc:
        raise ValidationError({NON_FIELD_ERRORS: [DUPLICATE_REPORT]}) from exc


@transaction.atomic
def report_dismiss(*, report: Report, actor, note: str = "") -> Report:
    """Close an open report without action; audited as "report_dismissed" with the note."""
    note = _clean_text(note, field="note", limit=MAX_NOTE_TEXT, required=False)
    current = Report.objects.select_for_update().get(pk=report.pk)
    if current.status != ReportStatus.OPEN:
        raise ValidationError({NON_FIELD_ERRORS: [f"This report was already {current.get_status_display().lower()}."]})
    current.status = ReportStatus.DISMISSED
    current.resolved_by = actor
    current.resolve_time = timezone.now()
    current.resolution_note = note
    current.save(update_fields=["status", "resolved_by", "resolve_time", "resolution_note"])
    _audit(
        aimodel_id=current.aimodel_id,
        actor=actor,
        action=AuditAction.REPORT_DISMISSED,
        message=note,
        changes={"report": {"old": _report_label(current, "open"), "new": _report_label(current, "dismissed")}},
    )
    return current


@transaction.atomic
def moderation_note_create(*, aimodel: AIModel, author, text: str) -> ModerationNote:
    """A staff note the model's owner sees on its page; audited as "note"."""
    text = _clean_text(text, field="text", limit=MAX_NOTE_TEXT, required=True)
    note = ModerationNote.objects.create(aimodel=aimodel, author=author, text=text)
    _audit(aimodel_id=aimodel.pk, actor=author, action=AuditAction.NOTE, message=text)
    return note


def _resolve_open_reports(*, aimodel: AIModel, actor, note: str) -> int:
    open_reports = Report.objects.filter(aimodel=aimodel, status=ReportStatus.OPEN)
    labels = [f"#{pk} {reason}" for pk, reason in open_reports.values_list("pk", "reason")]
    if not labels:
        return 0
    open_reports.update(
        status=ReportStatus.ACTIONED, resolved_by=actor, resolve_time=timezone.now(), resolution_note=note
    )
    _audit(
        aimodel_id=aimodel.pk,
        actor=actor,
        action=AuditAction.REPORTS_ACTIONED,
        message=note,
        changes={"reports": {"old": f"open: {', '.join(labels)}", "new": "actioned"}},
    )
    return len(labels)


@transaction.atomic
def aimodel_hide(
    *,
    aimodel: AIModel,
    actor,
    note: str = "",
    resolve_reports: bool = False,
    share_note: bool = False,
) -> UpdateResult:
    """Force a model private and lock it there until restored; audited as "hide".

    `resolve_reports` closes its open reports as "actioned"; `share_note` also leaves
    the note on the model's page for its owner.
    """
    note = _clean_text(note, field="note", limit=MAX_NOTE_TEXT, required=False)
    result = aimodel_update(
        aimodel=aimodel,
        changes={"visibility": Visibility.PRIVATE, "moderation_state": ModerationState.HIDDEN},
        actor=actor,
        source=AuditSource.MODERATION,
        action=AuditAction.HIDE,
        message=note,
    )
    if resolve_reports:
        _resolve_open_reports(aimodel=aimodel, actor=actor, note=note)
    if share_note and note and result.changed:
        ModerationNote.objects.create(aimodel=aimodel, author=actor, text=note)
    return result


@transaction.atomic
def aimodel_unhide(
    *, aimodel: AIModel, actor, note: str = "", share_note: bool = False, visibility: str | None = None
) -> UpdateResult:
    """Lift a hide; audited as "restore", with the visibility change if there is one.

    The model returns to `visibility`, by default the one it had before it was hidden (read from
    the hide's audit entry): a public model hidden by mistake is public again. Its owner may
    change the visibility again afterwards.
    """
    note = _clean_text(note, field="note", limit=MAX_NOTE_TEXT, required=False)
    if visibility is None:
        visibility = visibility_before_hide(aimodel) if aimodel.is_hidden else aimodel.visibility
    elif visibility not in Visibility.values:
        raise ValidationError({"visibility": [f"Choose a visibility: {', '.join(Visibility.values)}."]})
    changes: dict[str, str] = {"moderation_state": ModerationState.ACTIVE}
    if aimodel.is_hidden:  # restoring an active model changes nothing
        changes["visibility"] = visibility
    result = aimodel_update(
        aimodel=aimodel,
        changes=changes,
        actor=actor,
        source=AuditSource.MODERATION,
        action=AuditAction.RESTORE,
        message=note,
    )
    if share_note and note and result.changed:
        ModerationNote.objects.create(aimodel=aimodel, author=actor, text=note)
    return result
