"""Finding the model a request names, as the caller may see it, and answering with it."""

from django.http import JsonResponse

from modelhub.api.errors import NotFound, PermissionDenied
from modelhub.api.serialization import aimodel_json
from modelhub.namespace_access import NamespaceHidden, NamespaceRefused, namespace_for
from modelhub.permissions import can_edit, can_view
from modelhub.selectors import aimodel_with_role
from modelhub.validators import RFC1034_RE


def name_ok(*names: str) -> bool:
    return all(RFC1034_RE.match(name) for name in names)


def namespace_not_found(namespace_id: str) -> NotFound:
    """The answer for a namespace that is missing or holds nothing the caller may see."""
    return NotFound(f"Namespace namespaces/{namespace_id[:63]} not found.")


def known_namespace(request, namespace_id: str, *, not_found: str = "", **rule):
    """The namespace (with `caller_role`) if the caller may know it exists; 404 otherwise (with
    `not_found` as its message, if given). `rule` (`organization`, `allowed`, `refusal`) is
    `namespace_for`'s: 403 when it refuses."""
    try:
        return namespace_for(request.user, namespace_id, **rule)
    except NamespaceHidden:
        raise NotFound(not_found) if not_found else namespace_not_found(namespace_id) from None
    except NamespaceRefused as refused:
        raise PermissionDenied(refused.message) from None


def readable_model(request, namespace_id: str, model_id: str, *, for_update: bool = False):
    """The model if the caller may read it; 404 otherwise (private models are never revealed)."""
    aimodel = (
        aimodel_with_role(request.user, namespace_id, model_id, for_update=for_update)
        if name_ok(namespace_id, model_id)
        else None
    )
    if aimodel is None or not can_view(request.user, aimodel, aimodel.caller_role):
        raise NotFound(f"Model namespaces/{namespace_id[:63]}/models/{model_id[:63]} not found.")
    return aimodel


def editable_model(request, namespace_id: str, model_id: str, *, for_update: bool = False):
    """The model if the caller may edit it; 404 if they may not read it, 403 if only read."""
    aimodel = readable_model(request, namespace_id, model_id, for_update=for_update)
    if not can_edit(request.user, aimodel.caller_role):
        raise PermissionDenied("You may read this model but not edit it.")
    return aimodel


def model_response(request, aimodel, view: str, *, role: str | None) -> JsonResponse:
    """`{model}` and its ETag; `role` is the caller's in the model's namespace (for `permission`)."""
    editable = can_edit(request.user, role)
    response = JsonResponse({"model": aimodel_json(aimodel, view, editable=editable)})
    response["ETag"] = aimodel.etag
    return response
