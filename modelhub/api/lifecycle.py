"""Instill's model lifecycle routes: create, delete, rename, the list across namespaces, lookUp.

Each follows the `google.api.http` binding of Instill's ModelPublicService:
`POST /v1alpha/{parent=namespaces/*}/models` (body: the model), `DELETE
/v1alpha/{name=namespaces/*/models/*}`, `POST /v1alpha/{name=namespaces/*/models/*}/rename`
(body: `{"newModelId"}`), `POST /v1alpha/{name=namespaces/*/models/*}/transfer` (body:
`{"namespaceId", "newModelId"?}`), `GET /v1alpha/models` and `GET /v1alpha/{permalink=models/*}/lookUp`.
"""

import uuid

from django.db import transaction
from django.http import JsonResponse

from modelhub.api import patch
from modelhub.api.access import editable_model, known_namespace, model_response
from modelhub.api.auth import api_endpoint, require_user
from modelhub.api.errors import (
    AlreadyExists,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    api_field_name,
    field_error,
    service_errors,
)
from modelhub.api.etags import check_if_match
from modelhub.api.listing import bound_to, filtered, for_view, page, parse_list_query
from modelhub.api.proto import view_param
from modelhub.api.serialization import VIEW_FULL, aimodel_json
from modelhub.models import AuditSource
from modelhub.models.aimodels import REQUIRED_FIELDS
from modelhub.permissions import can_edit, can_view
from modelhub.selectors import (
    aimodel_by_uid_with_role,
    aimodels_anyone_sees,
    aimodels_visible_to,
    namespace_shown_to,
    namespace_with_role,
    with_configuration,
)
from modelhub.services import aimodel_create, aimodel_delete, aimodel_rename, aimodel_transfer
from modelhub.validators import RFC1034_RE


def aimodel_create_view(request, namespace_id: str) -> JsonResponse:
    """Create a model in a namespace the caller may edit: 200 and the model (VIEW_FULL).

    200, not 201: Instill's gateway answers CreateNamespaceModel with 200 (grpc-gateway maps
    every successful RPC to 200), and the SDKs generated from its OpenAPI document expect it.
    """
    require_user(request)
    namespace = known_namespace(request, namespace_id)  # 404 where the caller sees nothing
    if not can_edit(request.user, namespace.caller_role):
        raise PermissionDenied(f"You may not create models in namespaces/{namespace_id}.")
    data = patch.values_from_body(patch.read_json_object(request))
    if missing := [field for field in REQUIRED_FIELDS if field not in data]:  # no defaults: the caller says
        names = sorted(api_field_name(field) for field in missing)
        raise InvalidArgument("Missing required fields: " + ", ".join(names), [(name, "Required.") for name in names])
    if "profile_image" in data:  # decoded only once the caller may write here
        data["profile_image"] = patch.image_value(data["profile_image"])
    with service_errors():
        aimodel = aimodel_create(namespace=namespace, data=data, actor=request.user, source=AuditSource.API)
    aimodel.namespace = namespace
    response = model_response(request, aimodel, VIEW_FULL, role=namespace.caller_role)
    response["Location"] = f"/v1alpha/{aimodel.name}"
    return response


@api_endpoint("GET")
def aimodel_list_all(request):
    """The models the caller may see in every namespace (Instill's ListModels)."""
    view = view_param(request.GET)
    query = bound_to(for_view(parse_list_query(request.GET), view), route="models", caller=request.user)
    qs = filtered(aimodels_visible_to(request.user), query)
    anyone = aimodels_anyone_sees(request.user)
    rows, next_token, total = page(with_configuration(qs) if view == VIEW_FULL else qs, query, at_least=anyone)
    models = [aimodel_json(row, view, editable=can_edit(request.user, row.caller_role), image=False) for row in rows]
    return JsonResponse({"models": models, "nextPageToken": next_token, "totalSize": total})


def _uid(raw: str) -> uuid.UUID:
    try:
        if len(raw) != 36:
            raise ValueError(raw)
        return uuid.UUID(raw)
    except ValueError:
        raise field_error("permalink", "Must be models/{uid} with the model's UUID (8-4-4-4-12 hex digits).")


@api_endpoint("GET")
def aimodel_look_up(request, model_uid: str):
    """A model by its permalink models/{uid}, if the caller may read it."""
    view = view_param(request.GET)
    aimodel = aimodel_by_uid_with_role(request.user, _uid(model_uid))
    if aimodel is None or not can_view(request.user, aimodel, aimodel.caller_role):
        raise NotFound(f"Model models/{model_uid} not found.")
    return model_response(request, aimodel, view, role=aimodel.caller_role)


RENAME_KEYS = ("newModelId", "new_model_id")


def _new_model_id(body: dict) -> str:
    unknown = [key for key in body if key not in RENAME_KEYS]
    if unknown:
        raise InvalidArgument(
            "Invalid fields: " + ", ".join(k[:64] for k in unknown), [(k[:64], "Unknown field.") for k in unknown]
        )
    given = [key for key in RENAME_KEYS if key in body]
    if len(given) != 1:
        why = "Required." if not given else "Given twice (as newModelId and new_model_id)."
        raise field_error("newModelId", why)
    value = body[given[0]]
    if not isinstance(value, str):
        raise field_error("newModelId", "Must be a string.")
    return value


@api_endpoint("POST")
def aimodel_rename_view(request, namespace_id: str, model_id: str):
    """Give a model a new ID (its old name stays an alias); 200 and the model (VIEW_FULL)."""
    require_user(request)
    new_model_id = _new_model_id(patch.read_json_object(request))
    with service_errors(), transaction.atomic():
        aimodel = editable_model(request, namespace_id, model_id, for_update=True)
        check_if_match(request, aimodel.etag)
        renamed = aimodel_rename(aimodel=aimodel, new_model_id=new_model_id, actor=request.user, source=AuditSource.API)
    return model_response(request, renamed, VIEW_FULL, role=aimodel.caller_role)


def aimodel_delete_view(request, namespace_id: str, model_id: str) -> JsonResponse:
    """Soft-delete a model the caller may edit: `{}` (Instill's DeleteNamespaceModelResponse)."""
    require_user(request)
    with service_errors(), transaction.atomic():
        aimodel = editable_model(request, namespace_id, model_id, for_update=True)
        check_if_match(request, aimodel.etag)
        aimodel_delete(aimodel=aimodel, actor=request.user, source=AuditSource.API)
    return JsonResponse({})


TRANSFER_KEYS = {"namespaceId": "namespace_id", "namespace_id": "namespace_id"} | {
    "newModelId": "new_model_id",
    "new_model_id": "new_model_id",
}


def _transfer_body(body: dict) -> tuple[str, str | None]:
    """`namespaceId` (required) and `newModelId` (optional), each in camel or snake case, once."""
    unknown = [key for key in body if key not in TRANSFER_KEYS]
    if unknown:
        raise InvalidArgument(
            "Invalid fields: " + ", ".join(k[:64] for k in unknown), [(k[:64], "Unknown field.") for k in unknown]
        )
    values: dict[str, str] = {}
    for key, value in body.items():
        name = TRANSFER_KEYS[key]
        shown = "namespaceId" if name == "namespace_id" else "newModelId"
        if name in values:
            raise field_error(shown, f"Given twice (as {shown} and {name}).")
        if not isinstance(value, str):
            raise field_error(shown, "Must be a string.")
        values[name] = value
    if "namespace_id" not in values:
        raise field_error("namespaceId", "Required: the ID of the namespace to move the model to.")
    if not RFC1034_RE.match(values["namespace_id"]):
        raise field_error("namespaceId", "Not a namespace ID (letters, digits and hyphens, at most 63).")
    return values["namespace_id"], values.get("new_model_id")


def _target_namespace(request, namespace_id: str):
    """The namespace the caller moves a model to: 404 if they may not know of it, 403 if they may
    not create models in it."""
    target = namespace_with_role(request.user, namespace_id)
    if target is None or not (can_edit(request.user, target.caller_role) or namespace_shown_to(request.user, target)):
        raise NotFound(f"Namespace namespaces/{namespace_id[:63]} not found.")
    if not can_edit(request.user, target.caller_role):
        raise PermissionDenied(f"You may not create models in namespaces/{target.namespace_id}.")
    return target


@api_endpoint("POST")
def aimodel_transfer_view(request, namespace_id: str, model_id: str):
    """Move a model the caller may edit to a namespace where they may create models; its old name
    stays an alias. 200 and the model (VIEW_FULL) under its new name."""
    require_user(request)
    target_id, new_model_id = _transfer_body(patch.read_json_object(request))
    with service_errors(), transaction.atomic():
        aimodel = editable_model(request, namespace_id, model_id, for_update=True)
        check_if_match(request, aimodel.etag)
        target = _target_namespace(request, target_id)
        if target.pk == aimodel.namespace_id:
            message = f"{aimodel.name} is already in namespaces/{target.namespace_id}; rename it instead."
            raise AlreadyExists(message, violations=[("namespaceId", message)])
        moved = aimodel_transfer(
            aimodel=aimodel, namespace=target, new_model_id=new_model_id, actor=request.user, source=AuditSource.API
        )
    return model_response(request, moved, VIEW_FULL, role=target.caller_role)
