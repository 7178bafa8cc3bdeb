"""Base64 data URIs: the API's image values, parsed with the size limit checked before decoding."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re

from modelhub.images.intake import image_to_data_uri
from modelhub.images.refusals import MAX_ENCODED_BYTES, InvalidImage, _too_big

_NOT_DATA_URI = "The image is not a base64 data URI (expected 'data:image/...;base64,...' or plain base64)."
_DATA_URI_RE = re.compile(r"data:([\w.+-]+/[\w.+-]+)?((?:;[\w.+-]+=[^;,]*)*);base64,", re.IGNORECASE)


def _split_data_uri(uri: str) -> tuple[str, str]:
    """Split into (content type, base64 payload) without decoding."""
    if not isinstance(uri, str):
        raise InvalidImage(_NOT_DATA_URI)
    uri = uri.strip()
    if uri[:5].lower() != "data:":
        return "application/octet-stream", uri
    match = _DATA_URI_RE.match(uri, 0, 512)
    if not match:
        raise InvalidImage(_NOT_DATA_URI)
    return (match.group(1) or "application/octet-stream").lower(), uri[match.end() :]


def _b64decode(payload: str) -> bytes:
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidImage(_NOT_DATA_URI) from None


def data_uri_to_bytes(uri: str) -> tuple[str, bytes]:
    """Parse a ``data:<mime>;base64,<payload>`` URI (or bare base64).

    Returns (declared content type, decoded bytes); the declared type is
    informative only. The size limit is checked before decoding.
    """
    if isinstance(uri, str) and len(uri) > 4 * MAX_ENCODED_BYTES // 3 + 1024:  # before any copy
        raise _too_big(len(uri) * 3 // 4)
    content_type, payload = _split_data_uri(uri)
    if not payload:
        raise InvalidImage("The image is empty.")
    decoded_size = len(payload) * 3 // 4 - (2 if payload.endswith("==") else payload.endswith("="))
    if decoded_size > MAX_ENCODED_BYTES:
        raise _too_big(decoded_size)
    return content_type, _b64decode(payload)


def data_uri_to_normalized(uri: str) -> str:
    """Validate and normalise a base64 data URI (or bare base64) image."""
    return image_to_data_uri(data_uri_to_bytes(uri)[1])


def data_uri_fingerprint(uri: str | None) -> dict | None:
    """``{"bytes": n, "sha256": hex}`` of the decoded image, for audit logs.

    None for None/empty. Never raises: a value that is not valid base64 is
    fingerprinted as its UTF-8 text instead. No size limit is applied.
    """
    if not uri or not str(uri).strip():
        return None
    try:
        data = _b64decode(_split_data_uri(uri)[1])
    except Exception:  # legacy/garbage stored value
        data = str(uri).encode("utf-8", "surrogatepass")
    return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
