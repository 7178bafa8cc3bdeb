"""Security headers added to every response.

Django's SecurityMiddleware and XFrameOptionsMiddleware already send HSTS (in
production), X-Content-Type-Options, Referrer-Policy, Cross-Origin-Opener-Policy and
X-Frame-Options (see settings). This adds what Django does not:

* Content-Security-Policy with no inline script and no eval: JavaScript comes only
  from our own static files. Styles are 'self' too: neither our templates, crispy's
  Bootstrap 5 templates nor Django's admin (5.2) use inline style attributes, and
  htmx's injected indicator <style> is switched off in templates/base.html
  (`htmx-config` meta tag, includeIndicatorStyles=false). Images may be data: URIs
  (profile images are stored as data URIs; Bootstrap's CSS uses data: SVG icons).
* Permissions-Policy denying powerful browser features the dashboard never uses.

A view may set its own Content-Security-Policy; it is then left alone. Django's
technical debug pages (DEBUG=True, error status) use inline script and style, so
they are exempt in development only.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not (settings.DEBUG and response.status_code >= 400):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


NUL_IN_URL = "The URL contains a NUL character (%00), which no name or parameter may contain."


class RefuseNulInUrlMiddleware:
    """Answer 400 to a page URL whose path or query string holds a NUL character.

    No id, name or parameter may contain one, and PostgreSQL cannot even compare a text
    column with such a string (a DataError, i.e. a 500, in any view that looked it up).
    The API (/v1alpha/) checks its names and parameters itself: a NUL there is simply an
    id that does not exist (404) or an invalid parameter (400), in its JSON error shape.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/v1alpha/"):
            return self.get_response(request)
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return HttpResponseBadRequest(NUL_IN_URL, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
