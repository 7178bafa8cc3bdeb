"""Loading a model for a page, with the permission rules of spec section 5 applied."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse

from modelhub.models import AIModel, Namespace
from modelhub.namespace_access import NamespaceHidden, NamespaceRefused, namespace_for
from modelhub.permissions import can_edit, can_view
from modelhub.selectors import aimodel_with_role


def known_namespace(request, namespace_id: str, **rule) -> Namespace:
    """The namespace (with `caller_role`) if the user may know it exists; 404 otherwise, the
    same page for a missing namespace and for one that holds nothing they may see. `rule`
    (`organization`, `allowed`, `refusal`) is `namespace_for`'s: 403 when it refuses."""
    try:
        return namespace_for(request.user, namespace_id, **rule)
    except NamespaceHidden:
        raise Http404("No such namespace.") from None
    except NamespaceRefused as refused:
        raise PermissionDenied(refused.message) from None


def viewable_aimodel(request, namespace_id: str, model_id: str) -> AIModel:
    """The model if the user may read it; 404 otherwise (a private model does not exist to outsiders)."""
    aimodel = aimodel_with_role(request.user, namespace_id, model_id)
    if aimodel is None or not can_view(request.user, aimodel, aimodel.caller_role):
        raise Http404("No such model.")
    return aimodel


def canonical_redirect(request, aimodel: AIModel) -> HttpResponsePermanentRedirect | None:
    """A 301 to the same page under the model's current name, if the URL spelled it otherwise (an
    old ID kept as an alias, or other letter case); None when it is canonical. Only for GET and
    HEAD, after the permission check (so a redirect never reveals a model the caller may not see)."""
    match = request.resolver_match
    if request.method not in ("GET", "HEAD") or match is None:
        return None
    canonical = {"namespace_id": aimodel.namespace.namespace_id, "model_id": aimodel.model_id}
    if all(match.kwargs.get(key) == value for key, value in canonical.items()):
        return None
    url = reverse(match.view_name, kwargs={**match.kwargs, **canonical})
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


def editable_aimodel(request, namespace_id: str, model_id: str) -> AIModel:
    """The model if the user may edit it; 404 if they may not even read it, 403 if read-only."""
    aimodel = viewable_aimodel(request, namespace_id, model_id)
    if not can_edit(request.user, aimodel.caller_role):
        raise PermissionDenied("You may read this model but not edit it.")
    return aimodel


def image_src(aimodel: AIModel) -> str:
    """An inline `src` for a stored image (only data:image/ URIs, which the service produces)."""
    value = aimodel.profile_image or ""
    return value if value[:11].lower() == "data:image/" else ""


def image_endpoint(aimodel: AIModel) -> str:
    """The API path of the model's image (the one image its README may show)."""
    return f"/v1alpha/namespaces/{aimodel.namespace.namespace_id}/models/{aimodel.model_id}/image"


def thumbnail_url(aimodel: AIModel) -> str:
    """The API's image endpoint, versioned by the ETag so browsers may cache it for long."""
    version = aimodel.etag.strip('"')
    return f"/v1alpha/namespaces/{aimodel.namespace.namespace_id}/models/{aimodel.model_id}/image?v={version}"
