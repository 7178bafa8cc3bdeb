"""The schemas around the model: its owner, the region and definition catalogs, health and errors."""

from modelhub.api.errors import BAD_REQUEST_TYPE, ApiError
from modelhub.api.openapi_inputs import RFC1034_PATTERN
from modelhub.api.openapi_schemas.common import STR, TIME, ref
from modelhub.models import ReleaseStage

RPC_CODES = sorted({ApiError.code, *(error.code for error in ApiError.__subclasses__())})

CATALOG_SCHEMAS = {
    "HealthCheckResponse": {
        "type": "object",
        "properties": {
            "healthCheckResponse": {
                "type": "object",
                "properties": {
                    "status": {
                        "type": "string",
                        "enum": ["SERVING_STATUS_SERVING", "SERVING_STATUS_NOT_SERVING"],
                    }
                },
                "required": ["status"],
                "additionalProperties": False,
            }
        },
        "required": ["healthCheckResponse"],
        "additionalProperties": False,
    },
    "Owner": {
        "type": "object",
        "description": "The namespace that owns the model, as Instill's mgmt Owner: a user or an organization.",
        "properties": {"user": ref("OwnerProfile"), "organization": ref("OwnerProfile")},
        "minProperties": 1,
        "maxProperties": 1,
        "additionalProperties": False,
    },
    "OwnerProfile": {
        "type": "object",
        "properties": {
            "name": {**STR, "description": "users/{id} or organizations/{id}"},
            "id": {**STR, "pattern": RFC1034_PATTERN},
            "createTime": TIME,
            "updateTime": TIME,
            "profile": {
                "type": "object",
                "properties": {"displayName": STR},
                "required": ["displayName"],
                "additionalProperties": False,
            },
        },
        "required": ["name", "id", "createTime", "updateTime", "profile"],
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
            "code": {"type": "integer", "description": f"google.rpc.Code ({', '.join(map(str, RPC_CODES))})."},
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
