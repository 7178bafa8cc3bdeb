"""One model by its name (any letter case, through aliases), with `caller_role` annotated.

The API's hot path is compiled once (modelhub.compiled_queries)."""

import functools

from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.db.models.fields import CharField
from django.db.models.functions import Lower

from modelhub.compiled_queries import CompiledRead, stand_in_int, stand_in_text
from modelhub.models import AIModel, AIModelAlias, Membership


def aimodel_resolve(
    user, namespace_id: str, model_id: str, *, include_deleted: bool = False, for_update: bool = False
) -> tuple[AIModel | None, bool]:
    """One model by its name, with `caller_role` (the user's role in its namespace) annotated,
    and whether the name was spelled as the model's canonical one.

    The namespace and model IDs match in any letter case; a model ID no model holds resolves
    through the namespace's aliases (former IDs of renamed models). Deleted models are left
    out unless `include_deleted` (the "Deleted models" page and its Restore). Loads everything
    (the detail and edit pages show it all). Returns (None, False) if missing; the caller
    decides visibility with modelhub.permissions.
    """
    user_id = user.pk if user.is_authenticated else None
    if user_id is not None and not include_deleted:  # the API's hot path: compiled once (modelhub.compiled_queries)
        read = _AIMODEL_WITH_ROLE_LOCKED if for_update else _AIMODEL_WITH_ROLE
        found = read.fetch(user_id, namespace_id, model_id, limit=2)
    else:
        named = _aimodel_with_role(
            user_id, namespace_id, model_id, for_update=for_update, include_deleted=include_deleted
        )
        found = list(named[:2])
    if len(found) > 1:
        raise AIModel.MultipleObjectsReturned(f"{namespace_id}/{model_id} names {len(found)} models")
    aimodel = found[0] if found else _resolve_alias(user_id, namespace_id, model_id, for_update, include_deleted)
    if aimodel is None:
        return None, False
    return aimodel, aimodel.namespace.namespace_id == namespace_id and aimodel.model_id == model_id


def _with_role(user_id: int | None, *, for_update: bool, include_deleted: bool) -> QuerySet[AIModel]:
    role = (
        Subquery(
            Membership.objects.active().filter(namespace=OuterRef("namespace"), user_id=user_id).values("role")[:1]
        )
        if user_id is not None
        else Value(None, output_field=CharField())
    )
    qs = AIModel.objects.select_related("namespace", "model_definition").annotate(caller_role=role)
    if not include_deleted:
        qs = qs.alive()
    if for_update:
        qs = qs.select_for_update(of=("self",))
    return qs


def _aimodel_with_role(
    user_id: int | None, namespace_id: str, model_id: str, *, for_update: bool, include_deleted: bool = False
) -> QuerySet[AIModel]:
    # IDs compare case-insensitively: LOWER(column) = LOWER(value), which the unique indexes on
    # LOWER(namespace_id) and (LOWER(model_id), namespace) answer; the value goes into the SQL
    # as given (lower-cased by the database), so the compiled read can put each caller's in.
    qs = _with_role(user_id, for_update=for_update, include_deleted=include_deleted)
    named = qs.alias(lower_ns=Lower("namespace__namespace_id"), lower_id=Lower("model_id"))
    # No ORDER BY: a unique lookup (as get() would do; first() would sort by Meta.ordering).
    return named.filter(lower_ns=Lower(Value(namespace_id)), lower_id=Lower(Value(model_id))).order_by()


def _resolve_alias(user_id, namespace_id: str, model_id: str, for_update: bool, include_deleted: bool):
    """The model a former ID (an alias) of the namespace leads to, or None."""
    target = (
        AIModelAlias.objects.alias(lower_ns=Lower("namespace__namespace_id"), lower_id=Lower("model_id"))
        .filter(lower_ns=namespace_id.lower(), lower_id=model_id.lower())
        .values_list("aimodel_id", flat=True)
        .first()
    )
    if target is None:
        return None
    qs = _with_role(user_id, for_update=for_update, include_deleted=include_deleted)
    return qs.filter(pk=target).order_by().first()


_STAND_INS = (stand_in_int(0), stand_in_text(1), stand_in_text(2))
_AIMODEL_WITH_ROLE = CompiledRead(functools.partial(_aimodel_with_role, for_update=False), _STAND_INS)
_AIMODEL_WITH_ROLE_LOCKED = CompiledRead(functools.partial(_aimodel_with_role, for_update=True), _STAND_INS)


def aimodel_with_role(user, namespace_id: str, model_id: str, *, for_update: bool = False) -> AIModel | None:
    """The model `aimodel_resolve` finds (not deleted; any letter case; through aliases), or None."""
    return aimodel_resolve(user, namespace_id, model_id, for_update=for_update)[0]
