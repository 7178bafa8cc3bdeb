"""Helpers for the image tests: encode Pillow images, decode and check a data URI, compare pixels."""

import base64
import io
import os
import re

from PIL import Image

from modelhub.images import MAX_DATA_URI_CHARS

URI_RE = re.compile(r"data:image/(png|jpeg|webp);base64,([A-Za-z0-9+/]+=*)")
RED, GREEN, BLUE = (255, 0, 0), (0, 255, 0), (0, 0, 255)


def encode(im: Image.Image, fmt: str, **params) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **params)
    return buf.getvalue()


def decode(uri: str) -> tuple[str, Image.Image, bytes]:
    """Check the URI shape and size; return (subtype, loaded image, raw bytes)."""
    assert len(uri) <= MAX_DATA_URI_CHARS
    match = URI_RE.fullmatch(uri)
    assert match, uri[:80]
    raw = base64.b64decode(match.group(2), validate=True)
    im = Image.open(io.BytesIO(raw))
    im.load()
    assert im.format == match.group(1).upper()
    return match.group(1), im, raw


def close(pixel, expected, tol: int = 12) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(pixel, expected, strict=True))


def noise(mode: str, size: tuple[int, int]) -> Image.Image:
    bands = len(Image.getmodebands(mode) * "x")
    return Image.frombytes(mode, size, os.urandom(size[0] * size[1] * bands))


def png_data_uri(color="red", size=(8, 8)) -> str:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
