"""The profile image as bytes, with validators for caching (ETag, 304) and Cache-Control."""

import hashlib

from django.http import HttpResponse, HttpResponseNotModified

from modelhub.api.errors import NotFound
from modelhub.images import InvalidImage, data_uri_to_bytes
from modelhub.models import AIModel

IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/webp", "image/gif"})


def _etag_matches(header: str, etag: str) -> bool:
    candidates = {part.strip().removeprefix("W/") for part in header.split(",")}
    return "*" in candidates or etag in candidates


def image_response(request, aimodel: AIModel) -> HttpResponse:
    if not aimodel.profile_image:
        raise NotFound(f"Model {aimodel.name} has no profile image.")
    etag = f'"{hashlib.sha256(aimodel.profile_image.encode()).hexdigest()[:32]}"'
    # Stored, but revalidated on every use (a cheap 304 while the ETag matches): once a model
    # is hidden or made private, no cache serves its image again.
    cache_control = f"{'public' if aimodel.is_public else 'private'}, no-cache"
    response: HttpResponse
    if _etag_matches(request.headers.get("If-None-Match", ""), etag):
        response = HttpResponseNotModified()
    else:
        try:
            declared, data = data_uri_to_bytes(aimodel.profile_image)
        except InvalidImage:  # a stored value that is not an image (never written by the service)
            raise NotFound(f"Model {aimodel.name} has no readable profile image.")
        content_type = declared if declared in IMAGE_TYPES else "application/octet-stream"
        response = HttpResponse(data, content_type=content_type)
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    response["Vary"] = "Authorization, Cookie"
    return response
