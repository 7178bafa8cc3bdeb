"""Reads for the API reference: the user's own example model, and their logged requests of one operation."""

from django.db.models import QuerySet

from modelhub.models import AIModel, ApiRequest, Namespace, NamespaceKind, Role
from modelhub.models.aimodels import HEAVY_FIELDS

RECENT_REQUESTS_SHOWN = 10


def own_namespaces(user) -> QuerySet[Namespace]:
    """The user's own (USER kind) namespace, the one they own."""
    return Namespace.objects.filter(kind=NamespaceKind.USER, memberships__user=user, memberships__role=Role.OWNER)


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


def recent_requests(user, method: str, path_regex: str) -> QuerySet[ApiRequest]:
    """The user's logged API requests of one operation (method and path pattern), newest first."""
    methods = [method, "HEAD"] if method == "GET" else [method]
    return (
        ApiRequest.objects.filter(user=user, method__in=methods, path__regex=path_regex)
        .select_related("token")
        .order_by("-create_time", "-id")[:RECENT_REQUESTS_SHOWN]
    )
