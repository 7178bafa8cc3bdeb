"""Moderation writes. Hiding and restoring go through the one write path (aimodel_update)."""

from django.db import transaction

from modelhub.models import AIModel, AuditSource, ModerationState, Visibility
from modelhub.services.aimodels import UpdateResult, aimodel_update


@transaction.atomic
def aimodel_hide(*, aimodel: AIModel, actor, note: str = "") -> UpdateResult:
    """Force a model private and lock it there until restored; audited as "hide"."""
    return aimodel_update(
        aimodel=aimodel,
        changes={"visibility": Visibility.PRIVATE, "moderation_state": ModerationState.HIDDEN},
        actor=actor,
        source=AuditSource.MODERATION,
        action="hide",
        message=note,
    )


@transaction.atomic
def aimodel_restore(*, aimodel: AIModel, actor, note: str = "") -> UpdateResult:
    """Lift a hide: the model stays private, and its owner may publish it again."""
    return aimodel_update(
        aimodel=aimodel,
        changes={"moderation_state": ModerationState.ACTIVE},
        actor=actor,
        source=AuditSource.MODERATION,
        action="restore",
        message=note,
    )
