"""Examples and enum wording of the OpenAPI document (the API reference at /docs/api/ shows them).

Every example here validates against its schema (tests/test_docs_reference.py checks that), and
the error examples are the messages the server really answers with.
"""

from collections.abc import Sequence
from typing import Any

from django.conf import settings

from modelhub.api.errors import BAD_REQUEST_TYPE

# The seed's wording of each task ("Task enumerates the AI task that a model is designed to solve.").
TASK_DESCRIPTIONS = {
    "TASK_CLASSIFICATION": "Image Classification - classify images into predefined categories.",
    "TASK_DETECTION": "Object Detection - detect and localize multiple objects in images.",
    "TASK_KEYPOINT": "Keypoint Detection - detect and localize multiple keypoints of objects in images.",
    "TASK_OCR": "OCR (Optical Character Recognition) - detect and recognize text in images.",
    "TASK_INSTANCE_SEGMENTATION": "Instance Segmentation - detect, localize and delineate multiple objects in images.",
    "TASK_SEMANTIC_SEGMENTATION": "Semantic Segmentation - classify image pixels into predefined categories.",
    "TASK_TEXT_TO_IMAGE": "Text to Image - generate images from input text prompts.",
    "TASK_IMAGE_TO_IMAGE": "Image to Image - generate an image from another image.",
    "TASK_EMBEDDING": ("Embedding - generate an embedding (a representation as coordinates) from a multimodal input."),
    "TASK_SPEECH_RECOGNITION": "Speech Recognition - transcribe the words in an audio input.",
    "TASK_CHAT": "Conversational Text Generation - generate text as responses to a dialog input.",
    "TASK_COMPLETION": "Completion Text Generation - generate text following the input prompt.",
    "TASK_CUSTOM": "Custom - custom task type for free form input/output.",
}
VISIBILITY_DESCRIPTIONS = {
    "VISIBILITY_PRIVATE": "Only the owner can see the model.",
    "VISIBILITY_PUBLIC": "Other users can see the model.",
}

PATCH_BODY_EXAMPLE = {"description": "A new description of the model."}

MODEL_EXAMPLE = {
    "name": "namespaces/alice/models/resnet-50",
    "uid": "61716644-7565-4298-806b-7b5ada407644",
    "id": "resnet-50",
    "description": PATCH_BODY_EXAMPLE["description"],
    "modelDefinition": "model-definitions/github",
    "task": "TASK_CLASSIFICATION",
    "visibility": "VISIBILITY_PUBLIC",
    "region": "REGION_GCP_EUROPE_WEST4",
    "hardware": "NVIDIA_TESLA_T4",
    "sourceUrl": "https://github.com/instill-ai/model-resnet-50",
    "documentationUrl": "https://www.instill.tech/docs/model/import/github",
    "license": "Apache-2.0",
    "tags": ["vision", "resnet"],
    "ownerName": "users/alice",
    "owner": {
        "user": {
            "name": "users/alice",
            "id": "alice",
            "createTime": "2026-11-30T09:12:40.102231Z",
            "updateTime": "2026-11-30T09:12:40.102231Z",
            "profile": {"displayName": "Alice"},
        }
    },
    "moderationState": "ACTIVE",
    "createTime": "2026-11-30T09:12:41.498546Z",
    "updateTime": "2026-12-01T10:29:15.498084Z",
    "deleteTime": None,
    "permission": {"canEdit": True, "canTrigger": False},
}
MODEL_FULL_EXAMPLE = {
    **MODEL_EXAMPLE,
    "configuration": {"repository": "instill-ai/model-resnet-50", "tag": "v1.0"},
    "readme": "# ResNet-50\n\nAn image classifier.\n",
    "profileImage": "",
}
DEFINITION_EXAMPLE = {
    "name": "model-definitions/github",
    "uid": "086525bb-7229-470f-a2ff-e6edca51d309",
    "id": "github",
    "title": "GitHub",
    "documentationUrl": "https://www.instill.tech/docs/model/import/github",
    "icon": "",
    "releaseStage": "RELEASE_STAGE_BETA",
    "modelSpec": {
        "type": "object",
        "properties": {"repository": {"type": "string"}, "tag": {"type": "string"}},
        "required": ["repository", "tag"],
    },
    "createTime": "2026-11-30T09:12:41.430865Z",
    "updateTime": "2026-11-30T09:12:41.430912Z",
}

# Success bodies by response schema name (components/schemas).
SUCCESS_EXAMPLES: dict[str, dict[str, Any]] = {
    "ModelResponse": {"model": MODEL_FULL_EXAMPLE},
    "ListModelsResponse": {"models": [MODEL_EXAMPLE], "nextPageToken": "", "totalSize": 1},
    "AvailableRegionsResponse": {
        "regions": [
            {
                "regionName": "REGION_LOCAL",
                "hardware": [{"title": "CPU", "value": "CPU"}, {"title": "GPU", "value": "GPU"}],
                "allowsCustomHardware": True,
            }
        ]
    },
    "ListModelDefinitionsResponse": {"modelDefinitions": [DEFINITION_EXAMPLE], "nextPageToken": "", "totalSize": 1},
    "ModelDefinitionResponse": {"modelDefinition": DEFINITION_EXAMPLE},
    "HealthCheckResponse": {"healthCheckResponse": {"status": "SERVING_STATUS_SERVING"}},
}


def _status(code: int, message: str, violations: Sequence[tuple[str, str]] = ()) -> dict:
    details = [{"@type": BAD_REQUEST_TYPE, "fieldViolations": [{"field": f, "description": d} for f, d in violations]}]
    return {"code": code, "message": message, "details": details if violations else []}


# One error body per HTTP status of the error table, as the server answers it.
ERROR_EXAMPLES = {
    "400": _status(3, "Invalid fields: colour", [("colour", "Unknown field.")]),
    "401": _status(16, "This call needs credentials: 'Authorization: Bearer <token>'."),
    "403": _status(7, "You may read this model but not edit it."),
    "404": _status(5, "Model namespaces/alice/models/yolov7 not found."),
    "405": _status(12, "Method PUT is not supported here; use DELETE, GET, HEAD, PATCH."),
    "409": _status(
        10,
        "Changed by someone else meanwhile: description; nothing was changed.",
        [("description", "Changed by someone else meanwhile.")],
    ),
    "412": _status(9, 'If-Match does not match the model\'s current ETag "6618fff86ae64"; nothing was changed.'),
    "413": _status(3, f"The request body is larger than {settings.API_MAX_BODY_BYTES:,} bytes."),
    "415": _status(3, "Unsupported content type 'text/plain'; send application/json."),
}
