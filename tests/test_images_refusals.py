"""modelhub.images: what is refused, with which message, and bombs refused before decoding.

All test images are generated in-code with Pillow; no binary files.
"""

from __future__ import annotations

import struct
import zlib

import pytest
from PIL import Image, ImageFile

from modelhub.images import MAX_ENCODED_BYTES, InvalidImage, image_to_data_uri
from tests.images_support import RED, encode, noise


def png_with_declared_size(width: int, height: int) -> bytes:
    """A tiny PNG whose IHDR claims width x height (CRC fixed up)."""
    data = bytearray(encode(Image.new("L", (1, 1)), "PNG"))
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def refused(raw: bytes) -> str:
    with pytest.raises(InvalidImage) as exc_info:
        image_to_data_uri(raw)
    return str(exc_info.value)


@pytest.fixture
def no_decoding(monkeypatch):
    """Fail the test if any image data gets decoded."""

    def load(self):
        raise AssertionError("image data was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


# --- refused images ------------------------------------------------------------


def test_svg_refused():
    svg = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>'
    assert refused(svg) == "Unsupported image format 'SVG'; use PNG, JPEG, WebP or GIF."


def test_truncated_jpeg_refused(monkeypatch):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", False)
    raw = encode(noise("RGB", (400, 300)), "JPEG")
    assert refused(raw[: len(raw) // 2]) == "The image is truncated or corrupt."


def test_truncated_png_and_cut_header_refused(monkeypatch):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", False)
    raw = encode(noise("RGB", (200, 200)), "PNG")
    assert refused(raw[: len(raw) // 2]) == "The image is truncated or corrupt."
    assert refused(raw[:20]) == "The image is truncated or corrupt."


def test_text_file_refused():
    message = refused(b"name,score\nresnet,0.91\nthis is just a CSV renamed .png\n")
    assert message == "The file is text, not an image; use PNG, JPEG, WebP or GIF."


def test_html_js_polyglot_refused():
    gif = encode(Image.new("P", (4, 4)), "GIF")
    message = refused(b"<html><script>alert(document.cookie)</script>" + gif)
    assert message == "The file is HTML, not an image; use PNG, JPEG, WebP or GIF."


def test_empty_and_binary_garbage_refused():
    assert refused(b"") == "The file is empty."
    assert "not a PNG, JPEG, WebP or GIF image" in refused(b"\x00\x01\x02" * 100)


def test_png_decompression_bomb_refused_before_decoding(no_decoding):
    raw = png_with_declared_size(100_000, 100_000)
    assert len(raw) < 1024
    assert refused(raw) == ("The image is 100000×100000 pixels; at most 40 megapixels are allowed.")


def test_png_over_40_megapixels_refused_before_decoding(no_decoding):
    # below Pillow's own bomb threshold: our header check must catch it
    assert refused(png_with_declared_size(7000, 7000)) == (
        "The image is 7000×7000 pixels; at most 40 megapixels are allowed."
    )


def test_jpeg_with_huge_declared_size_refused(no_decoding):
    data = bytearray(encode(Image.new("RGB", (16, 16), RED), "JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", 65000, 65000)  # height, width
    assert refused(bytes(data)) == ("The image is 65000×65000 pixels; at most 40 megapixels are allowed.")


def test_oversize_file_refused(no_decoding):
    raw = encode(Image.new("RGB", (8, 8)), "PNG") + b"\x00" * MAX_ENCODED_BYTES
    assert refused(raw) == "The file is 10.1 MB; at most 10 MB is allowed."
    assert "The file is 12.3 MB;" in refused(b"\x00" * int(12.3 * 1024 * 1024))


@pytest.mark.parametrize("fmt", ["BMP", "TIFF"])
def test_valid_images_of_unsupported_formats_refused(fmt):
    raw = encode(Image.new("RGB", (10, 10), RED), fmt)
    assert refused(raw) == f"Unsupported image format '{fmt}'; use PNG, JPEG, WebP or GIF."
