"""JSON Schemas (OpenAPI 3.1 = JSON Schema 2020-12) of the API's bodies, built from the domain's choices."""

from modelhub.api.errors import BAD_REQUEST_TYPE
from modelhub.models import ModerationState, ReleaseStage, Task, Visibility

STR = {"type": "string"}
TIME = {"type": "string", "format": "date-time", "readOnly": True}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _enum(choices, description: str) -> dict:
    return {"type": "string", "enum": list(choices.values), "description": description}


MODEL_PROPERTIES = {
    "name": {**STR, "readOnly": True, "description": "namespaces/{namespace}/models/{id}"},
    "uid": {**STR, "format": "uuid", "readOnly": True},
    "id": {**STR, "maxLength": 63, "description": "RFC-1034 id; changing it renames the model."},
    "description": {**STR, "maxLength": 1023},
    "modelDefinition": {**STR, "description": "model-definitions/{id} (a bare id is accepted on input)."},
    "task": _enum(Task, "The AI task the model solves."),
    "visibility": _enum(Visibility, "Who can access the model."),
    "region": {**STR, "description": "An active region of GET /v1alpha/available-regions."},
    "hardware": {**STR, "description": "A hardware value of the region, or a custom name where allowed."},
    "sourceUrl": {**STR, "maxLength": 255, "description": "http(s) URL, or empty."},
    "documentationUrl": {**STR, "maxLength": 255, "description": "http(s) URL, or empty."},
    "license": {**STR, "maxLength": 255},
    "tags": {
        "type": "array",
        "items": {**STR, "maxLength": 32},
        "maxItems": 20,
        "description": "Lower-case tags (stored lower-cased and de-duplicated); letters, digits, - _ . +",
    },
    "ownerName": {**STR, "readOnly": True, "description": "users/{id} or organizations/{id}"},
    "moderationState": {**_enum(ModerationState, "HIDDEN: hidden by moderators."), "readOnly": True},
    "createTime": TIME,
    "updateTime": TIME,
    "configuration": {"type": "object", "description": "VIEW_FULL only. Valid against the definition's modelSpec."},
    "readme": {**STR, "maxLength": 100000, "description": "VIEW_FULL only. Markdown."},
    "profileImage": {**STR, "description": "VIEW_FULL only. A data:image/...;base64, URI, or empty."},
}
BASIC_REQUIRED = [name for name in MODEL_PROPERTIES if name not in ("configuration", "readme", "profileImage")]

SCHEMAS = {
    "Model": {
        "type": "object",
        "description": "A model. VIEW_BASIC (lists, default GET) leaves out configuration, readme and profileImage.",
        "properties": MODEL_PROPERTIES,
        "required": BASIC_REQUIRED,
        "additionalProperties": False,
    },
    "ModelPatch": {
        "type": "object",
        "description": (
            "The fields to change (camelCase or snake_case keys). Only fields present (or named in "
            'update_mask) change. null or "" clears an optional field and is an error for a required one. '
            "Output-only fields are ignored; unknown fields are an error. profileImage takes a base64 data URI "
            '(PNG, JPEG, WebP or GIF; normalised to at most 512x512) or "" to remove it.'
        ),
        "properties": {
            name: {**{k: v for k, v in schema.items() if k not in ("readOnly", "maxLength", "format")}}
            for name, schema in MODEL_PROPERTIES.items()
            if not schema.get("readOnly")
        },
        "minProperties": 1,
    },
    "ModelResponse": {
        "type": "object",
        "properties": {"model": ref("Model")},
        "required": ["model"],
        "additionalProperties": False,
    },
    "ListModelsResponse": {
        "type": "object",
        "properties": {
            "models": {"type": "array", "items": ref("Model")},
            "nextPageToken": {**STR, "description": "Empty on the last page."},
            "totalSize": {"type": "integer", "minimum": 0},
        },
        "required": ["models", "nextPageToken", "totalSize"],
        "additionalProperties": False,
    },
    "Region": {
        "type": "object",
        "properties": {
            "regionName": STR,
            "hardware": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"title": STR, "value": STR},
                    "required": ["title", "value"],
                    "additionalProperties": False,
                },
            },
            "allowsCustomHardware": {"type": "boolean"},
        },
        "required": ["regionName", "hardware", "allowsCustomHardware"],
        "additionalProperties": False,
    },
    "AvailableRegionsResponse": {
        "type": "object",
        "properties": {"regions": {"type": "array", "items": ref("Region")}},
        "required": ["regions"],
        "additionalProperties": False,
    },
    "ModelDefinition": {
        "type": "object",
        "properties": {
            "name": STR,
            "uid": {**STR, "format": "uuid"},
            "id": STR,
            "title": STR,
            "documentationUrl": STR,
            "icon": STR,
            "releaseStage": {"type": "string", "enum": list(ReleaseStage.values)},
            "modelSpec": {"type": "object", "description": "JSON Schema of a model's configuration."},
            "createTime": TIME,
            "updateTime": TIME,
        },
        "required": ["name", "uid", "id", "title", "releaseStage", "modelSpec", "createTime", "updateTime"],
        "additionalProperties": False,
    },
    "ListModelDefinitionsResponse": {
        "type": "object",
        "properties": {
            "modelDefinitions": {"type": "array", "items": ref("ModelDefinition")},
            "nextPageToken": STR,
            "totalSize": {"type": "integer", "minimum": 0},
        },
        "required": ["modelDefinitions", "nextPageToken", "totalSize"],
        "additionalProperties": False,
    },
    "ModelDefinitionResponse": {
        "type": "object",
        "properties": {"modelDefinition": ref("ModelDefinition")},
        "required": ["modelDefinition"],
        "additionalProperties": False,
    },
    "Status": {
        "type": "object",
        "description": "google.rpc.Status: every error.",
        "properties": {
            "code": {"type": "integer", "description": "google.rpc.Code (3, 5, 7, 9, 10, 12, 13, 16)."},
            "message": STR,
            "details": {"type": "array", "items": ref("BadRequest")},
        },
        "required": ["code", "message", "details"],
        "additionalProperties": False,
    },
    "BadRequest": {
        "type": "object",
        "properties": {
            "@type": {"const": BAD_REQUEST_TYPE},
            "fieldViolations": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"field": STR, "description": STR},
                    "required": ["field", "description"],
                    "additionalProperties": False,
                },
            },
        },
        "required": ["@type", "fieldViolations"],
        "additionalProperties": False,
    },
}
