"""google.rpc.Status errors: every API failure is JSON `{"code", "message", "details"}`."""

import contextlib
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.http import JsonResponse

from modelhub.models.fields_table import api_name
from modelhub.services import ConflictError, ModelIdTaken, PreconditionFailed

# google.rpc.Code values used by the API.
INVALID_ARGUMENT = 3
NOT_FOUND = 5
ALREADY_EXISTS = 6
PERMISSION_DENIED = 7
FAILED_PRECONDITION = 9
ABORTED = 10
UNIMPLEMENTED = 12
INTERNAL = 13
UNAUTHENTICATED = 16

BAD_REQUEST_TYPE = "type.googleapis.com/google.rpc.BadRequest"

# The output-only fields a service error may name (the editable ones are in the field table).
OUTPUT_FIELD_NAMES = {"moderation_state": "moderationState"}


def api_field_name(field: str) -> str:
    """The API's (camelCase) name of a service field."""
    return OUTPUT_FIELD_NAMES.get(field) or api_name(field)


class ApiError(Exception):
    """An error answer. Raise it anywhere inside an API view; the decorator renders it."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        *,
        violations: Iterable[tuple[str, str]] = (),
        headers: Mapping[str, str] | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.code = code
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


def bad_request(message: str, violations: Iterable[tuple[str, str]] = ()) -> ApiError:
    return ApiError(400, INVALID_ARGUMENT, message, violations=violations)


def field_error(field: str, description: str) -> ApiError:
    return bad_request(f"{field}: {description}", [(field, description)])


def not_found(message: str = "Not found.") -> ApiError:
    return ApiError(404, NOT_FOUND, message)


def validation_error(exc) -> ApiError:
    """The service's ValidationError (message_dict keyed by snake_case field) as a 400."""
    if hasattr(exc, "error_dict"):
        violations = [
            (api_field_name(field), message) for field, messages in exc.message_dict.items() for message in messages
        ]
    else:
        violations = [("", message) for message in exc.messages]
    summary = "; ".join(f"{f}: {d}" if f else d for f, d in violations)
    return bad_request(f"Invalid model: {summary}", violations)


def id_taken_error(exc: ModelIdTaken) -> ApiError:
    """An ID held by another model (create, rename, PATCH `id`): 409 with code 6, ALREADY_EXISTS."""
    message = exc.message_dict["model_id"][0]
    return ApiError(409, ALREADY_EXISTS, message, violations=[("id", message)])


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
        raise ApiError(412, FAILED_PRECONDITION, message, headers={"ETag": exc.current_etag})
    except ConflictError as exc:
        names = [api_field_name(f) for f in exc.conflicts]
        message = "Changed by someone else meanwhile: " + ", ".join(names) + "; nothing was changed."
        raise ApiError(409, ABORTED, message, violations=[(n, "Changed by someone else meanwhile.") for n in names])
