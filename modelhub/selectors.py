"""Reads. Each returns a QuerySet (or one object) with what its callers show, and no more."""

import functools

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Case, Exists, F, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.fields import CharField
from django.db.models.functions import Lower

from modelhub.compiled_queries import CompiledRead, stand_in_int, stand_in_text
from modelhub.join_order import in_written_join_order
from modelhub.models import (
    AIModel,
    AIModelAlias,
    AuditAction,
    AuditEntry,
    AuditSource,
    Membership,
    MembershipState,
    Namespace,
    OrganizationAuditEntry,
    PurgeRecord,
    Role,
    Visibility,
)
from modelhub.models.aimodels import HEAVY_FIELDS
from modelhub.permissions import EDIT_ROLES, is_staff_moderator


def _role_annotation(user, namespace_ref: str = "namespace"):
    if not user.is_authenticated:
        return Value(None, output_field=CharField())
    return Subquery(Membership.objects.active().filter(namespace=OuterRef(namespace_ref), user=user).values("role")[:1])


def aimodels_visible_to(user) -> QuerySet[AIModel]:
    """The models `user` may see, for lists: no image, README or configuration loaded; never deleted ones.

    Each has `caller_role` (the user's role in its namespace, or None) annotated: for a signed-in
    non-staff caller from the membership join `visible_to` already makes.
    """
    if connection.vendor == "sqlite":
        # Walks the list's index and looks each row's namespace up, whatever the planner's
        # statistics say (modelhub.join_order).
        qs = in_written_join_order(AIModel.objects.visible_to(user, membership_per_row=True))
        return qs.select_related("namespace").defer(*HEAVY_FIELDS).annotate(caller_role=_role_annotation(user))
    qs = AIModel.objects.visible_to(user).select_related("namespace").defer(*HEAVY_FIELDS)
    if user.is_authenticated and not is_staff_moderator(user):
        return qs.annotate(caller_role=F("caller_membership__role"))
    return qs.annotate(caller_role=_role_annotation(user))


def aimodels_anyone_sees(user) -> QuerySet[AIModel] | None:
    """For counting `aimodels_visible_to(user)` (modelhub.paging's `at_least`): the rows of it
    anyone may see, when `user` sees more than those (a signed-in visitor who is not staff);
    else None."""
    if not user.is_authenticated or is_staff_moderator(user):
        return None
    return AIModel.objects.visible_to(AnonymousUser())


def with_configuration(qs: QuerySet[AIModel]) -> QuerySet[AIModel]:
    """A list's models with their configuration and README loaded (the API's VIEW_FULL), never their image."""
    return qs.defer(None).defer("profile_image")


def namespace_with_role(user, namespace_id: str) -> Namespace | None:
    """A namespace by its ID, with `caller_role` (the user's role in it, or None) annotated."""
    return (
        Namespace.objects.annotate(caller_role=_role_annotation(user, "pk"))
        .alias(lower_id=Lower("namespace_id"))
        .filter(lower_id=namespace_id.lower())
        .first()
    )


def namespace_by_id(namespace_id: str) -> Namespace | None:
    """A namespace by its ID in any letter case (RFC-1034 names compare case-insensitively)."""
    return Namespace.objects.alias(lower_id=Lower("namespace_id")).filter(lower_id=namespace_id.lower()).first()


def namespaces_listed_to(user) -> QuerySet[Namespace]:
    """The namespaces in which `user` may see something, by ID: one holding a model anyone may
    see (the rule of `aimodels_visible_to`), or one they belong to; staff see them all. Any
    other namespace is not named to them, not even in a filter's choices."""
    namespaces = Namespace.objects.order_by("namespace_id")
    if is_staff_moderator(user):
        return namespaces
    shown = Exists(aimodels_visible_to(AnonymousUser()).filter(namespace=OuterRef("pk")))
    if user.is_authenticated:
        shown |= Exists(Membership.objects.active().filter(namespace=OuterRef("pk"), user=user))
    return namespaces.filter(shown)


def namespace_shown_to(user, namespace: Namespace) -> bool:
    """Whether `user` may know that `namespace` (from namespace_with_role) exists: they belong
    to it, are staff, or may see one of its models. To anyone else the API answers as if it
    did not exist."""
    return (
        namespace.caller_role is not None
        or is_staff_moderator(user)
        or aimodels_of_namespace_visible_to(user, namespace).exists()
    )


def namespace_known_to(user, namespace_id: str) -> Namespace | None:
    """The one rule for a namespace a request names: the namespace (with `caller_role`) if
    `user` may know it exists (`namespace_shown_to`), else None, whether it is missing or
    merely holds nothing they may see. Every page and API route answers None alike (404),
    and nothing (a prefill, a suggestion, a page token) queries the namespace's models for
    a caller who got None."""
    namespace = namespace_with_role(user, namespace_id)
    if namespace is None or not namespace_shown_to(user, namespace):
        return None
    return namespace


def aimodels_of_namespace_visible_to(user, namespace: Namespace) -> QuerySet[AIModel]:
    """The models of one namespace `user` may see, for lists (`namespace` from namespace_with_role).

    The same rows as `aimodels_visible_to(user).filter(namespace=namespace)`, but with the
    caller's role already known the condition is plain: all of them for members and staff,
    the public active ones otherwise. Both are counted from an index alone, far cheaper
    than counting through the membership join.
    """
    qs = AIModel.objects.alive().filter(namespace=namespace).defer(*HEAVY_FIELDS)
    member = namespace.caller_role is not None
    if member or is_staff_moderator(user):
        return qs
    return qs.public()


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


def aimodels_deleted_in(namespace: Namespace) -> QuerySet[AIModel]:
    """A namespace's deleted (not yet purged) models, the most recently deleted first; for its
    "Deleted models" page (no image, README or configuration loaded). Each has `deleted_by`
    annotated: the username of whoever deleted it (the latest "delete" audit entry), or None."""
    deleter = (
        AuditEntry.objects.filter(aimodel=OuterRef("pk"), action=AuditAction.DELETE)
        .order_by("-create_time", "-id")
        .values("actor__username")[:1]
    )
    return (
        AIModel.objects.deleted()
        .filter(namespace=namespace)
        .select_related("namespace")
        .defer(*HEAVY_FIELDS)
        .annotate(deleted_by=Subquery(deleter))
        .order_by("-delete_time", "uid")
    )


def purge_records_of(namespace: Namespace) -> QuerySet[PurgeRecord]:
    """The tombstones of a namespace's purged models, the most recent purge first."""
    return PurgeRecord.objects.filter(namespace=namespace).order_by("-purge_time", "-id")


def role_in_namespace(user, namespace: Namespace) -> str | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.active().filter(namespace=namespace, user=user).values_list("role", flat=True).first()


def namespaces_with_edit_role(user) -> QuerySet[Namespace]:
    """The namespaces in which `user` holds an editing role, by ID: what the list page offers
    to create models in. A superuser may create anywhere, but is offered their own, not every
    namespace of the hub."""
    if not user.is_authenticated:
        return Namespace.objects.none()
    return Namespace.objects.filter(
        memberships__user=user, memberships__role__in=EDIT_ROLES, memberships__state=MembershipState.ACTIVE
    ).order_by("namespace_id")


def namespaces_editable_by(user) -> QuerySet[Namespace]:
    if not user.is_authenticated:
        return Namespace.objects.none()
    if user.is_superuser:
        return Namespace.objects.all()
    return Namespace.objects.filter(
        memberships__user=user, memberships__role__in=EDIT_ROLES, memberships__state=MembershipState.ACTIVE
    )


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


def aimodel_by_uid_with_role(user, uid) -> AIModel | None:
    """One model by its uid (Instill's permalink `models/{uid}`), with `caller_role` annotated; never a deleted one."""
    qs = (
        AIModel.objects.alive()
        .select_related("namespace", "model_definition")
        .annotate(caller_role=_role_annotation(user))
    )
    try:
        return qs.get(pk=uid)
    except AIModel.DoesNotExist:
        return None


def visibility_before_hide(aimodel: AIModel) -> str:
    """The visibility the model had before the moderators' last hide, from that hide's audit entry
    (a hide that found it private recorded no visibility change); private when there is none."""
    hide = AuditEntry.objects.filter(aimodel=aimodel, action="hide").order_by("-id").values("changes").first()
    before = ((hide or {}).get("changes") or {}).get("visibility") or {}
    old = before.get("old") if isinstance(before, dict) else None
    return old if old in Visibility.values else Visibility.PRIVATE


ROLE_ORDER = {Role.OWNER: 0, Role.ADMIN: 1, Role.MEMBER: 2, Role.VIEWER: 3}


def members_shown_to(user, namespace: Namespace) -> QuerySet[Membership]:
    """An organization's active members, owners first, as its page lists them to whoever may see
    the organization (pending invitations are for its settings page)."""
    return (
        Membership.objects.active()
        .filter(namespace=namespace)
        .select_related("user")
        .annotate(
            rank=Case(*(When(role=role, then=Value(rank)) for role, rank in ROLE_ORDER.items()), default=Value(9))
        )
        .order_by("rank", "user__username")
    )


def memberships_of(namespace: Namespace) -> QuerySet[Membership]:
    """Every membership of an organization (active ones, then pending invitations), for its settings."""
    return (
        Membership.objects.filter(namespace=namespace)
        .select_related("user", "invited_by")
        .order_by("state", "user__username")
    )


def invitations_for(user) -> QuerySet[Membership]:
    """The user's pending invitations, newest first."""
    return (
        Membership.objects.pending()
        .filter(user=user)
        .select_related("namespace", "invited_by")
        .order_by("-create_time", "-id")
    )


def organization_history(namespace: Namespace) -> QuerySet[OrganizationAuditEntry]:
    return (
        OrganizationAuditEntry.objects.filter(namespace=namespace)
        .select_related("actor")
        .order_by("-create_time", "-id")
    )
