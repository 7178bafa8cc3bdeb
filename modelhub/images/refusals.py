"""What the image intake accepts, and the words it refuses the rest with (checked before decoding)."""

from __future__ import annotations

import io
import math

from PIL import Image

MAX_ENCODED_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 512
MAX_DATA_URI_CHARS = 200 * 1024

# Pillow format names accepted as input. A multi-picture JPEG (phone cameras)
# is reported by Pillow as "MPO"; it is a JPEG and its first picture is used.
_FORMATS = ("PNG", "JPEG", "WEBP", "GIF")
_ACCEPTED = frozenset(_FORMATS) | {"MPO"}
# PNG, WebP and GIF have no reduced-scale decoding: they are decoded whole, so they get
# lower pixel limits, checked on the header before any decoding, that keep a decode within
# the memory of a 40 MP JPEG intake (~150 MB). A PNG or GIF costs one 4-byte-a-pixel image
# (4096×4096: ~70 MB; conversion and reduction then go band by band). Pillow's WebP decoder
# holds two canvases of its own besides the image it returns, ~16 bytes a pixel
# (3072×3072: ~150 MB). JPEG decodes at up to 1/8 scale and keeps MAX_PIXELS.
MAX_FULL_DECODE_PIXELS = {"PNG": 4096 * 4096, "GIF": 4096 * 4096, "WEBP": 3072 * 3072}
_CORRUPT = "The image is truncated or corrupt."
_USE = "use PNG, JPEG, WebP or GIF."
# Signatures of formats refused by name in messages (Pillow never parses them).
_MAGIC = {b"BM": "BMP", b"II*\x00": "TIFF", b"MM\x00*": "TIFF", b"8BPS": "PSD", b"%PDF": "PDF", b"qoif": "QOI"}
_MAGIC |= {b"\x00\x00\x01\x00": "ICO", b"\xffO\xffQ": "JPEG 2000", b"\x00\x00\x00\x0cjP  ": "JPEG 2000"}
_FTYP = {b"avif": "AVIF", b"avis": "AVIF", b"heic": "HEIC", b"heix": "HEIC", b"mif1": "HEIF"}
_OWN_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")


class InvalidImage(ValueError):
    """The image is refused; ``str(exc)`` is the user-facing explanation."""


def _too_big(n_bytes: int) -> InvalidImage:
    mb = math.ceil(n_bytes * 10 / (1024 * 1024)) / 10  # never round down to "10.0"
    return InvalidImage(f"The file is {mb:.1f} MB; at most 10 MB is allowed.")


def _too_much_metadata(max_parts: int) -> InvalidImage:
    return InvalidImage(
        f"The file has more than {max_parts:,} segments, chunks or blocks; images have a few hundred. "
        "Save it again without metadata."
    )


def _too_many_pixels(size: tuple[int, int] | None) -> InvalidImage:
    what = f"{size[0]}×{size[1]} pixels" if size else "too large"
    return InvalidImage(f"The image is {what}; at most {MAX_PIXELS // 1_000_000} megapixels are allowed.")


def _describe_unknown(raw: bytes) -> str:
    """Explain why bytes Pillow did not recognise as PNG/JPEG/WebP/GIF are refused."""
    head = raw[:1024]
    if head.startswith(_OWN_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return _CORRUPT
    name = next((n for m, n in _MAGIC.items() if head.startswith(m)), None)
    if head[4:8] == b"ftyp":
        name = _FTYP.get(head[8:12], "HEIF/MP4")
    if name:
        return f"Unsupported image format '{name}'; {_USE}"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<svg" in text:
        return f"Unsupported image format 'SVG'; {_USE}"
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")):
        return f"The file is HTML, not an image; {_USE}"
    if text.startswith(b"<"):
        return f"The file is markup (XML/HTML), not an image; {_USE}"
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
            return f"The file is text, not an image; {_USE}"
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 3:  # only a character cut at 1024 bytes
                return f"The file is text, not an image; {_USE}"
    return f"The file is not a PNG, JPEG, WebP or GIF image; {_USE}"


def _declared_size(raw: bytes) -> tuple[int, int] | None:
    """Header size of an image Image.open refused as a decompression bomb."""
    for fmt in _FORMATS:
        factory, accept = Image.OPEN.get(fmt, (None, None))
        if factory is None or (accept and not accept(raw[:16])):
            continue
        try:
            return factory(io.BytesIO(raw), "").size  # header only, no decode
        except Exception:  # best effort, for the message only
            return None
    return None
