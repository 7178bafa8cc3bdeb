"""The OpenAPI 3.1 document of the API, served as JSON and YAML (tests validate real answers against it)."""

import copy
import functools
import json

import yaml
from django.http import HttpResponse, JsonResponse

from modelhub.api.auth import api_endpoint
from modelhub.api.listing import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from modelhub.api.openapi_examples import ERROR_EXAMPLES, PATCH_BODY_EXAMPLE, SUCCESS_EXAMPLES
from modelhub.api.openapi_schemas import SCHEMAS, ref

ERRORS = {
    "400": "Bad input, unknown field or empty change (code 3).",
    "401": "No or bad credentials (code 16).",
    "403": "May read the model but not edit it, or a session request without its CSRF token (code 7).",
    "404": "Namespace or model missing, or private and not readable by the caller (code 5).",
    "405": "Method not supported (code 12).",
    "409": "Same-field conflict (code 10).",
    "412": "If-Match does not match the current ETag; nothing written (code 9).",
    "413": "Body too large (code 3).",
    "415": "Body is not application/json (code 3).",
}
ETAG = {"ETag": {"description": "The model's version, for If-Match.", "schema": {"type": "string"}}}


def _json(schema_name: str, description: str, headers: dict | None = None, example: dict | None = None) -> dict:
    media = {"schema": ref(schema_name)}
    if (example := example or SUCCESS_EXAMPLES.get(schema_name)) is not None:
        media["example"] = example  # shown on /docs/api/
    response = {"description": description, "content": {"application/json": media}}
    if headers:
        response["headers"] = headers
    return response


def _errors(*codes: str) -> dict:
    return {
        code: _json("Status", ERRORS[code], example=ERROR_EXAMPLES.get(code))
        for code in ("400", "401", *codes)
        if code in ERRORS
    }


def _param(
    name: str, where: str, description: str, schema: dict | None = None, required: bool = False, example=None
) -> dict:
    param = {
        "name": name,
        "in": where,
        "required": required,
        "description": description,
        "schema": schema or {"type": "string"},
    }
    if example is not None:
        param["example"] = example
    return param


NS = _param("namespace", "path", "Namespace ID", required=True, example="alice")
MODEL = _param("model", "path", "Model ID", required=True, example="resnet-50")
VIEW = _param(
    "view", "query", "VIEW_BASIC (default) or VIEW_FULL.", {"type": "string", "enum": ["VIEW_BASIC", "VIEW_FULL"]}
)
LIST_PARAMS = [
    _param(
        "page_size",
        "query",
        f"1..{MAX_PAGE_SIZE}, default {DEFAULT_PAGE_SIZE}.",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
    ),
    _param("page_token", "query", "nextPageToken of the previous page (same filter, visibility and order_by)."),
    _param("filter", "query", 'q="text": id or description contains the text (case-insensitive).'),
    _param(
        "visibility",
        "query",
        "Only models of this visibility.",
        {"type": "string", "enum": ["VISIBILITY_PUBLIC", "VISIBILITY_PRIVATE"]},
    ),
    _param("order_by", "query", "create_time, update_time or id, then asc or desc; default 'create_time desc'."),
]


def _paths() -> dict:
    model_path = "/v1alpha/namespaces/{namespace}/models/{model}"
    return {
        "/v1alpha/namespaces/{namespace}/models": {
            "get": {
                "operationId": "ListNamespaceModels",
                "summary": "List namespace models",
                "description": "Lists the models of a namespace that the caller may see, in VIEW_BASIC.",
                "tags": ["Model"],
                "parameters": [NS, *LIST_PARAMS],
                "responses": {"200": _json("ListModelsResponse", "A page of models."), **_errors("404")},
            }
        },
        model_path: {
            "get": {
                "operationId": "GetNamespaceModel",
                "summary": "Get a model",
                "description": "Returns the details of a model, accessing it by its namespace and ID.",
                "tags": ["Model"],
                "parameters": [NS, MODEL, VIEW],
                "responses": {"200": _json("ModelResponse", "The model.", ETAG), **_errors("404")},
            },
            "patch": {
                "operationId": "UpdateNamespaceModel",
                "summary": "Update a model",
                "description": (
                    "Updates a model, accessing it by its resource name, which is defined by the parent namespace "
                    "and the ID of the model.\n\nIn REST requests, only the supplied model fields will be taken "
                    "into account when updating the resource (or those listed in update_mask)."
                ),
                "tags": ["Model"],
                "security": [{"bearerAuth": []}],
                "parameters": [
                    NS,
                    MODEL,
                    _param(
                        "update_mask",
                        "query",
                        "Comma-separated fields to update; a listed field absent from the body is cleared.",
                    ),
                    _param("If-Match", "header", "Change only if the model's ETag still is this value."),
                ],
                "requestBody": {
                    "required": True,
                    "description": "The model to update",
                    "content": {"application/json": {"schema": ref("ModelPatch"), "example": PATCH_BODY_EXAMPLE}},
                },
                "responses": {
                    "200": _json("ModelResponse", "The model after the update (VIEW_FULL).", ETAG),
                    **_errors("403", "404", "409", "412", "413", "415"),
                },
            },
        },
        f"{model_path}/image": {
            "get": {
                "operationId": "GetNamespaceModelImage",
                "summary": "Get a model's profile image",
                "description": "The profile image as bytes with its content type (ETag, If-None-Match, Cache-Control).",
                "tags": ["Model"],
                "parameters": [NS, MODEL, _param("If-None-Match", "header", "ETag of a cached copy.")],
                "responses": {
                    "200": {
                        "description": "The image.",
                        "content": {
                            f"image/{t}": {"schema": {"type": "string", "contentMediaType": f"image/{t}"}}
                            for t in ("png", "jpeg", "webp", "gif")
                        },
                    },
                    "304": {"description": "The cached copy is current."},
                    **_errors("404"),
                },
            }
        },
        "/v1alpha/available-regions": {
            "get": {
                "operationId": "ListAvailableRegions",
                "summary": "List available regions",
                "description": "The active regions and their hardware.",
                "tags": ["Region"],
                "security": [{}],
                "responses": {"200": _json("AvailableRegionsResponse", "The regions."), **_errors()},
            }
        },
        "/v1alpha/model-definitions": {
            "get": {
                "operationId": "ListModelDefinitions",
                "summary": "List model definitions",
                "description": "All model definitions (one page).",
                "tags": ["Model definition"],
                "security": [{}],
                "responses": {"200": _json("ListModelDefinitionsResponse", "The definitions."), **_errors()},
            }
        },
        "/v1alpha/model-definitions/{definition}": {
            "get": {
                "operationId": "GetModelDefinition",
                "summary": "Get a model definition",
                "description": "One model definition, with the JSON Schema of its models' configuration.",
                "tags": ["Model definition"],
                "security": [{}],
                "parameters": [_param("definition", "path", "Model definition ID", required=True, example="github")],
                "responses": {"200": _json("ModelDefinitionResponse", "The definition."), **_errors("404")},
            }
        },
    }


@functools.cache
def document() -> dict:
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "modelhub API",
            "version": "v1alpha",
            "description": (
                "Instill-compatible model API. Authenticate with 'Authorization: Bearer <token>' "
                "(create one on /settings/tokens/ or with manage.py create_api_token); anonymous callers "
                "may read public models. Requests accept camelCase or snake_case keys; answers are camelCase. "
                "Every error is a google.rpc.Status."
            ),
        },
        "servers": [{"url": "/"}],
        "security": [{"bearerAuth": []}, {}],
        "paths": _paths(),
        "components": {
            "schemas": copy.deepcopy(SCHEMAS),
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        },
    }


@api_endpoint("GET")
def openapi_json(request):
    return JsonResponse(document(), json_dumps_params={"indent": 2})


@functools.cache
def _yaml() -> str:
    return yaml.safe_dump(json.loads(json.dumps(document())), sort_keys=False, allow_unicode=True)


@api_endpoint("GET")
def openapi_yaml(request):
    return HttpResponse(_yaml(), content_type="application/yaml; charset=utf-8")
