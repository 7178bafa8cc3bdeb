"""The REST API's views (spec section 4): plain function views returning JSON."""

from django.db import transaction
from django.http import JsonResponse

from modelhub.api import lifecycle, patch
from modelhub.api.access import editable_model as _editable_model
from modelhub.api.access import model_response, namespace_not_found
from modelhub.api.access import name_ok as _name_ok
from modelhub.api.access import readable_model as _readable_model
from modelhub.api.auth import api_endpoint, record_in_transaction, require_user
from modelhub.api.errors import ApiError, NotFound, service_errors
from modelhub.api.etags import check_if_match
from modelhub.api.images import image_response
from modelhub.api.listing import bound_to, filtered, for_view, page, parse_list_query
from modelhub.api.proto import view_param
from modelhub.api.serialization import VIEW_FULL, aimodel_json, definition_json, region_json
from modelhub.models import AuditSource, ModelDefinition, Region
from modelhub.permissions import can_edit
from modelhub.selectors import (
    aimodels_of_namespace_visible_to,
    namespace_shown_to,
    namespace_with_role,
    with_configuration,
)
from modelhub.services import aimodel_update
from modelhub.web.access import canonical_redirect


@api_endpoint("GET", "POST")
def aimodel_list(request, namespace_id: str):
    if request.method == "POST":
        return lifecycle.aimodel_create_view(request, namespace_id)
    view = view_param(request.GET)
    query = for_view(parse_list_query(request.GET), view)
    namespace = namespace_with_role(request.user, namespace_id) if _name_ok(namespace_id) else None
    if namespace is None:
        raise namespace_not_found(namespace_id)
    query = bound_to(query, route="namespace-models", namespace=namespace, caller=request.user)
    visible = aimodels_of_namespace_visible_to(request.user, namespace)
    qs = filtered(visible, query)
    # `namespace_known_to`'s rule, checked only when the page could not show it: a page with
    # rows is proof enough, and a valid token was issued to this caller for this listing.
    try:
        rows, next_token, total = page(with_configuration(qs) if view == VIEW_FULL else qs, query)
    except ApiError:  # a forged or foreign page token: refused only where the namespace is known
        if not namespace_shown_to(request.user, namespace):
            raise namespace_not_found(namespace_id) from None
        raise
    if not rows and not namespace_shown_to(request.user, namespace):
        # Nothing in it for this caller: the same answer as a namespace that does not exist.
        raise namespace_not_found(namespace_id)
    editable = can_edit(request.user, namespace.caller_role)  # one namespace: one role for every row
    for row in rows:
        row.namespace = namespace
    models = [aimodel_json(row, view, editable=editable, image=False) for row in rows]
    return JsonResponse({"models": models, "nextPageToken": next_token, "totalSize": total})


@api_endpoint("GET", "PATCH", "DELETE")
def aimodel_detail(request, namespace_id: str, model_id: str):
    if request.method == "PATCH":
        return _aimodel_patch(request, namespace_id, model_id)
    if request.method == "DELETE":
        return lifecycle.aimodel_delete_view(request, namespace_id, model_id)
    aimodel = _readable_model(request, namespace_id, model_id)
    return model_response(request, aimodel, view_param(request.GET), role=aimodel.caller_role)


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
        check_if_match(request, aimodel.etag)  # RFC 9110: `*` or a list of ETags
        result = aimodel_update(
            aimodel=aimodel, changes=changes, actor=request.user, source=AuditSource.API, locked=True
        )
        response = model_response(request, result.aimodel, VIEW_FULL, role=aimodel.caller_role)
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
def definition_detail(request, definition_id: str):
    definition = (
        ModelDefinition.objects.filter(definition_id=definition_id).first() if _name_ok(definition_id) else None
    )
    if definition is None:
        raise NotFound(f"Model definition model-definitions/{definition_id[:63]} not found.")
    return JsonResponse({"modelDefinition": definition_json(definition)})


@api_endpoint("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
def unknown_path(request, rest: str = ""):
    raise NotFound(f"No API endpoint at {request.path[:200]}.")
