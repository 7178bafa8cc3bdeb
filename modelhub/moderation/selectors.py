"""Reads of the moderation pages. Each returns a QuerySet with what its page shows."""

from django.db.models import Case, Count, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.fields import CharField

from modelhub.models import AIModel, AuditEntry, Membership, ModerationNote, Report, ReportReason, ReportStatus
from modelhub.models.aimodels import HEAVY_FIELDS, Visibility
from modelhub.paging import Order

RECENT_AUDIT_ENTRIES = 100
# The queues' orders (modelhub.paging): each list is read in it, page by page from a cursor.
MOST_RECENTLY_REPORTED = Order("latest_report_time", descending=True)
MOST_RECENTLY_MADE_PUBLIC = Order("create_time", descending=True)


def _reason_key(reason: str) -> str:
    return f"open_{reason}"


def report_queue(*, reason: str | None = None) -> QuerySet[AIModel]:
    """Models with open reports (of `reason`, if given), the most recently reported first.

    Each has `open_count`, `latest_report_time` and `open_<reason>` counts annotated. Read from
    the open reports (their partial index), grouped by model: its cost follows the number of
    open reports, not the number of models.
    """
    open_reports = Q(reports__status=ReportStatus.OPEN)
    if reason:
        open_reports &= Q(reports__reason=reason)
    return (
        AIModel.objects.alive()
        .select_related("namespace")
        .defer(*HEAVY_FIELDS)
        .filter(open_reports)
        .annotate(
            open_count=Count("reports"),
            latest_report_time=Max("reports__create_time"),
            **{_reason_key(r): Count("reports", filter=Q(reports__reason=r)) for r in ReportReason.values},
        )
        .order_by("-latest_report_time", "uid")
    )


def reason_counts(aimodel: AIModel) -> list[tuple[str, int]]:
    """(reason label, count) of a report_queue() row's open reports, most frequent first."""
    counts = [(label, getattr(aimodel, _reason_key(value), 0)) for value, label in ReportReason.choices]
    return sorted((c for c in counts if c[1]), key=lambda c: -c[1])


def recently_made_public() -> QuerySet[AuditEntry]:
    """Audit entries that made a model public (created public or switched to public), newest first.

    Ties by id, named `uid` as modelhub.paging's cursors name the tie-breaker; the order of the
    partial index `audit_made_public`."""
    return (
        AuditEntry.objects.filter(changes__visibility__new=Visibility.PUBLIC, aimodel__delete_time__isnull=True)
        .select_related("aimodel__namespace", "actor")
        .defer(*(f"aimodel__{f}" for f in HEAVY_FIELDS))
        .annotate(uid=F("id"))
        .order_by(*MOST_RECENTLY_MADE_PUBLIC.fields())
    )


def aimodel_by_uid_with_role(user, uid) -> AIModel | None:
    """One model by uid (heavy fields deferred), with the user's role annotated as `caller_role`."""
    role = (
        Subquery(Membership.objects.active().filter(namespace=OuterRef("namespace"), user=user).values("role")[:1])
        if user.is_authenticated
        else Value(None, output_field=CharField())
    )
    return (
        AIModel.objects.alive()
        .select_related("namespace")
        .defer(*HEAVY_FIELDS)
        .annotate(caller_role=role)
        .filter(pk=uid)
        .first()
    )


def reports_of(aimodel: AIModel) -> QuerySet[Report]:
    """A model's reports: open ones first, then newest first."""
    open_first = Case(When(status=ReportStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        Report.objects.filter(aimodel=aimodel)
        .select_related("reporter", "resolved_by")
        .order_by(open_first, "-create_time", "-id")
    )


def audit_history_of(aimodel: AIModel) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(aimodel=aimodel).select_related("actor").order_by("-create_time", "-id")


def notes_of(aimodel: AIModel) -> QuerySet[ModerationNote]:
    return ModerationNote.objects.filter(aimodel=aimodel).select_related("author")


def latest_hide_of(aimodel: AIModel) -> AuditEntry | None:
    """The audit entry of the moderators' last hide of the model (its reason is the message)."""
    return AuditEntry.objects.filter(aimodel=aimodel, action="hide").select_related("actor").order_by("-id").first()


def hidden_lock_of(aimodel: AIModel) -> dict | None:
    """What the owner's settings page says about a hidden model's locked visibility: when it was
    hidden, the reason given, and the moderators' notes other than that reason (newest first)."""
    if not aimodel.is_hidden:
        return None
    hide = latest_hide_of(aimodel)
    reason = hide.message if hide else ""
    notes = [note for note in notes_of(aimodel).order_by("-create_time", "-id")[:5] if note.text != reason]
    return {"hidden_time": hide.create_time if hide else None, "reason": reason, "notes": notes}


def open_report_by(aimodel: AIModel, user) -> Report | None:
    """The user's open report on the model, if any (one at a time: the service refuses a second)."""
    if not user.is_authenticated:
        return None
    return Report.objects.filter(aimodel=aimodel, reporter=user, status=ReportStatus.OPEN).first()
