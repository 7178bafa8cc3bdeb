"""Validation and normalisation of model profile images (pure Pillow, no Django).

Uploads (bytes) and API values (base64 data URIs) are sniffed with Pillow (PNG, JPEG,
WebP or GIF only; a file name or declared type is never trusted), checked against size
limits *before* decoding, EXIF-rotated, stripped of metadata, scaled to fit
MAX_SIDE x MAX_SIDE (never upscaled) and re-encoded as a data URI of at most
MAX_DATA_URI_CHARS characters. Output format rule:

* real transparency (some alpha < 255): PNG if it fits, else lossy WebP, quality 85..30;
* otherwise (a fully opaque alpha channel is dropped): JPEG, quality 85, 75, 65, 50, 35;
* if even the lowest quality is too big, shrink by 25 % and try the same ladder again.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import functools
import hashlib
import io
import math
import re

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_ENCODED_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 512
MAX_DATA_URI_CHARS = 200 * 1024

# Pillow format names accepted as input. A multi-picture JPEG (phone cameras)
# is reported by Pillow as "MPO"; it is a JPEG and its first picture is used.
_FORMATS = ("PNG", "JPEG", "WEBP", "GIF")
_ACCEPTED = frozenset(_FORMATS) | {"MPO"}
_JPEG_QUALITIES = (85, 75, 65, 50, 35)
_WEBP_QUALITIES = (85, 75, 60, 45, 30)
# JPEG: decode at the smallest DCT scale (1/2, 1/4, 1/8) that leaves at least 95 % of the
# target size. When that decode already fits the 512 px box (95–100 % of the target), it is
# stored at that size, not resampled: a 12 MP 4000×3000 photo decodes at 1/8 to 500×375 and
# is stored as 500×375 — stretching it 2 % to 512×384 would only blur it, and that bicubic
# pass cost a third of the decode (make bench: "12 MP JPEG", against the decode limit).
# A larger decode (1/4 for 3000×2000) is resized to the target; against a full decode +
# Lanczos, the stored JPEG is within 0.15 dB PSNR of it (JPEG quality 85's own loss dominates).
_DRAFT_FACTOR = 0.95
# PNG, WebP and GIF have no reduced-scale decoding: they are decoded whole, so they get
# lower pixel limits, checked on the header before any decoding, that keep a decode within
# the memory of a 40 MP JPEG intake (~150 MB). A PNG or GIF costs one 4-byte-a-pixel image
# (4096×4096: ~70 MB; conversion and reduction then go band by band). Pillow's WebP decoder
# holds two canvases of its own besides the image it returns, ~16 bytes a pixel
# (3072×3072: ~150 MB). JPEG decodes at up to 1/8 scale and keeps MAX_PIXELS.
MAX_FULL_DECODE_PIXELS = {"PNG": 4096 * 4096, "GIF": 4096 * 4096, "WEBP": 3072 * 3072}
# Big images are converted and reduced in bands of about this many pixels (`_reduced_plain`).
BAND_PIXELS = 1 << 20
REDUCING_GAP = 3.0
_CORRUPT = "The image is truncated or corrupt."
_USE = "use PNG, JPEG, WebP or GIF."
_NOT_DATA_URI = "The image is not a base64 data URI (expected 'data:image/...;base64,...' or plain base64)."
_DATA_URI_RE = re.compile(r"data:([\w.+-]+/[\w.+-]+)?((?:;[\w.+-]+=[^;,]*)*);base64,", re.IGNORECASE)
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


def _fit(size: tuple[int, int]) -> tuple[int, int]:
    """Largest size within MAX_SIDE x MAX_SIDE with the same aspect; never upscales."""
    w, h = size
    scale = min(MAX_SIDE / w, MAX_SIDE / h)
    if scale >= 1:
        return w, h
    return (
        min(MAX_SIDE, max(1, round(w * scale))),
        min(MAX_SIDE, max(1, round(h * scale))),
    )


def _plain_mode(im: Image.Image) -> Image.Image:
    """Convert to L, LA, RGB, RGBA or CMYK (CMYK is handled after resizing)."""
    mode = im.mode
    if mode == "1":
        return im.convert("L")
    if mode == "I" or mode.startswith("I;16"):  # 16-bit grey: scale, don't clip
        return im.convert("I").point(lambda v: v / 257).convert("L")
    if mode == "F":
        return im.convert("L")
    if mode in ("P", "PA"):
        alpha = mode == "PA" or "transparency" in im.info
        return im.convert("RGBA" if alpha else "RGB")
    if mode in ("L", "RGB") and im.info.get("transparency") is not None:
        return im.convert(mode + "A")
    if mode in ("L", "LA", "RGB", "RGBA", "CMYK"):
        return im
    if mode == "La":
        return im.convert("LA")
    return im.convert("RGBA" if mode.endswith(("A", "a")) else "RGB")  # RGBa, LAB, HSV, ...


def _resize(im: Image.Image, size: tuple[int, int], box: tuple[float, ...] | None = None) -> Image.Image:
    """Antialiased bicubic resize (as good as LANCZOS here, faster), premultiplied alpha."""
    premultiplied = {"RGBA": "RGBa", "LA": "La"}.get(im.mode)
    src = im.convert(premultiplied) if premultiplied else im
    out = src.resize(size, Image.Resampling.BICUBIC, box=box, reducing_gap=3.0)
    return out.convert(im.mode) if premultiplied else out


@functools.cache
def _srgb_profile():  # ImageCms is imported lazily
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    """Apply an embedded ICC profile (best effort), so it can be dropped safely."""
    fallback = im.convert("RGB") if im.mode == "CMYK" else im
    if not icc or im.mode not in ("RGB", "RGBA", "CMYK"):
        return fallback
    try:
        from PIL import ImageCms

        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        out_mode = "RGBA" if im.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(im, src, _srgb_profile(), outputMode=out_mode)
    except Exception:  # broken or mismatched profile: ignore it
        return fallback


def _reduced_plain(img: Image.Image, target: tuple[int, int]) -> tuple[Image.Image, tuple[float, ...] | None]:
    """`img` (loaded) in a plain mode, reduced by whole factors band by band, and the box of
    the source extent in the result's coordinates.

    Converting or premultiplying a big image whole makes a second full-size copy (a 40 MP
    RGBA image is 160 MB a copy); here each band of about BAND_PIXELS is converted,
    premultiplied and reduced on its own, so the only full-size buffer is the decoded image.
    The result is at least REDUCING_GAP times the target (the bicubic resize does the rest).
    A reduced RGBA / LA image stays premultiplied (RGBa / La) for that resize.
    """
    width, height = img.size
    factor_x = int(width / target[0] / REDUCING_GAP) or 1
    factor_y = int(height / target[1] / REDUCING_GAP) or 1
    if factor_x == factor_y == 1:
        return _plain_mode(img), None
    rows = max(1, BAND_PIXELS // width // factor_y) * factor_y
    out = None
    for top in range(0, height, rows):
        band = _plain_mode(img.crop((0, top, width, min(height, top + rows))))
        premultiplied = {"RGBA": "RGBa", "LA": "La"}.get(band.mode)
        small = (band.convert(premultiplied) if premultiplied else band).reduce((factor_x, factor_y))
        if out is None:
            out = Image.new(small.mode, (math.ceil(width / factor_x), math.ceil(height / factor_y)))
        out.paste(small, (0, top // factor_y))
    return out, (0, 0, width / factor_x, height / factor_y)


def _normalize(img: Image.Image) -> Image.Image:
    """Decode (at reduced scale for JPEG), convert, resize and orient ``img``."""
    target = _fit(img.size)
    box = None
    if img.format in ("JPEG", "MPO") and target != img.size:
        want = tuple(max(1, math.ceil(t * _DRAFT_FACTOR)) for t in target)
        drafted = img.draft("RGB", want)  # libjpeg DCT scaling: 1/2, 1/4, 1/8
        box = drafted[1] if drafted else None
        if box is not None and img.size[0] <= target[0] and img.size[1] <= target[1]:
            target, box = img.size, None  # the decode fits the box already: stored as decoded
    img.load()
    icc = img.info.get("icc_profile")
    im, reduced_box = _reduced_plain(img, target) if box is None else (_plain_mode(img), None)
    box = box or reduced_box
    if im.mode in ("RGBa", "La"):  # reduced and premultiplied: resize as is, then straighten
        im = im.resize(target, Image.Resampling.BICUBIC, box=box).convert({"RGBa": "RGBA", "La": "LA"}[im.mode])
    elif target != im.size or box is not None:
        im = _resize(im, target, box)
    elif im is img:  # small and already plain: detach from the file object (cheap)
        im = img.copy()
    with contextlib.suppress(Exception):  # unreadable EXIF: keep as stored
        ImageOps.exif_transpose(im, in_place=True)
    im = _to_srgb(im, icc)
    if im.mode in ("LA", "RGBA") and im.getchannel("A").getextrema()[0] == 255:
        im = im.convert(im.mode[:-1])  # fully opaque: drop the alpha channel
    im.info = {}  # drop EXIF, ICC, XMP, comments, text chunks
    return im


def _encode(im: Image.Image) -> str:
    """Encode per the module's output format rule, within MAX_DATA_URI_CHARS."""
    for _ in range(12):
        if im.mode in ("LA", "RGBA"):
            webp = im if im.mode == "RGBA" else im.convert("RGBA")
            attempts = [("png", im, {})] + [("webp", webp, {"quality": q, "method": 4}) for q in _WEBP_QUALITIES]
        else:
            attempts = [("jpeg", im, {"quality": q, "optimize": True}) for q in _JPEG_QUALITIES]
        for subtype, src, params in attempts:
            buf = io.BytesIO()
            src.save(buf, subtype.upper(), **params)
            prefix = f"data:image/{subtype};base64,"
            if len(prefix) + 4 * math.ceil(buf.tell() / 3) <= MAX_DATA_URI_CHARS:
                return prefix + base64.b64encode(buf.getbuffer()).decode("ascii")
        im = _resize(im, (max(1, im.width * 3 // 4), max(1, im.height * 3 // 4)))
    raise InvalidImage("The image cannot be compressed enough.")  # pragma: no cover


def image_to_data_uri(raw: bytes) -> str:
    """Validate and normalise image bytes; return a ``data:image/...;base64,`` URI.

    Raises InvalidImage with a user-facing message when the image is refused.
    """
    if not isinstance(raw, bytes):
        raw = bytes(raw)
    if not raw:
        raise InvalidImage("The file is empty.")
    if len(raw) > MAX_ENCODED_BYTES:
        raise _too_big(len(raw))
    try:
        img = Image.open(io.BytesIO(raw), formats=_FORMATS)  # lazy: header only
    except UnidentifiedImageError:
        raise InvalidImage(_describe_unknown(raw)) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(_declared_size(raw)) from None
    except Exception as exc:  # any other parser failure
        raise InvalidImage(_CORRUPT) from exc
    with img:
        if img.format not in _ACCEPTED:  # pragma: no cover - formats= restricts
            raise InvalidImage(f"Unsupported image format '{img.format}'; {_USE}")
        width, height = img.size
        if width < 1 or height < 1:
            raise InvalidImage(_CORRUPT)
        if width * height > MAX_PIXELS:  # refused before anything is decoded
            raise _too_many_pixels((width, height))
        full_decode_limit = MAX_FULL_DECODE_PIXELS.get(img.format, MAX_PIXELS)
        if width * height > full_decode_limit:  # no reduced-scale decoding for this format
            side = math.isqrt(full_decode_limit)
            raise InvalidImage(
                f"The image is {width}×{height} pixels; a {img.format.replace('WEBP', 'WebP')} image may have at most "
                f"{full_decode_limit / 1e6:.1f} megapixels (e.g. {side}×{side}). "
                f"Scale it down, or send a JPEG (up to {MAX_PIXELS // 1_000_000} megapixels)."
            )
        try:
            im = _normalize(img)
        except Exception as exc:  # truncated data, bad chunks, ...
            raise InvalidImage(_CORRUPT) from exc
    return _encode(im)


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
