"""Recording an audit entry: the one place every service writes one, and where events start.

The entry, and the webhook deliveries of the event it is (with their tasks), are written in
the caller's transaction: the change, its record and its notifications commit together or
not at all.
"""

from typing import Any

from modelhub.models import AIModel, AuditAction, AuditEntry
from modelhub.services.deliveries import webhook_events_enqueue
from modelhub.webhooks.events import event_of


def audit_record(
    *,
    aimodel: AIModel | None = None,
    aimodel_id=None,
    actor,
    source: str,
    action: AuditAction | str,
    changes: dict[str, Any] | None = None,
    message: str = "",
) -> AuditEntry:
    """Write the audit entry of a change to `aimodel` (or the model `aimodel_id`), and enqueue
    the webhook deliveries of the event it is, in the caller's transaction."""
    entry = AuditEntry.objects.create(
        aimodel_id=aimodel.pk if aimodel is not None else aimodel_id,
        actor=actor if actor is not None and actor.is_authenticated else None,
        source=source,
        action=action,
        message=message,
        changes=changes or {},
    )
    if aimodel is not None:
        entry.aimodel = aimodel
    if event_of(entry) is not None:
        if aimodel is None:
            aimodel = AIModel.objects.select_related("namespace").get(pk=aimodel_id)
        webhook_events_enqueue(entry=entry, aimodel=aimodel)
    return entry
