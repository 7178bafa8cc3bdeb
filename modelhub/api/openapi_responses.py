"""Responses of the OpenAPI document: the error table and the JSON answer helper."""

from modelhub.api import errors
from modelhub.api.openapi_examples import ERROR_EXAMPLES, SUCCESS_EXAMPLES
from modelhub.api.openapi_schemas import ref

E = errors  # each answer's code comes from its error class
ERRORS = {
    "400": "Bad input (a parameter, a malformed If-Match header, the body), unknown field or empty change "
    f"(code {E.InvalidArgument.code}).",
    "401": f"No or bad credentials (code {E.Unauthenticated.code}).",
    "403": "May read the model but not edit it, or a session request without its CSRF token "
    f"(code {E.PermissionDenied.code}).",
    "404": f"Namespace or model missing, or private and not readable by the caller (code {E.NotFound.code}).",
    "405": f"Method not supported (code {E.MethodNotAllowed.code}).",
    "409": f"Same-field conflict (code {E.Aborted.code}), or the ID is taken in the namespace "
    f"(code {E.AlreadyExists.code}).",
    "412": f"If-Match does not match the current ETag; nothing written (code {E.FailedPrecondition.code}).",
    "413": f"Body too large (code {E.PayloadTooLarge.code}).",
    "415": f"Body is not application/json (code {E.UnsupportedMediaType.code}).",
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
