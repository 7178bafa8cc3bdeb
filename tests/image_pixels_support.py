"""The costliest pixels each format allows within the limits (10 MB; the pixel limit of its
format): noise, which no decoder can shortcut. For `make bench`: the intake's worst case.
"""

from __future__ import annotations

import io

from PIL import Image

MEGABYTE = 1024 * 1024


def _noise(mode: str, size: tuple[int, int]) -> Image.Image:
    bands = [Image.effect_noise(size, 96) for _ in Image.getmodebands(mode) * "x"]
    return Image.merge(mode, bands) if len(bands) > 1 else bands[0]


def _within_limit(build, rows: int) -> bytes:
    """`build(rows)`: noise in the top `rows` rows of a flat image, fewer until within 10 MB."""
    while True:
        raw = build(rows)
        if len(raw) <= 10 * MEGABYTE:
            return raw
        rows = rows * 9 // 10


def costliest_jpeg() -> bytes:
    """39.5 MP, progressive, noise: the most entropy-coded data a 10 MB JPEG can hold."""

    def build(rows):
        im = Image.new("RGB", (7900, 5000), (90, 120, 150))
        im.paste(_noise("RGB", (7900, rows)), (0, 0))
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=90, progressive=True)
        return buf.getvalue()

    return _within_limit(build, 1400)


def costliest_png() -> bytes:
    """4096×4096 RGBA (the PNG pixel limit), as much noise as 10 MB holds."""

    def build(rows):
        im = Image.new("RGBA", (4096, 4096), (90, 120, 150, 200))
        im.paste(_noise("RGBA", (4096, rows)), (0, 0))
        buf = io.BytesIO()
        im.save(buf, "PNG", compress_level=1)
        return buf.getvalue()

    return _within_limit(build, 640)


def costliest_webp() -> bytes:
    """3072×3072 RGBA (the WebP pixel limit), lossy noise with alpha."""

    def build(rows):
        im = Image.new("RGBA", (3072, 3072), (90, 120, 150, 200))
        im.paste(_noise("RGBA", (3072, rows)), (0, 0))
        buf = io.BytesIO()
        im.save(buf, "WEBP", quality=100, method=0)
        return buf.getvalue()

    return _within_limit(build, 880)


def costliest_gif() -> bytes:
    """4096×4096 (the GIF pixel limit), 256-colour noise: LZW at its worst."""

    def build(rows):
        im = Image.new("P", (4096, 4096), 0)
        im.putpalette(bytes(range(256)) * 3)
        im.paste(Image.frombytes("P", (4096, rows), bytes(_noise("L", (4096, rows)).tobytes())), (0, 0))
        buf = io.BytesIO()
        im.save(buf, "GIF")
        return buf.getvalue()

    return _within_limit(build, 2000)


COSTLIEST_PIXELS = {
    "JPEG": ("39.5 MP progressive noise", costliest_jpeg),
    "PNG": ("4096×4096 RGBA noise", costliest_png),
    "WEBP": ("3072×3072 RGBA lossy noise", costliest_webp),
    "GIF": ("4096×4096 256-colour noise", costliest_gif),
}
