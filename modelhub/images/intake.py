"""Decoding (at reduced scale for JPEG), converting, resizing and re-encoding an accepted image."""

from __future__ import annotations

import base64
import functools
import io
import math

from PIL import Image, UnidentifiedImageError

from modelhub.images.containers import ICC_MAX_BYTES, Stripped, strip_metadata
from modelhub.images.metadata import TRANSPOSE, convertible_icc, exif_orientation
from modelhub.images.refusals import (
    _ACCEPTED,
    _CORRUPT,
    _FORMATS,
    _USE,
    MAX_DATA_URI_CHARS,
    MAX_ENCODED_BYTES,
    MAX_FULL_DECODE_PIXELS,
    MAX_PIXELS,
    MAX_SIDE,
    InvalidImage,
    _declared_size,
    _describe_unknown,
    _too_big,
    _too_many_pixels,
)

_JPEG_QUALITIES = (85, 75, 65, 50, 35)
_WEBP_QUALITIES = (85, 75, 60, 45, 30)
# JPEG: decode at the smallest DCT scale (1/2, 1/4, 1/8) that leaves at least 95 % of the
# target size. When that decode already fits the 512 px box (95–100 % of the target), it is
# stored at that size, not resampled: a 12 MP 4000×3000 photo decodes at 1/8 to 500×375 and
# is stored as 500×375 — stretching it 2 % to 512×384 would only blur it, and the bicubic
# pass would cost a large share of the decode. A larger decode (1/4 for 3000×2000) is
# resized to the target; the stored JPEG then differs from a full decode + Lanczos by less
# than JPEG quality 85's own loss.
_DRAFT_FACTOR = 0.95
# Big images are converted and reduced in bands of about this many pixels (`_reduced_plain`).
BAND_PIXELS = 1 << 20
REDUCING_GAP = 3.0


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
    """Apply an embedded ICC profile of a bounded kind (best effort), so it can be dropped safely;
    any other profile is ignored: the image is read as sRGB."""
    fallback = im.convert("RGB") if im.mode == "CMYK" else im
    if not convertible_icc(icc, im.mode, ICC_MAX_BYTES):
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


# What Pillow may keep in `info` of a file the container walk has stripped: what the decoders
# read back while loading (transparency, GIF background) and harmless format facts.
_KEPT_INFO = frozenset(["transparency", "background", "duration", "loop", "version", "dpi", "jfif", "adobe"])


def _normalize(img: Image.Image, stripped: Stripped) -> Image.Image:
    """Decode (at reduced scale for JPEG), convert, resize and orient ``img``."""
    img.info = {key: value for key, value in img.info.items() if key in _KEPT_INFO}
    target = _fit(img.size)
    box = None
    if img.format in ("JPEG", "MPO") and target != img.size:
        want = tuple(max(1, math.ceil(t * _DRAFT_FACTOR)) for t in target)
        drafted = img.draft("RGB", want)  # libjpeg DCT scaling: 1/2, 1/4, 1/8
        box = drafted[1] if drafted else None
        if box is not None and img.size[0] <= target[0] and img.size[1] <= target[1]:
            target, box = img.size, None  # the decode fits the box already: stored as decoded
    img.load()
    im, reduced_box = _reduced_plain(img, target) if box is None else (_plain_mode(img), None)
    box = box or reduced_box
    if im.mode in ("RGBa", "La"):  # reduced and premultiplied: resize as is, then straighten
        im = im.resize(target, Image.Resampling.BICUBIC, box=box).convert({"RGBa": "RGBA", "La": "LA"}[im.mode])
    elif target != im.size or box is not None:
        im = _resize(im, target, box)
    elif im is img:  # small and already plain: detach from the file object (cheap)
        im = img.copy()
    orientation = exif_orientation(stripped.exif)
    if orientation in TRANSPOSE:
        im = im.transpose(TRANSPOSE[orientation])
    im = _to_srgb(im, stripped.icc)
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
    stripped = strip_metadata(raw)  # metadata is cut out before Pillow parses anything
    try:
        img = Image.open(io.BytesIO(stripped.data), formats=_FORMATS)  # lazy: header only
    except UnidentifiedImageError:
        raise InvalidImage(_describe_unknown(raw)) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(_declared_size(stripped.data)) from None
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
            im = _normalize(img, stripped)
        except Exception as exc:  # truncated data, bad chunks, ...
            raise InvalidImage(_CORRUPT) from exc
    return _encode(im)
