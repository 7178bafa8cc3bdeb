"""Restoring one field's earlier value from a model's history, through the one write path.

The value restored is the "old" value an audit entry recorded for the field. It is refused as a
conflict (ConflictError, with the current value) when the field has changed since that entry,
unless the caller confirms (`confirmed=True`); it is audited as a revert (naming the entry) and
is an event like any change.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from modelhub.models import AIModel, AuditAction, AuditEntry
from modelhub.models.aimodels import EDITABLE_FIELDS
from modelhub.services.aimodels import UpdateResult, aimodel_update, fingerprint

# The image is audited as its size and hash (its data is gone); the ID is changed by a rename.
NOT_RESTORABLE = frozenset({"profile_image", "model_id"})


def restorable(entry: AuditEntry, field: str) -> bool:
    """Whether the field's old value in `entry` can be written back."""
    change = entry.changes.get(field) if isinstance(entry.changes, dict) else None
    return (
        field in EDITABLE_FIELDS
        and field not in NOT_RESTORABLE
        and entry.action not in (AuditAction.CREATE, AuditAction.REVERT)
        and isinstance(change, dict)
        and "old" in change
        and "new" in change
    )


def aimodel_revert_field(
    *,
    aimodel: AIModel,
    entry: AuditEntry,
    field: str,
    actor: AbstractBaseUser | AnonymousUser | None,
    source: str,
    confirmed: bool = False,
) -> UpdateResult:
    """Write back the value `field` had before `entry`. ConflictError if the field has changed
    since the entry (and not `confirmed`); ValidationError if it cannot be restored or the record
    it makes is not valid (e.g. hardware of another region). A value that is already current
    writes nothing."""
    if entry.aimodel_id != aimodel.pk or not restorable(entry, field):
        raise ValidationError({NON_FIELD_ERRORS: ["This value cannot be restored."]})
    change = entry.changes[field]
    expected = None if confirmed else {field: fingerprint(change["new"])}
    return aimodel_update(
        aimodel=aimodel,
        changes={field: change["old"]},
        actor=actor,
        source=source,
        expected=expected,
        action=AuditAction.REVERT,
        message=f"Restored from the change of {entry.create_time:%Y-%m-%d %H:%M:%S} UTC (entry {entry.pk}).",
    )
