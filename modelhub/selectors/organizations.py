"""An organization's members, memberships, invitations and history."""

from django.db.models import Case, QuerySet, Value, When

from modelhub.models import Membership, Namespace, OrganizationAuditEntry, Role

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
