"""A model's history as its viewer may see it, and what the audit trail tells about a hidden model."""

from django.db.models import QuerySet

from modelhub.models import AIModel, AuditEntry, AuditSource, Visibility


def audit_entries_shown_to(aimodel: AIModel, *, sees_moderation: bool) -> QuerySet[AuditEntry]:
    """A model's history, newest first, as `aimodel`'s viewer may see it.

    Moderation (reports, their reasons and ids, notes, hide/restore and who did it) is for
    the model's editors and staff (`sees_moderation`); everyone else sees the model's own
    field changes only. Only the moderation services write messages, so leaving their
    entries out leaves no message; an entry that touched the moderation state is left out
    too, whatever wrote it.
    """
    entries = AuditEntry.objects.filter(aimodel=aimodel).select_related("actor").order_by("-create_time", "-id")
    if sees_moderation:
        return entries
    return entries.exclude(source=AuditSource.MODERATION).exclude(changes__has_key="moderation_state")


def visibility_before_hide(aimodel: AIModel) -> str:
    """The visibility the model had before the moderators' last hide, from that hide's audit entry
    (a hide that found it private recorded no visibility change); private when there is none."""
    hide = AuditEntry.objects.filter(aimodel=aimodel, action="hide").order_by("-id").values("changes").first()
    changes = hide["changes"] if hide else None
    before = (changes or {}).get("visibility") or {}
    old = before.get("old") if isinstance(before, dict) else None
    return old if old in Visibility.values else Visibility.PRIVATE
