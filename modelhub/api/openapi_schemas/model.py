"""The model's own schemas: the resource, its patch and create bodies (from the field table), and the
responses that carry it."""

from typing import Any

from modelhub.api.openapi_examples import TASK_DESCRIPTIONS, VISIBILITY_DESCRIPTIONS
from modelhub.api.openapi_inputs import (
    RENAME_BODY,
    REQUIRED_INPUTS,
    RFC1034_PATTERN,
    TRANSFER_BODY,
    model_input_schema,
)
from modelhub.api.openapi_schemas.common import STR, TIME, enum_schema, ref
from modelhub.models import ModerationState, Task, Visibility
from modelhub.models.fields_table import FIELDS
from modelhub.paging import COUNT_LIMIT

# Descriptions in the seed's wording ("Update a model"), then what modelhub adds.
MODEL_PROPERTIES: dict[str, dict[str, Any]] = {
    "name": {**STR, "readOnly": True, "description": "The resource name: namespaces/{namespace}/models/{id}."},
    "uid": {**STR, "format": "uuid", "readOnly": True, "description": "Model UUID."},
    "id": {
        **STR,
        "maxLength": 63,
        "description": (
            "Model resource ID (used in name as the last segment). This conforms to RFC-1034, which restricts "
            "to letters, numbers, and hyphen, with the first character a letter, the last a letter or a number, "
            "and a 63 character maximum. Changing it renames the model."
        ),
    },
    "description": {**STR, "maxLength": 1023, "description": "Model description."},
    "modelDefinition": {
        **STR,
        "description": (
            "The model definition that has been used to import the model: model-definitions/{id} "
            "(a bare id is accepted on input)."
        ),
    },
    "task": enum_schema(Task, "Task enumerates the AI task that a model is designed to solve.", TASK_DESCRIPTIONS),
    "visibility": enum_schema(Visibility, "Visibility defines who can access the model.", VISIBILITY_DESCRIPTIONS),
    "region": {
        **STR,
        "description": (
            "Region of choice for the particular provider to host the model: an active region of "
            "GET /v1alpha/available-regions."
        ),
    },
    "hardware": {
        **STR,
        "description": (
            "Hardware of choice to serve the model: a hardware value of the region, or a custom name where "
            "the region allows it."
        ),
    },
    "sourceUrl": {
        **STR,
        "maxLength": 255,
        "description": (
            "A link to the source code of the model (e.g. to a GitHub repository): an http(s) URL, or empty."
        ),
    },
    "documentationUrl": {
        **STR,
        "maxLength": 255,
        "description": "A link to any extra information: an http(s) URL, or empty.",
    },
    "license": {**STR, "maxLength": 255, "description": "License under which the model is distributed."},
    "ownerName": {**STR, "readOnly": True, "description": "users/{id} or organizations/{id}"},
    "moderationState": {**enum_schema(ModerationState, "HIDDEN: hidden by moderators."), "readOnly": True},
    "createTime": {**TIME, "description": "Model creation time."},
    "updateTime": {**TIME, "description": "Model update time."},
    "configuration": {
        "type": "object",
        "description": (
            "Model configuration. This field is validated against the model specification in the model "
            "definition (i.e. the model_spec field in the model definition). VIEW_FULL only (lists too)."
        ),
    },
    "readme": {
        **STR,
        "maxLength": 100000,
        "description": "README holds the model documentation (Markdown). VIEW_FULL only (lists too).",
    },
    "profileImage": {
        **STR,
        "description": (
            "Model profile image in base64 format: a data:image/...;base64, URI, or empty. VIEW_FULL of one "
            "model only: lists leave it out even in VIEW_FULL (each model's image is at its own URL, "
            "GET /v1alpha/namespaces/{namespace}/models/{model}/image)."
        ),
    },
}
MODEL_PROPERTIES["id"]["pattern"] = RFC1034_PATTERN
MODEL_PROPERTIES |= {
    "tags": {
        "type": "array",
        "items": STR,
        "description": "Tags: lower-case strings, without duplicates.",
    },
    "owner": {**ref("Owner"), "readOnly": True},
    "deleteTime": {
        "type": ["string", "null"],
        "format": "date-time",
        "readOnly": True,
        "description": "When the model was deleted (soft delete); null while it is not.",
    },
    "permission": {
        "type": "object",
        "readOnly": True,
        "description": (
            "What the caller may do with the model (Instill's Permission; an additive field, absent from the "
            "seed's model): canEdit is whether a PATCH, rename or delete by this caller would be allowed (the "
            "namespace's owner, an organization's owner, admin or member, a superuser); canTrigger is always "
            "false, as modelhub serves no inference. Computed per caller: an answer for one caller is not "
            "another's."
        ),
        "properties": {
            "canEdit": {"type": "boolean", "description": "The caller may edit the model."},
            "canTrigger": {"type": "boolean", "const": False, "description": "Always false: no inference."},
        },
        "required": ["canEdit", "canTrigger"],
        "additionalProperties": False,
    },
}
# The documented wording of each input field (the seed's), for the request bodies.
_INPUT_WORDING = {
    name: {
        **{k: v for k, v in schema.items() if k in ("description", "x-enum-descriptions")},
        **({"x-required-in-model": True} if name in REQUIRED_INPUTS else {}),
    }
    for name, schema in MODEL_PROPERTIES.items()
    if not schema.get("readOnly")
}
BASIC_REQUIRED = [name for name in MODEL_PROPERTIES if name not in {spec.api_name for spec in FIELDS if spec.heavy}]

MODEL_SCHEMAS = {
    "Model": {
        "type": "object",
        "description": (
            "A model. VIEW_BASIC (the default) leaves out configuration, readme and profileImage; VIEW_FULL "
            "includes them, but a list's VIEW_FULL leaves out profileImage."
        ),
        "properties": MODEL_PROPERTIES,
        "required": BASIC_REQUIRED,
        "additionalProperties": False,
    },
    "ModelPatch": {
        **model_input_schema(_INPUT_WORDING, create=False),
        "description": (
            "The fields to change (camelCase or snake_case keys). Only fields present (or named in "
            'update_mask) change. null or "" clears an optional field and is an error for a required one. '
            "Output-only fields are ignored; unknown fields are an error. Enums take their names or proto "
            "numbers. profileImage takes a base64 data URI (PNG, JPEG, WebP or GIF; normalised to at most "
            '512x512) or "" to remove it.'
        ),
    },
    "ModelCreate": {
        **model_input_schema(_INPUT_WORDING, create=True),
        "description": (
            "The model to create (camelCase or snake_case keys): id, modelDefinition, configuration, task, "
            "visibility, region and hardware are required. Output-only fields are ignored; unknown fields are "
            "an error. Enums take their names or proto numbers."
        ),
    },
    "RenameModelRequest": RENAME_BODY,
    "TransferModelRequest": TRANSFER_BODY,
    "DeleteModelResponse": {
        "type": "object",
        "description": "Empty: the model is deleted (restorable for 30 days from the namespace's Deleted models).",
        "properties": {},
        "additionalProperties": False,
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
            "totalSize": {
                "type": "integer",
                "minimum": 0,
                "description": f"Exact up to {COUNT_LIMIT:,} models; beyond that an estimate, at least "
                f"{COUNT_LIMIT + 1:,} (the database's estimate on PostgreSQL, {COUNT_LIMIT + 1:,} on SQLite), "
                "so that no request counts every row.",
            },
        },
        "required": ["models", "nextPageToken", "totalSize"],
        "additionalProperties": False,
    },
}
