"""A model's lifecycle: soft delete, restore, rename and transfer (keeping the old name as an alias) and purge.

Deletion is soft: `delete_time` is set, and every list and read (modelhub.selectors) leaves the
model out, except the namespace's "Deleted models" page. Its namespace's editors may restore it
for RESTORE_WINDOW_DAYS, staff until it is purged; `aimodels_purge_deleted` (run by `manage.py
purge_deleted_models`) removes it after that, and only then is its ID free again. A superuser
may purge sooner; every purge leaves a PurgeRecord.
"""

import logging
from collections.abc import Collection
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from modelhub.models import AIModel, AIModelAlias, AuditAction, AuditEntry, Namespace, PurgeRecord
from modelhub.models.aimodels import RESTORE_WINDOW_DAYS
from modelhub.permissions import can_purge_within_restore_window, is_staff_moderator
from modelhub.rules.aimodel import validate_aimodel
from modelhub.services.aimodels import _save, aimodel_update
from modelhub.services.aliases import alias_end
from modelhub.services.audit import audit_record

logger = logging.getLogger(__name__)
RESTORE_WINDOW = timedelta(days=RESTORE_WINDOW_DAYS)


PURGE_BY_COMMAND = "command"


class LifecycleRefused(ValidationError):
    """A delete or restore that does not apply to the model as it is now (already deleted, not
    deleted, or past the editors' restore window). Nothing was written."""

    def __init__(self, message: str):
        self.reason = message
        super().__init__({NON_FIELD_ERRORS: [message]})


class PurgeRefused(LifecycleRefused):
    """A purge the actor may not do (inside the restore window, not a superuser). Nothing removed."""


def _actor(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _locked(aimodel: AIModel) -> AIModel:
    return AIModel.objects.select_for_update(of=("self",)).select_related("namespace").get(pk=aimodel.pk)


def _set_delete_time(current: AIModel, value, *, actor, source: str, action: AuditAction) -> AIModel:
    old = current.delete_time
    now = timezone.now()
    current.delete_time = value
    current.update_time = max(now, current.update_time + timedelta(microseconds=1))
    current.save(update_fields=["delete_time", "update_time"])
    audit_record(
        aimodel=current,
        actor=actor,
        source=source,
        action=action,
        changes={
            "delete_time": {
                "old": old.isoformat() if old else None,
                "new": value.isoformat() if value else None,
            }
        },
    )
    return current


@transaction.atomic
def aimodel_delete(*, aimodel: AIModel, actor: AbstractBaseUser | AnonymousUser | None, source: str) -> AIModel:
    """Soft-delete: set `delete_time` (audited as "delete"). The ID stays taken until the purge."""
    current = _locked(aimodel)
    if current.delete_time is not None:
        raise LifecycleRefused(f"{current.handle} is already deleted.")
    return _set_delete_time(current, timezone.now(), actor=actor, source=source, action=AuditAction.DELETE)


def restore_deadline(aimodel: AIModel):
    """Until when the namespace's editors may restore a deleted model (staff: until it is purged)."""
    return aimodel.delete_time + RESTORE_WINDOW if aimodel.delete_time else None


@transaction.atomic
def aimodel_restore(*, aimodel: AIModel, actor: AbstractBaseUser | AnonymousUser | None, source: str) -> AIModel:
    """Undo a soft delete (audited as "undelete"), with the model's history intact.

    Editors may restore within RESTORE_WINDOW_DAYS of the deletion; staff (moderators,
    superusers) at any time until the model is purged. (Lifting a moderation hide is
    modelhub.services.moderation.aimodel_unhide.)
    """
    current = _locked(aimodel)
    if current.delete_time is None:
        raise LifecycleRefused(f"{current.handle} is not deleted.")
    if not (actor is not None and is_staff_moderator(actor)) and timezone.now() > restore_deadline(current):
        raise LifecycleRefused(
            f"{current.handle} was deleted more than {RESTORE_WINDOW_DAYS} days ago; "
            "only staff can restore it now, until it is purged."
        )
    return _set_delete_time(current, None, actor=actor, source=source, action=AuditAction.UNDELETE)


def aimodel_rename(
    *, aimodel: AIModel, new_model_id: str, actor: AbstractBaseUser | AnonymousUser | None, source: str
) -> AIModel:
    """Change the model's ID through the one write path (as PATCH `id` does), audited as "rename".

    The old ID becomes an alias: its page URLs answer 301 to the new ones and the API resolves
    it, until another model takes it. An ID held by another model (in any letter case, deleted
    or not) raises ModelIdTaken; a bad ID raises ValidationError; nothing is written then.
    """
    result = aimodel_update(
        aimodel=aimodel, changes={"model_id": new_model_id}, actor=actor, source=source, action=AuditAction.RENAME
    )
    return result.aimodel


@transaction.atomic
def aimodel_transfer(
    *,
    aimodel: AIModel,
    namespace: Namespace,
    new_model_id: str | None = None,
    actor: AbstractBaseUser | AnonymousUser | None,
    source: str,
) -> AIModel:
    """Move `aimodel` into `namespace` (under `new_model_id`, or its own ID), audited as "transfer".

    The caller has checked that the actor may edit the model and create models in `namespace`.
    The old name becomes an alias in the old namespace: its pages answer 301 and the API
    resolves it, until a model of that namespace takes the ID. The model keeps its uid and
    its history. Refused with nothing written (LifecycleRefused) for a deleted model, a model
    hidden by moderators (unless the actor is staff) and a move into its own namespace; an ID
    held in the target raises ModelIdTaken, a bad ID ValidationError.
    """
    current = _locked(aimodel)
    if current.delete_time is not None:
        raise LifecycleRefused(f"{current.handle} is deleted; restore it before transferring it.")
    if current.is_hidden and not (actor is not None and is_staff_moderator(actor)):
        raise LifecycleRefused(
            f"{current.handle} was hidden by moderators; it cannot be transferred until staff restore it."
        )
    if namespace.pk == current.namespace_id:
        raise LifecycleRefused(f"{current.name} is already in namespaces/{namespace.namespace_id}; rename it instead.")
    old_namespace, old_model_id = current.namespace, current.model_id
    current.namespace = namespace
    current.model_id = new_model_id if new_model_id is not None else old_model_id
    validate_aimodel(current, changed={"model_id"}, source=source)
    current.update_time = max(timezone.now(), current.update_time + timedelta(microseconds=1))
    _save(current, update_fields=["namespace", "model_id", "update_time"])
    alias_end(namespace_pk=namespace.pk, model_id=current.model_id)
    AIModelAlias.objects.create(namespace=old_namespace, model_id=old_model_id, aimodel=current)
    changes = {"namespace": {"old": old_namespace.namespace_id, "new": namespace.namespace_id}}
    if current.model_id != old_model_id:
        changes["model_id"] = {"old": old_model_id, "new": current.model_id}
    audit_record(aimodel=current, actor=actor, source=source, action=AuditAction.TRANSFER, changes=changes)
    return current


def aimodels_purge_deleted(
    *,
    older_than: timedelta = RESTORE_WINDOW,
    dry_run: bool = False,
    uids: Collection | None = None,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    source: str = PURGE_BY_COMMAND,
) -> list[str]:
    """Remove the models deleted more than `older_than` ago (with their history, reports, notes and
    aliases); their IDs become free. Returns the names of the models removed (with `dry_run`,
    that would be removed). Idempotent: a second run finds nothing. `uids` limits it to those
    models (the admin's purge action).

    Inside the restore window (`older_than` shorter than it) only a superuser may purge: else
    PurgeRefused, nothing removed. Every model removed leaves a PurgeRecord (who, when, its
    namespace, ID and uid, how many history entries went with it), written in the same
    transaction as the removal."""
    if older_than < RESTORE_WINDOW and not can_purge_within_restore_window(actor):
        raise PurgeRefused(
            f"Only a superuser may purge a model inside its {RESTORE_WINDOW_DAYS}-day restore window; "
            "its namespace's editors may still restore it."
        )
    now = timezone.now()
    cutoff = now - older_than
    with transaction.atomic():
        qs = AIModel.objects.filter(delete_time__isnull=False, delete_time__lte=cutoff)
        if uids is not None:
            qs = qs.filter(pk__in=list(uids))
        rows = list(
            qs.select_for_update(of=("self",))
            .select_related("namespace")
            .only("uid", "model_id", "delete_time", "namespace__namespace_id")
            .order_by("delete_time", "uid")
        )
        names = [row.name for row in rows]
        if rows and not dry_run:
            pks = [row.pk for row in rows]
            entries = dict(
                AuditEntry.objects.filter(aimodel_id__in=pks)
                .values("aimodel_id")
                .annotate(n=Count("id"))
                .values_list("aimodel_id", "n")
            )
            purger = _actor(actor)
            PurgeRecord.objects.bulk_create(
                PurgeRecord(
                    namespace_id=row.namespace_id,
                    namespace_name=row.namespace.namespace_id,
                    model_id=row.model_id,
                    model_uid=row.uid,
                    delete_time=row.delete_time,
                    purged_by=purger,
                    purged_by_name=purger.get_username() if purger else "",
                    source=source,
                    history_entries=entries.get(row.pk, 0),
                    within_restore_window=now < restore_deadline(row),
                )
                for row in rows
            )
            AIModel.objects.filter(pk__in=pks).delete()
    if names and not dry_run:
        logger.info("Purged %d deleted model(s): %s", len(names), ", ".join(names))
    return names
