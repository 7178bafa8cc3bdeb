"""Operations of the model lifecycle (create, delete, rename, transfer, list all, lookUp) and the health probes."""

from modelhub.api.openapi_inputs import IF_MATCH, LIST_PARAMS, MODEL, NS, UID, VIEW
from modelhub.api.openapi_responses import ETAG, _errors, _json
from modelhub.api.openapi_schemas import ref

MODELS = "/v1alpha/namespaces/{namespace}/models"
MODEL_PATH = MODELS + "/{model}"
WRITE_SECURITY: list[dict[str, list[str]]] = [
    {"bearerAuth": []}
]  # writes need credentials (a browser session works too, with CSRF)
WRITE_ERRORS = ("403", "404", "409", "412", "413", "415")


def _body(schema_name: str, description: str, example: dict | None = None) -> dict:
    media = {"schema": ref(schema_name)}
    if example is not None:
        media["example"] = example
    return {"required": True, "description": description, "content": {"application/json": media}}


def _health(operation_id: str, summary: str, description: str, ready: bool) -> dict:
    responses = {"200": _json("HealthCheckResponse", "SERVING_STATUS_SERVING.")}
    if ready:
        responses["503"] = _json("HealthCheckResponse", "SERVING_STATUS_NOT_SERVING: the database does not answer.")
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "description": description,
            "tags": ["Health"],
            "security": [{}],
            "responses": {**responses, **_errors()},
        }
    }


CREATE_EXAMPLE = {
    "id": "resnet-50",
    "modelDefinition": "model-definitions/container",
    "configuration": {},
    "task": "TASK_CLASSIFICATION",
    "visibility": "VISIBILITY_PRIVATE",
    "region": "REGION_GCP_EUROPE_WEST4",
    "hardware": "CPU",
}


def lifecycle_operations() -> dict:
    """{path: {method: operation}} to merge into the document's paths."""
    alive, ready = "Answers while the server runs.", "Answers SERVING when the database answers."
    also = " Instill's other binding of the same check."
    return {
        MODELS: {
            "post": {
                "operationId": "CreateNamespaceModel",
                "security": WRITE_SECURITY,
                "summary": "Create a model",
                "description": (
                    "Creates a model in a namespace the caller may edit; answers 200 with it (VIEW_FULL), as "
                    "Instill's gateway does (not 201: clients generated from Instill's document expect 200)."
                ),
                "tags": ["Model"],
                "parameters": [NS],
                "requestBody": _body("ModelCreate", "The model to create", CREATE_EXAMPLE),
                "responses": {
                    "200": _json("ModelResponse", "The created model (VIEW_FULL).", ETAG),
                    **_errors("403", "404", "409", "413", "415"),
                },
            }
        },
        MODEL_PATH: {
            "delete": {
                "operationId": "DeleteNamespaceModel",
                "security": WRITE_SECURITY,
                "summary": "Delete a model",
                "description": (
                    "Soft-deletes a model: it leaves every list and read at once; its namespace's editors can "
                    "restore it for 30 days (Deleted models page), and its ID stays taken until it is purged."
                ),
                "tags": ["Model"],
                "parameters": [NS, MODEL, IF_MATCH],
                "responses": {
                    "200": _json("DeleteModelResponse", "Deleted.", example={}),
                    **_errors("403", "404", "412"),
                },
            },
        },
        MODEL_PATH + "/rename": {
            "post": {
                "operationId": "RenameNamespaceModel",
                "security": WRITE_SECURITY,
                "summary": "Rename a model",
                "description": (
                    "Gives a model a new ID; requests naming the old ID keep working (the API resolves it, pages "
                    "redirect) until another model takes it."
                ),
                "tags": ["Model"],
                "parameters": [NS, MODEL, IF_MATCH],
                "requestBody": _body("RenameModelRequest", "The new ID", {"newModelId": "resnet-50-v2"}),
                "responses": {
                    "200": _json("ModelResponse", "The renamed model (VIEW_FULL).", ETAG),
                    **_errors(*WRITE_ERRORS),
                },
            }
        },
        MODEL_PATH + "/transfer": {
            "post": {
                "operationId": "TransferNamespaceModel",
                "security": WRITE_SECURITY,
                "summary": "Transfer a model",
                "description": (
                    "Moves a model the caller may edit to another namespace where they may create models, "
                    "optionally under a new ID, with its history. Requests naming the old namespace and ID keep "
                    "working (the API resolves them, pages redirect) until another model takes that ID there. "
                    "A model hidden by moderators cannot be moved by its namespace's members."
                ),
                "tags": ["Model"],
                "parameters": [NS, MODEL, IF_MATCH],
                "requestBody": _body("TransferModelRequest", "Where to move the model", {"namespaceId": "acme"}),
                "responses": {
                    "200": _json("ModelResponse", "The model in its new namespace (VIEW_FULL).", ETAG),
                    **_errors(*WRITE_ERRORS),
                },
            }
        },
        "/v1alpha/models": {
            "get": {
                "operationId": "ListModels",
                "summary": "List models",
                "description": (
                    "The models the caller may see in every namespace: the public ones, and the private ones of "
                    "the caller's namespaces (staff: all); VIEW_BASIC, or with view=VIEW_FULL their configuration "
                    "and readme too (a smaller page: see page_size)."
                ),
                "tags": ["Model"],
                "parameters": LIST_PARAMS,
                "responses": {"200": _json("ListModelsResponse", "A page of models."), **_errors()},
            }
        },
        "/v1alpha/models/{uid}/lookUp": {
            "get": {
                "operationId": "LookUpModel",
                "summary": "Get a model by UID",
                "description": "Returns a model by its permalink models/{uid}.",
                "tags": ["Model"],
                "parameters": [UID, VIEW],
                "responses": {"200": _json("ModelResponse", "The model.", ETAG), **_errors("404")},
            }
        },
        "/v1alpha/__liveness": _health("Liveness", "Check if the model server is alive", alive, False),
        "/v1alpha/health/model": _health("LivenessModel", "Check the model server's health", alive + also, False),
        "/v1alpha/__readiness": _health("Readiness", "Check if the model server is ready", ready, True),
        "/v1alpha/ready/model": _health("ReadinessModel", "Check the model server's readiness", ready + also, True),
    }
