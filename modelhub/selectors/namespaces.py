"""Namespaces: by ID, with the caller's role, which ones a user may know of, create in or edit."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import Combinable
from django.db.models.functions import Lower

from modelhub.models import Membership, MembershipState, Namespace
from modelhub.permissions import EDIT_ROLES, is_staff_moderator
from modelhub.selectors.aimodels import aimodels_of_namespace_visible_to, aimodels_visible_to
from modelhub.selectors.caller_role import with_caller_role


def namespace_with_role(user, namespace_id: str) -> Namespace | None:
    """A namespace by its ID, with `caller_role` (the user's role in it, or None) annotated."""
    return (
        with_caller_role(Namespace.objects.all(), user, "pk")
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
    shown: Q | Combinable = Exists(aimodels_visible_to(AnonymousUser()).filter(namespace=OuterRef("pk")))
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
