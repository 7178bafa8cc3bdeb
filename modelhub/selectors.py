"""Reads. Each returns a QuerySet (or one object) with what its callers show, and no more."""

from django.db.models import FilteredRelation, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.fields import CharField

from modelhub.models import AIModel, Membership, ModerationState, Namespace, Visibility
from modelhub.models.aimodels import HEAVY_FIELDS
from modelhub.permissions import EDIT_ROLES, is_moderator


def _role_annotation(user, namespace_ref: str = "namespace"):
    if not user.is_authenticated:
        return Value(None, output_field=CharField())
    return Subquery(Membership.objects.filter(namespace=OuterRef(namespace_ref), user=user).values("role")[:1])


def aimodels_visible_to(user) -> QuerySet[AIModel]:
    """The models `user` may see, for lists: no image, README or configuration loaded."""
    qs = AIModel.objects.select_related("namespace").defer(*HEAVY_FIELDS)
    if user.is_authenticated and (user.is_superuser or is_moderator(user)):
        return qs
    public = Q(visibility=Visibility.PUBLIC, moderation_state=ModerationState.ACTIVE)
    if not user.is_authenticated:
        return qs.filter(public)
    # A LEFT JOIN on the caller's own membership (at most one row: unique per namespace and
    # user), not `namespace IN (subquery)`: with the IN form SQLite ORs two index lookups
    # and sorts every visible row (~350 ms at 100,000 models); with the join both databases
    # walk the create_time index in list order and stop after one page (~1 ms).
    mine = FilteredRelation("namespace__memberships", condition=Q(namespace__memberships__user=user))
    return qs.annotate(caller_membership=mine).filter(public | Q(caller_membership__isnull=False))


def namespace_with_role(user, namespace_id: str) -> Namespace | None:
    """A namespace by its ID, with `caller_role` (the user's role in it, or None) annotated."""
    return (
        Namespace.objects.annotate(caller_role=_role_annotation(user, "pk")).filter(namespace_id=namespace_id).first()
    )


def aimodels_of_namespace_visible_to(user, namespace: Namespace) -> QuerySet[AIModel]:
    """The models of one namespace `user` may see, for lists (`namespace` from namespace_with_role).

    The same rows as `aimodels_visible_to(user).filter(namespace=namespace)`, but with the
    caller's role already known the condition is plain: all of them for members and staff,
    the public active ones otherwise. Both are counted from an index alone (~5 ms for
    100,000 models, against ~130 ms for the membership join's count).
    """
    qs = AIModel.objects.filter(namespace=namespace).defer(*HEAVY_FIELDS)
    member = namespace.caller_role is not None
    if member or (user.is_authenticated and (user.is_superuser or is_moderator(user))):
        return qs
    return qs.filter(visibility=Visibility.PUBLIC, moderation_state=ModerationState.ACTIVE)


def aimodel_with_role(user, namespace_id: str, model_id: str, *, for_update: bool = False) -> AIModel | None:
    """One model by its name, with `caller_role` (the user's role in its namespace) annotated.

    Loads everything (the detail and edit pages show it all). Returns None if missing;
    the caller decides visibility with modelhub.permissions.
    """
    qs = AIModel.objects.select_related("namespace", "model_definition").annotate(caller_role=_role_annotation(user))
    if for_update:
        qs = qs.select_for_update(of=("self",))
    # get() rather than first(): a unique lookup needs no ORDER BY (first() would sort by Meta.ordering).
    try:
        return qs.get(namespace__namespace_id=namespace_id, model_id=model_id)
    except AIModel.DoesNotExist:
        return None


def role_in_namespace(user, namespace: Namespace) -> str | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(namespace=namespace, user=user).values_list("role", flat=True).first()


def namespaces_editable_by(user) -> QuerySet[Namespace]:
    if not user.is_authenticated:
        return Namespace.objects.none()
    if user.is_superuser:
        return Namespace.objects.all()
    return Namespace.objects.filter(memberships__user=user, memberships__role__in=EDIT_ROLES)


def aimodel_by_uid_with_role(user, uid) -> AIModel | None:
    """One model by its uid (Instill's permalink `models/{uid}`), with `caller_role` annotated."""
    qs = AIModel.objects.select_related("namespace", "model_definition").annotate(caller_role=_role_annotation(user))
    try:
        return qs.get(pk=uid)
    except AIModel.DoesNotExist:
        return None
