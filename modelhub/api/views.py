"""The REST API's views (spec section 4): plain function views returning JSON."""

from django.db import transaction
from django.http import JsonResponse

from modelhub.api import patch
from modelhub.api.auth import api_endpoint, record_in_transaction, require_user
from modelhub.api.errors import PERMISSION_DENIED, ApiError, field_error, not_found, service_errors
from modelhub.api.images import image_response
from modelhub.api.listing import filtered, page, parse_list_query
from modelhub.api.serialization import VIEW_BASIC, VIEW_FULL, VIEWS, aimodel_json, definition_json, region_json
from modelhub.models import AuditSource, ModelDefinition, Region
from modelhub.permissions import can_edit, can_view
from modelhub.selectors import aimodel_with_role, aimodels_of_namespace_visible_to, namespace_with_role
from modelhub.services import aimodel_update
from modelhub.validators import RFC1034_RE
from modelhub.web.access import canonical_redirect


def _name_ok(*names: str) -> bool:
    return all(RFC1034_RE.match(name) for name in names)


def _readable_model(request, namespace_id: str, model_id: str, *, for_update: bool = False):
    """The model if the caller may read it; 404 otherwise (private models are never revealed)."""
    aimodel = (
        aimodel_with_role(request.user, namespace_id, model_id, for_update=for_update)
        if _name_ok(namespace_id, model_id)
        else None
    )
    if aimodel is None or not can_view(request.user, aimodel, aimodel.caller_role):
        raise not_found(f"Model namespaces/{namespace_id[:63]}/models/{model_id[:63]} not found.")
    return aimodel


def _editable_model(request, namespace_id: str, model_id: str, *, for_update: bool = False):
    """The model if the caller may edit it; 404 if they may not read it, 403 if only read."""
    aimodel = _readable_model(request, namespace_id, model_id, for_update=for_update)
    if not can_edit(request.user, aimodel.caller_role):
        raise ApiError(403, PERMISSION_DENIED, "You may read this model but not edit it.")
    return aimodel


def model_response(aimodel, view: str, status: int = 200) -> JsonResponse:
    response = JsonResponse({"model": aimodel_json(aimodel, view)}, status=status)
    response["ETag"] = aimodel.etag
    return response


@api_endpoint("GET")
def aimodel_list(request, namespace_id: str):
    query = parse_list_query(request.GET)
    if request.GET.get("view", VIEW_BASIC) != VIEW_BASIC:
        raise field_error("view", "Lists return VIEW_BASIC; get a model for VIEW_FULL.")
    namespace = namespace_with_role(request.user, namespace_id) if _name_ok(namespace_id) else None
    if namespace is None:
        raise not_found(f"Namespace namespaces/{namespace_id[:63]} not found.")
    qs = filtered(aimodels_of_namespace_visible_to(request.user, namespace), query)
    rows, next_token, total = page(qs, query)
    for row in rows:
        row.namespace = namespace
    return JsonResponse(
        {"models": [aimodel_json(row) for row in rows], "nextPageToken": next_token, "totalSize": total}
    )


@api_endpoint("GET", "PATCH")
def aimodel_detail(request, namespace_id: str, model_id: str):
    if request.method == "PATCH":
        return _aimodel_patch(request, namespace_id, model_id)
    view = request.GET.get("view", VIEW_BASIC) or VIEW_BASIC
    if view not in VIEWS:
        raise field_error("view", "Must be VIEW_BASIC or VIEW_FULL.")
    return model_response(_readable_model(request, namespace_id, model_id), view)


def _aimodel_patch(request, namespace_id: str, model_id: str) -> JsonResponse:
    """Lock, check and write in one transaction (token 1 + locked read 1 + UPDATE + audit + log = 5 queries)."""
    require_user(request)
    changes = patch.changes_from_request(request, patch.read_json_object(request))
    raw_image = changes.get("profile_image")
    if "profile_image" in changes:
        # Decoded before the row lock (it is the slow part), but only for a caller who may
        # edit the model: nobody makes the server decode an image for a model they cannot see.
        _editable_model(request, namespace_id, model_id)
        changes["profile_image"] = patch.image_value(raw_image)
    with service_errors(), transaction.atomic():  # a refusal rolls the whole transaction back
        aimodel = _editable_model(request, namespace_id, model_id, for_update=True)
        if raw_image and raw_image == aimodel.profile_image:
            changes["profile_image"] = raw_image  # the current image sent back: a no-op
        if_match = request.headers.get("If-Match")
        result = aimodel_update(
            aimodel=aimodel, changes=changes, actor=request.user, source=AuditSource.API, if_match=if_match, locked=True
        )
        response = model_response(result.aimodel, VIEW_FULL)
        # The request log goes in the same commit as the change: one disk sync per PATCH
        # instead of two (the commit, not the code, is most of a durable write's cost).
        record_in_transaction(request, response)
    request.api_recorded = True  # committed with the change
    return response


@api_endpoint("GET", record_sessions=False)
def aimodel_image(request, namespace_id: str, model_id: str):
    aimodel = _readable_model(request, namespace_id, model_id)
    if moved := canonical_redirect(request, aimodel):  # an old ID or other letter case: 301
        return moved
    return image_response(request, aimodel)


@api_endpoint("GET")
def available_regions(request):
    regions = Region.objects.filter(is_active=True).prefetch_related("hardware")
    return JsonResponse({"regions": [region_json(region) for region in regions]})


@api_endpoint("GET")
def definition_list(request):
    definitions = list(ModelDefinition.objects.all())
    return JsonResponse(
        {
            "modelDefinitions": [definition_json(d) for d in definitions],
            "nextPageToken": "",
            "totalSize": len(definitions),
        }
    )


@api_endpoint("GET")
def definition_detail(request, definition_id: str):
    definition = (
        ModelDefinition.objects.filter(definition_id=definition_id).first() if _name_ok(definition_id) else None
    )
    if definition is None:
        raise not_found(f"Model definition model-definitions/{definition_id[:63]} not found.")
    return JsonResponse({"modelDefinition": definition_json(definition)})


@api_endpoint("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
def unknown_path(request, rest: str = ""):
    raise not_found(f"No API endpoint at {request.path[:200]}.")
