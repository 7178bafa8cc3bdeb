"""What an audit entry keeps of a profile image: its fingerprint and a small thumbnail,
so the history can show the image before and after a change."""

import base64
import io

from PIL import Image

from modelhub.images import _FORMATS, MAX_FULL_DECODE_PIXELS, MAX_PIXELS, data_uri_fingerprint, data_uri_to_bytes

THUMBNAIL_SIDE = 96


def data_uri_thumbnail(uri: str | None) -> str | None:
    """A small WebP data URI (at most THUMBNAIL_SIDE px a side) of a stored image, for the
    history's before/after; None when there is no image or it cannot be read. Never raises."""
    if not uri or not str(uri).strip():
        return None
    try:
        with Image.open(io.BytesIO(data_uri_to_bytes(uri)[1]), formats=_FORMATS) as img:
            if img.width * img.height > MAX_FULL_DECODE_PIXELS.get(img.format, MAX_PIXELS):
                return None
            img.draft("RGB", (THUMBNAIL_SIDE, THUMBNAIL_SIDE))
            thumb = img.convert("RGBA")
        thumb.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
        buf = io.BytesIO()
        thumb.save(buf, "WEBP", quality=70)
    except Exception:  # a legacy or unreadable value: the history shows its size only
        return None
    return "data:image/webp;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def data_uri_audit(uri: str | None) -> dict | None:
    """What an audit entry keeps of an image: its fingerprint and a thumbnail to show."""
    summary = data_uri_fingerprint(uri)
    if summary is not None and (thumbnail := data_uri_thumbnail(uri)):
        summary["thumbnail"] = thumbnail
    return summary
