"""The one write path for models: create and update."""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Field
from django.utils import timezone

from modelhub.image_audit import data_uri_audit
from modelhub.model_ids import ModelIdTaken
from modelhub.models import AIModel, AuditAction, AuditSource, Namespace
from modelhub.models.aimodels import EDITABLE_FIELDS
from modelhub.rules.aimodel import validate_aimodel
from modelhub.rules.changes import normalize_changes
from modelhub.services.aliases import alias_end, alias_record_rename
from modelhub.services.audit import audit_record

# Fields only moderation may write (through this same service).
MODERATION_FIELDS = ("moderation_state",)


@dataclass(frozen=True)
class UpdateResult:
    aimodel: AIModel
    changed_fields: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.changed_fields)


class ConflictError(Exception):
    """Someone else changed a field the caller changed, since the caller read it."""

    def __init__(self, conflicts: Mapping[str, Any]):
        self.conflicts = dict(conflicts)  # field -> the other writer's (current) value
        super().__init__("Changed by someone else meanwhile: " + ", ".join(self.conflicts))


class PreconditionFailed(Exception):
    """If-Match named a version that is no longer current."""

    def __init__(self, current_etag: str):
        self.current_etag = current_etag
        super().__init__(f"The model has changed; its current ETag is {current_etag}.")


def attname(field: str) -> str:
    """The attribute that holds an editable field's stored value (a foreign key's id)."""
    return cast("Field[Any, Any]", AIModel._meta.get_field(field)).attname  # editable fields are concrete


def value_of(aimodel: AIModel, field: str) -> Any:
    """A field's stored value as the API names it (foreign keys as their id strings)."""
    return getattr(aimodel, attname(field))


def fingerprint(value: Any) -> str:
    """A short stable digest of a value, to compare what a caller read with what is stored."""
    raw = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _audit_value(field: str, value: Any) -> Any:
    return data_uri_audit(value) if field == "profile_image" else value


def _check_fields(changes: Mapping[str, Any], source: str) -> None:
    allowed = EDITABLE_FIELDS + (MODERATION_FIELDS if source == AuditSource.MODERATION else ())
    if unknown := sorted(set(changes) - set(allowed)):
        raise ValidationError({name: ["Unknown or read-only field."] for name in unknown})


def _save(aimodel: AIModel, **kwargs) -> None:
    """Save; when the id is written, in a savepoint that turns a lost race on it into a field error."""
    if not kwargs.get("force_insert") and "model_id" not in kwargs.get("update_fields", ()):
        aimodel.save(**kwargs)
        return
    try:
        with transaction.atomic():
            aimodel.save(**kwargs)
    except IntegrityError as exc:
        raise ModelIdTaken(aimodel.model_id) from exc


def aimodel_update(
    *,
    aimodel: AIModel,
    changes: Mapping[str, Any],
    actor: AbstractBaseUser | AnonymousUser | None,
    source: str,
    expected: Mapping[str, str] | None = None,
    if_match: str | None = None,
    action: AuditAction = AuditAction.UPDATE,
    message: str = "",
    locked: bool = False,
    dry_run: bool = False,
) -> UpdateResult:
    """Write only the fields in `changes` whose value differs from the stored one.

    `aimodel` is the copy the caller read: a changed field whose stored value no longer
    matches that copy (or the fingerprints in `expected`) was changed by someone else
    meanwhile, and raises ConflictError. `if_match` is an ETag; a mismatch raises
    PreconditionFailed. Validation errors raise ValidationError. Nothing is written in
    any of those cases. A change that changes nothing writes nothing.

    `locked=True` says the caller loaded `aimodel` with select_for_update inside the
    transaction it is still in (as the API does, to check permissions and lock in one
    query); the row is then not read again, and no savepoint is made: an error rolls back
    the caller's whole transaction, so catch it outside that `atomic` block.

    `dry_run=True` checks all of that and writes nothing: the result names the fields a
    write would change (the admin validates its form so, and saves in `save_model`). The
    row stays locked until the caller's transaction ends.
    """
    _check_fields(changes, source)
    changes = normalize_changes(changes)
    if locked and not transaction.get_connection().in_atomic_block:
        raise RuntimeError("locked=True needs the caller's transaction that holds the row lock")
    with transaction.atomic(savepoint=not locked):
        return _update(aimodel, changes, actor, source, expected, if_match, action, message, locked, dry_run)


def _update(aimodel, changes, actor, source, expected, if_match, action, message, locked, dry_run) -> UpdateResult:
    if locked:
        current = aimodel
    else:
        current = (
            AIModel.objects.select_for_update(of=("self",))
            .select_related("namespace", "model_definition")
            .get(pk=aimodel.pk)
        )
    if if_match is not None and if_match.strip() not in ("*", current.etag):
        raise PreconditionFailed(current.etag)
    effective, conflicts = {}, {}
    for field, new in changes.items():
        stored = value_of(current, field)
        if stored == new:
            continue
        seen = expected[field] if expected and field in expected else fingerprint(value_of(aimodel, field))
        if fingerprint(stored) != seen:
            conflicts[field] = stored
        effective[field] = new
    if conflicts:
        raise ConflictError(conflicts)
    if not effective:
        return UpdateResult(aimodel=current, changed_fields=())

    old = {field: value_of(current, field) for field in effective}
    for field, new in effective.items():
        setattr(current, attname(field), new)
    validate_aimodel(current, changed=set(effective), source=source)
    if dry_run:
        return UpdateResult(aimodel=current, changed_fields=tuple(effective))
    now = timezone.now()
    current.update_time = max(now, current.update_time + timedelta(microseconds=1))
    _save(current, update_fields=[*effective, "update_time"])
    if "model_id" in effective:
        alias_record_rename(aimodel=current, old_model_id=old["model_id"])
    audit_record(
        aimodel=current,
        actor=actor,
        source=source,
        action=action,
        message=message,
        changes={f: {"old": _audit_value(f, old[f]), "new": _audit_value(f, effective[f])} for f in effective},
    )
    return UpdateResult(aimodel=current, changed_fields=tuple(effective))


@transaction.atomic
def aimodel_create(
    *,
    namespace: Namespace,
    data: Mapping[str, Any],
    actor: AbstractBaseUser | AnonymousUser | None,
    source: str,
    dry_run: bool = False,
) -> AIModel:
    """Create a model in `namespace` from API-named fields; same rules as an update.

    `dry_run=True` checks the rules and returns the model unsaved."""
    _check_fields(data, source)
    data = normalize_changes(data)
    aimodel = AIModel(namespace=namespace)
    for field, value in data.items():
        setattr(aimodel, attname(field), value)
    validate_aimodel(aimodel, changed=set(EDITABLE_FIELDS), source=source)
    if dry_run:
        return aimodel
    aimodel.create_time = aimodel.update_time = timezone.now()  # one instant: created == last updated
    _save(aimodel, force_insert=True)
    alias_end(namespace_pk=namespace.pk, model_id=aimodel.model_id)
    audit_record(
        aimodel=aimodel,
        actor=actor,
        source=source,
        action=AuditAction.CREATE,
        changes={
            f: {"old": None, "new": _audit_value(f, value_of(aimodel, f))}
            for f in EDITABLE_FIELDS
            if value_of(aimodel, f) not in ("", None)
        },
    )
    return aimodel
