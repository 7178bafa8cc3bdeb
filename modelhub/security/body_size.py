"""Refuse a request body larger than any page accepts, before anything reads it.

Django's multipart parser streams file parts to a temporary file whatever their size
(DATA_UPLOAD_MAX_MEMORY_SIZE counts only the other fields), and CSRF and login checks come
after the body is parsed: so an anonymous 100 MB upload to any page was spooled to disk.
This middleware answers 413 from the Content-Length header alone, before the session,
CSRF or any view touches the body. The largest page body is the edit form: a 10 MB image,
a 100,000-character README and the configuration (WEB_MAX_BODY_BYTES). The API (/v1alpha/)
has its own limit (API_MAX_BODY_BYTES) and answers it in its JSON error shape.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class RefuseOversizedBodyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/v1alpha/"):
            return self.get_response(request)
        length = request.META.get("CONTENT_LENGTH") or "0"
        limit = settings.WEB_MAX_BODY_BYTES
        if not length.isdigit():
            return HttpResponse("Invalid Content-Length header.", status=400, content_type="text/plain; charset=utf-8")
        if int(length) > limit:
            text = f"The request body is larger than {limit // (1024 * 1024)} MB; nothing was read or saved."
            return HttpResponse(text, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
