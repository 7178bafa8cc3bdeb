"""google.rpc.Status errors: every API failure is JSON `{"code", "message", "details"}`."""

import contextlib
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.http import JsonResponse

from modelhub.models.fields_table import api_name
from modelhub.services import ConflictError, ModelIdTaken, PreconditionFailed

BAD_REQUEST_TYPE = "type.googleapis.com/google.rpc.BadRequest"

# The output-only fields a service error may name (the editable ones are in the field table).
OUTPUT_FIELD_NAMES = {"moderation_state": "moderationState"}


def api_field_name(field: str) -> str:
    """The API's (camelCase) name of a service field."""
    return OUTPUT_FIELD_NAMES.get(field) or api_name(field)


class ApiError(Exception):
    """An error answer: a google.rpc code and its HTTP status, named by a subclass below.
    Raise one anywhere inside an API view; the decorator renders it."""

    status = 500
    code = 13  # INTERNAL
    default_message = "Internal error."

    def __init__(
        self,
        message: str = "",
        violations: Iterable[tuple[str, str]] = (),
        *,
        headers: Mapping[str, str] | None = None,
    ):
        message = message or self.default_message
        super().__init__(message)
        self.message = message
        self.violations = list(violations)
        self.headers = dict(headers or {})

    def response(self) -> JsonResponse:
        details = []
        if self.violations:
            details.append(
                {
                    "@type": BAD_REQUEST_TYPE,
                    "fieldViolations": [{"field": f, "description": d} for f, d in self.violations],
                }
            )
        response = JsonResponse({"code": self.code, "message": self.message, "details": details}, status=self.status)
        for name, value in self.headers.items():
            response[name] = value
        return response


class InvalidArgument(ApiError):
    status, code, default_message = 400, 3, "Bad request."


class PayloadTooLarge(ApiError):
    status, code, default_message = 413, 3, "The request body is too large."


class UnsupportedMediaType(ApiError):
    status, code = 415, 3


class Unauthenticated(ApiError):
    status, code = 401, 16


class PermissionDenied(ApiError):
    status, code = 403, 7


class NotFound(ApiError):
    status, code, default_message = 404, 5, "Not found."


class MethodNotAllowed(ApiError):
    status, code = 405, 12  # UNIMPLEMENTED


class AlreadyExists(ApiError):
    status, code = 409, 6


class Aborted(ApiError):
    status, code = 409, 10


class FailedPrecondition(ApiError):
    status, code = 412, 9


class Internal(ApiError):
    """The base's status and code: 500, 13."""


def field_error(field: str, description: str) -> InvalidArgument:
    return InvalidArgument(f"{field}: {description}", [(field, description)])


def validation_error(exc) -> InvalidArgument:
    """The service's ValidationError (message_dict keyed by snake_case field) as a 400."""
    if hasattr(exc, "error_dict"):
        violations = [
            (api_field_name(field), message) for field, messages in exc.message_dict.items() for message in messages
        ]
    else:
        violations = [("", message) for message in exc.messages]
    summary = "; ".join(f"{f}: {d}" if f else d for f, d in violations)
    return InvalidArgument(f"Invalid model: {summary}", violations)


def id_taken_error(exc: ModelIdTaken) -> AlreadyExists:
    """An ID held by another model (create, rename, PATCH `id`): 409 with code 6, ALREADY_EXISTS."""
    message = exc.message_dict["model_id"][0]
    return AlreadyExists(message, [("id", message)])


@contextlib.contextmanager
def service_errors():
    """Answer the write service's refusals: 400 (rules), 409/6 (ID taken), 412 (If-Match), 409/10 (conflict)."""
    try:
        yield
    except ModelIdTaken as exc:
        raise id_taken_error(exc)
    except ValidationError as exc:
        raise validation_error(exc)
    except PreconditionFailed as exc:
        message = f"If-Match does not match the model's current ETag {exc.current_etag}; nothing was changed."
        raise FailedPrecondition(message, headers={"ETag": exc.current_etag})
    except ConflictError as exc:
        names = [api_field_name(f) for f in exc.conflicts]
        message = "Changed by someone else meanwhile: " + ", ".join(names) + "; nothing was changed."
        raise Aborted(message, [(n, "Changed by someone else meanwhile.") for n in names])
