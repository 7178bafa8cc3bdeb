"""The OpenAPI 3.1 document of the API, served as JSON and YAML (tests validate real answers against it)."""

import copy
import functools
import json

import yaml
from django.http import HttpResponse, JsonResponse

from modelhub.api.auth import api_endpoint
from modelhub.api.openapi_examples import PATCH_BODY_EXAMPLE
from modelhub.api.openapi_inputs import (
    DEFINITION,
    IF_MATCH,
    LIST_PARAMS,
    MODEL,
    NS,
    PAGE_SIZE,
    PAGE_TOKEN,
    UPDATE_MASK,
    VIEW,
    param,
)
from modelhub.api.openapi_lifecycle import lifecycle_operations
from modelhub.api.openapi_organizations import SCHEMAS as ORGANIZATION_SCHEMAS
from modelhub.api.openapi_organizations import organization_operations
from modelhub.api.openapi_responses import ETAG, _errors, _json
from modelhub.api.openapi_schemas import SCHEMAS, ref
from modelhub.api.openapi_webhooks.operations import webhook_operations
from modelhub.api.openapi_webhooks.schemas import WEBHOOK_SCHEMAS

MOVED = {
    "description": (
        "The URL named the model by a former ID (an alias kept after a rename) or in other letter case: "
        "the same request at the model's current URL is in Location."
    ),
    "headers": {"Location": {"description": "The model's current URL for this route.", "schema": {"type": "string"}}},
}
IMAGE_IF_NONE_MATCH = param("If-None-Match", "header", "ETag of a cached copy.", {"type": "string"})


def _paths() -> dict:
    paths = _read_and_update_paths()
    for path, operations in (
        *lifecycle_operations().items(),
        *webhook_operations().items(),
        *organization_operations().items(),
    ):
        paths[path] = {**paths.get(path, {}), **operations}
    for extension, media in (("json", "application/json"), ("yaml", "application/yaml")):
        paths[f"/v1alpha/openapi.{extension}"] = {
            "get": {
                "operationId": f"GetOpenApi{extension.title()}",
                "summary": f"This document ({extension.upper()})",
                "description": "The OpenAPI 3.1 document of this API.",
                "tags": ["Reference"],
                "security": [{}],
                "responses": {
                    "200": {
                        "description": "The document.",
                        "content": {media: {"schema": {"type": "object"}}},
                    },
                    **_errors(),
                },
            }
        }
    return paths


def _read_and_update_paths() -> dict:
    model_path = "/v1alpha/namespaces/{namespace}/models/{model}"
    return {
        "/v1alpha/namespaces/{namespace}/models": {
            "get": {
                "operationId": "ListNamespaceModels",
                "summary": "List namespace models",
                "description": (
                    "Lists the models of a namespace that the caller may see: VIEW_BASIC, or with view=VIEW_FULL "
                    "their configuration and readme too (a smaller page: see page_size)."
                ),
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
                    UPDATE_MASK,
                    IF_MATCH,
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
                "parameters": [NS, MODEL, IMAGE_IF_NONE_MATCH],
                "responses": {
                    "200": {
                        "description": "The image.",
                        "content": {
                            f"image/{t}": {"schema": {"type": "string", "contentMediaType": f"image/{t}"}}
                            for t in ("png", "jpeg", "webp", "gif")
                        },
                    },
                    "301": MOVED,
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
                "description": "The model definitions, a page at a time in ID order.",
                "tags": ["Model definition"],
                "security": [{}],
                "parameters": [PAGE_SIZE, PAGE_TOKEN, VIEW],
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
                "parameters": [DEFINITION],
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
                "Every error is a google.rpc.Status. Organizations and memberships follow Instill's management "
                "API under /v1beta/."
            ),
        },
        "servers": [{"url": "/"}],
        "security": [{"bearerAuth": []}, {}],
        "paths": _paths(),
        "components": {
            "schemas": copy.deepcopy({**SCHEMAS, **WEBHOOK_SCHEMAS, **ORGANIZATION_SCHEMAS}),
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
