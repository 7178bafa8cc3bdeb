"""Responses of the OpenAPI document: the error table and the JSON answer helper."""

from modelhub.api.openapi_examples import ERROR_EXAMPLES, SUCCESS_EXAMPLES
from modelhub.api.openapi_schemas import ref

ERRORS = {
    "400": "Bad input (a parameter, a malformed If-Match header, the body), unknown field or empty change (code 3).",
    "401": "No or bad credentials (code 16).",
    "403": "May read the model but not edit it, or a session request without its CSRF token (code 7).",
    "404": "Namespace or model missing, or private and not readable by the caller (code 5).",
    "405": "Method not supported (code 12).",
    "409": "Same-field conflict (code 10), or the ID is taken in the namespace (code 6).",
    "412": "If-Match does not match the current ETag; nothing written (code 9).",
    "413": "Body too large (code 3).",
    "415": "Body is not application/json (code 3).",
}
ETAG = {"ETag": {"description": "The model's version, for If-Match.", "schema": {"type": "string"}}}


def _json(schema_name: str, description: str, headers: dict | None = None, example: dict | None = None) -> dict:
    media = {"schema": ref(schema_name)}
    if example is None:
        example = SUCCESS_EXAMPLES.get(schema_name)
    if example is not None:  # an empty object ({}, DELETE's answer) is an example too
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
