"""Authentication of API requests and the `api_endpoint` decorator every API view wears.

A request is authenticated by `Authorization: Bearer <token>` (CSRF-exempt) or by the
browser session (CSRF enforced on unsafe methods); otherwise it is anonymous. The
decorator also turns every failure into a google.rpc.Status answer (never an HTML page)
and records authenticated requests for the "Recent requests" panel of /settings/tokens/.
"""

import functools
import logging

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import DatabaseError
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt

from modelhub.api.errors import (
    ApiError,
    Internal,
    InvalidArgument,
    MethodNotAllowed,
    PayloadTooLarge,
    PermissionDenied,
    Unauthenticated,
)
from modelhub.services import api_request_record, token_authenticate, token_touch

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BEARER_CHALLENGE = 'Bearer realm="modelhub"'


def _csrf_checked_view(request):  # a stand-in callback without `csrf_exempt` for the CSRF check
    raise NotImplementedError


_csrf = CsrfViewMiddleware(lambda request: HttpResponse())  # only its process_view runs


def unauthenticated(message: str, error: str = "invalid_token") -> Unauthenticated:
    return Unauthenticated(
        message,
        headers={"WWW-Authenticate": f'{BEARER_CHALLENGE}, error="{error}"' if error else BEARER_CHALLENGE},
    )


def authenticate(request) -> None:
    """Set request.user, request.api_token and request.api_auth ("token", "session" or None)."""
    request.api_token = None
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header:
        scheme, _, raw = header.strip().partition(" ")
        if scheme.lower() != "bearer":
            raise unauthenticated("Use 'Authorization: Bearer <token>'.", error="invalid_request")
        token = token_authenticate(raw.strip())
        if token is None:
            raise unauthenticated("The API token is invalid or revoked.")
        token_touch(token=token)
        request.user, request.api_token, request.api_auth = token.user, token, "token"
        return
    user = getattr(request, "user", None) or AnonymousUser()
    request.user = user
    request.api_auth = "session" if user.is_authenticated else None
    unsafe = request.api_auth == "session" and request.method not in SAFE_METHODS
    if unsafe and _csrf.process_view(request, _csrf_checked_view, (), {}) is not None:
        raise PermissionDenied(
            "CSRF verification failed: send the X-CSRFToken header with a session, or use a Bearer token.",
        )


def require_user(request) -> None:
    if not request.user.is_authenticated:
        raise unauthenticated("This call needs credentials: 'Authorization: Bearer <token>'.", error="")


def _clean(text: str) -> str:
    return text.replace("\x00", "")


def _loaded_by_a_page(request) -> bool:
    """The browser fetched this as part of a page (an <img>, a stylesheet...), not as a call (fetch, curl)."""
    return request.headers.get("Sec-Fetch-Dest", "empty") not in ("empty", "document")


def _record(request, response, record_sessions: bool) -> None:
    if request.api_auth is None:
        return
    if request.headers.get("Sec-Fetch-Dest") == "image":
        return  # an <img> a page made the browser load (a README's, a thumbnail): not an API call
    if request.api_auth == "session" and not record_sessions and _loaded_by_a_page(request):
        return
    if getattr(request, "api_recorded", False):  # logged with its write (record_in_transaction)
        return
    try:
        _write_log_entry(request, response)
    except DatabaseError:  # the log is best effort; the answer stands
        logger.exception("Could not record the API request")


def record_in_transaction(request, response) -> None:
    """Log a successful write inside its own transaction (the caller's `atomic` block).

    Unlike the decorator's log this is not best effort: a failing INSERT rolls the write
    back with it (and the decorator then logs the error answer). Once the transaction has
    committed, the caller sets `request.api_recorded` so the decorator does not log twice.
    """
    if request.api_auth is not None:
        _write_log_entry(request, response)


def _write_log_entry(request, response) -> None:
    api_request_record(
        user=request.user,
        token=request.api_token,
        method=request.method,
        path=_clean(request.path),
        status=response.status_code,
        user_agent=_clean(request.META.get("HTTP_USER_AGENT", "")),
    )


def api_endpoint(*methods: str, record_sessions: bool = True):
    """Wrap a view: allowed methods (HEAD goes with GET), auth, JSON errors, request log.

    `record_sessions=False` keeps session-authenticated requests that a page makes for its
    content (`Sec-Fetch-Dest: image`...) out of the request log: the image endpoint, which a
    page may show as <img>. Calls (fetch from the API reference's Try It, curl) are logged.
    """
    allowed = set(methods) | ({"HEAD"} if "GET" in methods else set())
    allow_header = ", ".join(sorted(allowed))

    def decorator(view):
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            request.api_auth = None
            try:
                if request.method not in allowed:
                    raise MethodNotAllowed(
                        f"Method {request.method} is not supported here; use {allow_header}.",
                        headers={"Allow": allow_header},
                    )
                authenticate(request)
                response = view(request, *args, **kwargs)
            except ApiError as exc:
                response = exc.response()
            except RequestDataTooBig:
                response = PayloadTooLarge().response()
            except SuspiciousOperation as exc:
                response = InvalidArgument(f"Bad request: {exc.__class__.__name__}.").response()
            except Exception:  # never an HTML 500 page from the API
                logger.exception("API view failed")
                response = Internal().response()
            if request.api_auth is not None and not response.has_header("Cache-Control"):
                # An answer for one caller (their private models, their role): no shared cache keeps it.
                response["Cache-Control"] = "private"
                patch_vary_headers(response, ("Authorization", "Cookie"))
            _record(request, response, record_sessions)
            return response

        return wrapper

    return decorator
