"""Which audited changes are webhook events, and what a receiver gets for one."""

from typing import Any

from modelhub.models import AuditEntry, WebhookEvent

# Audit actions that are events; notes, report resolutions and dismissals are not.
EVENT_OF_ACTION = {
    "create": WebhookEvent.CREATED,
    "update": WebhookEvent.UPDATED,
    "revert": WebhookEvent.UPDATED,
    "rename": WebhookEvent.RENAMED,
    "transfer": WebhookEvent.TRANSFERRED,
    "delete": WebhookEvent.DELETED,
    "undelete": WebhookEvent.RESTORED,
    "hide": WebhookEvent.HIDDEN,
    "restore": WebhookEvent.UNHIDDEN,
}


def event_of(entry: AuditEntry) -> str | None:
    return EVENT_OF_ACTION.get(entry.action)


def payload_of(entry: AuditEntry, event: str, *, namespace_id: str, model_id: str) -> dict[str, Any]:
    """The Standard Webhooks envelope `{type, timestamp, data}` of one audit entry.

    `changes` is the audit entry's: every changed field's old and new value (the profile
    image as its size and hash, never its data).
    """
    actor = entry.actor
    return {
        "type": event,
        "timestamp": entry.create_time.isoformat().replace("+00:00", "Z"),
        "data": {
            "model": {
                "name": f"namespaces/{namespace_id}/models/{model_id}",
                "uid": str(entry.aimodel_id),
                "id": model_id,
                "namespace": namespace_id,
            },
            "actor": {"username": actor.get_username()} if actor is not None else None,
            "surface": entry.source,
            "action": entry.action,
            "auditEntryId": entry.pk,
            "message": entry.message,
            "changes": entry.changes,
        },
    }
