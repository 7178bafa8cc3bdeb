"""Reads for the API reference: the user's own example model, and their logged requests of one operation."""

from django.db.models import QuerySet

from modelhub.models import AIModel, ApiRequest, MembershipState, Namespace, NamespaceKind, Role, Webhook
from modelhub.models.aimodels import HEAVY_FIELDS
from modelhub.selectors import namespaces_editable_by

RECENT_REQUESTS_SHOWN = 10
MODEL_ID_MAX = 63


def own_namespaces(user) -> QuerySet[Namespace]:
    """The user's own (USER kind) namespace, the one they own."""
    return Namespace.objects.filter(
        kind=NamespaceKind.USER,
        memberships__user=user,
        memberships__role=Role.OWNER,
        memberships__state=MembershipState.ACTIVE,
    )


def own_organizations(user) -> QuerySet[Namespace]:
    """The organizations the user is an active member of, by ID."""
    return Namespace.objects.filter(
        kind=NamespaceKind.ORGANIZATION, memberships__user=user, memberships__state=MembershipState.ACTIVE
    ).order_by("namespace_id")


def own_example_model(user) -> AIModel | None:
    """The user's most recently updated model (not deleted) in their own namespace, or None."""
    return (
        AIModel.objects.alive()
        .filter(namespace__in=own_namespaces(user))
        .select_related("namespace")
        .defer(*HEAVY_FIELDS)
        .order_by("-update_time", "-pk")
        .first()
    )


def free_model_id(user, namespace_id: str, base: str) -> str:
    """`base`, or `base-2`, `base-3`…: the first ID no model of the namespace holds (deleted ones hold
    theirs until purged; IDs ignore letter case). One query.

    Only the namespaces `user` may create in are asked (their editors know every ID in them);
    for any other namespace the answer is `base` itself, so the suggestion tells an outsider
    nothing about private or deleted models, nor whether the namespace exists."""
    base = base[: MODEL_ID_MAX - 4].rstrip("-") or "model"
    held = {
        held_id.lower()
        for held_id in AIModel.objects.filter(
            namespace__in=namespaces_editable_by(user),
            namespace__namespace_id__iexact=namespace_id,
            model_id__istartswith=base,
        ).values_list("model_id", flat=True)
    }
    candidates = (base if n == 1 else f"{base}-{n}" for n in range(1, len(held) + 2))
    return next(candidate for candidate in candidates if candidate.lower() not in held)


def recent_requests(user, method: str, path_regex: str) -> QuerySet[ApiRequest]:
    """The user's logged API requests of one operation (method and path pattern), newest first."""
    methods = [method, "HEAD"] if method == "GET" else [method]
    return (
        ApiRequest.objects.filter(user=user, method__in=methods, path__regex=path_regex)
        .select_related("token")
        .order_by("-create_time", "-id")[:RECENT_REQUESTS_SHOWN]
    )


def own_webhooks(user, namespace_id: str) -> QuerySet[Webhook]:
    """The webhooks of a namespace in which the user manages webhooks (owner or admin), newest first."""
    return Webhook.objects.filter(
        namespace__namespace_id__iexact=namespace_id,
        namespace__memberships__user=user,
        namespace__memberships__role__in=(Role.OWNER, Role.ADMIN),
        namespace__memberships__state=MembershipState.ACTIVE,
    ).order_by("-create_time", "-uid")
