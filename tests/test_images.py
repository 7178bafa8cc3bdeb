"""Tests for modelhub.images (profile image validation/normalisation).

All fixtures are generated in-code with Pillow; no binary files.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import struct
import zlib

import pytest
from PIL import Image, ImageCms, ImageFile

from modelhub import images
from modelhub.images import (
    MAX_DATA_URI_CHARS,
    MAX_ENCODED_BYTES,
    MAX_PIXELS,
    MAX_SIDE,
    InvalidImage,
    data_uri_fingerprint,
    data_uri_to_bytes,
    data_uri_to_normalized,
    image_to_data_uri,
)

URI_RE = re.compile(r"data:image/(png|jpeg|webp);base64,([A-Za-z0-9+/]+=*)")
RED, GREEN, BLUE = (255, 0, 0), (0, 255, 0), (0, 0, 255)


# --- helpers -----------------------------------------------------------------


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


# --- accepted images -----------------------------------------------------------


def test_constants():
    assert MAX_ENCODED_BYTES == 10 * 1024 * 1024
    assert MAX_PIXELS == 40_000_000
    assert MAX_SIDE == 512
    assert MAX_DATA_URI_CHARS == 200 * 1024


def test_png_rgba_keeps_transparency_and_is_not_upscaled():
    im = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    im.paste(RED + (255,), (150, 0, 300, 200))
    subtype, out, _ = decode(image_to_data_uri(encode(im, "PNG")))
    assert subtype == "png"
    assert out.size == (300, 200)
    assert out.mode == "RGBA"
    assert out.getpixel((10, 10))[3] == 0
    assert out.getpixel((290, 190)) == RED + (255,)


def test_opaque_png_becomes_jpeg():
    im = Image.new("RGBA", (120, 80), GREEN + (255,))
    subtype, out, _ = decode(image_to_data_uri(encode(im, "PNG")))
    assert (subtype, out.mode, out.size) == ("jpeg", "RGB", (120, 80))
    assert close(out.getpixel((60, 40)), GREEN)


def test_jpeg_exif_orientation_applied_and_metadata_dropped():
    im = Image.new("RGB", (200, 100), BLUE)
    im.paste(RED, (0, 0, 100, 100))  # stored left half red
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise for display
    exif[0x010F] = "SecretCamMaker"
    raw = encode(im, "JPEG", exif=exif.tobytes(), comment=b"secret comment")
    subtype, out, out_raw = decode(image_to_data_uri(raw))
    assert subtype == "jpeg"
    assert out.size == (100, 200)
    # rotated clockwise: the stored left half is now the top half
    assert close(out.getpixel((50, 20)), RED)
    assert close(out.getpixel((50, 180)), BLUE)
    assert not out.getexif()
    assert not {"exif", "icc_profile", "comment", "xmp"} & set(out.info)
    assert b"SecretCamMaker" not in out_raw
    assert b"secret comment" not in out_raw


def test_icc_profile_is_applied_and_dropped():
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    raw = encode(Image.new("RGB", (64, 64), RED), "JPEG", icc_profile=icc)
    _, out, _ = decode(image_to_data_uri(raw))
    assert "icc_profile" not in out.info
    assert close(out.getpixel((32, 32)), RED)


def test_webp_opaque_and_transparent():
    _, out, _ = decode(image_to_data_uri(encode(Image.new("RGB", (64, 48), GREEN), "WEBP")))
    assert out.size == (64, 48)
    assert close(out.getpixel((5, 5)), GREEN, tol=20)
    rgba = Image.new("RGBA", (64, 48), (0, 0, 0, 0))
    rgba.paste(BLUE + (255,), (32, 0, 64, 48))
    subtype, out, _ = decode(image_to_data_uri(encode(rgba, "WEBP", lossless=True)))
    assert subtype == "png"
    assert out.getpixel((2, 2))[3] == 0
    assert out.getpixel((60, 40)) == BLUE + (255,)


def test_animated_gif_uses_first_frame():
    frames = [Image.new("RGB", (40, 30), c) for c in (RED, GREEN, BLUE)]
    raw = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)
    assert Image.open(io.BytesIO(raw)).n_frames == 3
    subtype, out, _ = decode(image_to_data_uri(raw))
    assert subtype == "jpeg"
    assert out.size == (40, 30)
    assert close(out.getpixel((20, 15)), RED)


def test_gif_with_script_comment_is_reencoded():
    raw = encode(Image.new("P", (16, 16), 1), "GIF", comment=b"<script>alert(1)</script>")
    assert b"<script>" in raw
    _, _, out_raw = decode(image_to_data_uri(raw))
    assert b"<script" not in out_raw


def test_large_jpeg_is_scaled_to_fit():
    im = Image.new("RGB", (4000, 3000), BLUE)
    im.paste(RED, (0, 0, 2000, 3000))
    _, out, _ = decode(image_to_data_uri(encode(im, "JPEG", quality=90)))
    assert out.size == (512, 384)
    assert close(out.getpixel((100, 200)), RED)
    assert close(out.getpixel((400, 200)), BLUE)


def test_tall_png_is_scaled_to_fit():
    _, out, _ = decode(image_to_data_uri(encode(Image.new("L", (300, 2000), 90), "PNG")))
    assert out.size == (77, 512)


def test_noisy_12_megapixel_jpeg_fits_in_limit():
    raw = encode(noise("RGB", (4000, 3000)), "JPEG", quality=75)
    assert len(raw) <= MAX_ENCODED_BYTES
    uri = image_to_data_uri(raw)
    _, out, _ = decode(uri)
    assert out.size == (512, 384)


@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
def test_noisy_512_image_steps_down_to_fit(mode):
    im = noise(mode, (512, 512))
    if mode == "RGBA":
        im.putpixel((0, 0), (0, 0, 0, 0))  # guarantee real transparency
    uri = image_to_data_uri(encode(im, "PNG"))
    subtype, out, _ = decode(uri)  # decode() asserts the 200 KB limit
    assert subtype == ("webp" if mode == "RGBA" else "jpeg")
    assert max(out.size) <= MAX_SIDE


def test_cmyk_jpeg_becomes_rgb():
    raw = encode(Image.new("CMYK", (50, 50), (0, 255, 255, 0)), "JPEG")
    _, out, _ = decode(image_to_data_uri(raw))
    assert out.mode == "RGB"
    assert close(out.getpixel((25, 25)), RED, tol=20)


def test_16_bit_grey_png_is_scaled_not_clipped():
    im = Image.new("I;16", (40, 20), 0)
    im.paste(32896, (20, 0, 40, 20))  # mid grey in 16 bits
    raw = encode(im, "PNG")
    assert Image.open(io.BytesIO(raw)).mode.startswith("I")
    subtype, out, _ = decode(image_to_data_uri(raw))
    assert (subtype, out.mode) == ("jpeg", "L")
    assert out.getpixel((2, 2)) <= 5
    assert 120 <= out.getpixel((35, 10)) <= 136


def test_palette_png_with_transparency_and_1_bit():
    pal = Image.new("P", (30, 30), 0)
    pal.putpalette(list(RED) + list(GREEN))
    pal.paste(1, (15, 0, 30, 30))
    subtype, out, _ = decode(image_to_data_uri(encode(pal, "PNG", transparency=0)))
    assert (subtype, out.mode) == ("png", "RGBA")
    assert out.getpixel((2, 2))[3] == 0
    assert out.getpixel((25, 25)) == GREEN + (255,)
    subtype, out, _ = decode(image_to_data_uri(encode(Image.new("1", (30, 30), 1), "PNG")))
    assert subtype == "jpeg" and out.getpixel((5, 5)) >= 250


def test_mpo_multi_picture_jpeg_is_accepted():
    raw = encode(
        Image.new("RGB", (60, 40), RED),
        "MPO",
        save_all=True,
        append_images=[Image.new("RGB", (60, 40), BLUE)],
    )
    assert Image.open(io.BytesIO(raw)).format == "MPO"
    _, out, _ = decode(image_to_data_uri(raw))
    assert close(out.getpixel((30, 20)), RED)


def test_bytearray_input_is_accepted():
    raw = encode(Image.new("RGB", (8, 8), RED), "PNG")
    assert decode(image_to_data_uri(bytearray(raw)))[1].size == (8, 8)


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


# --- data URIs -------------------------------------------------------------------


def png_b64() -> tuple[bytes, str]:
    raw = encode(Image.new("RGB", (20, 10), GREEN), "PNG")
    return raw, base64.b64encode(raw).decode()


def test_data_uri_to_bytes_with_prefix_and_bare():
    raw, b64 = png_b64()
    assert data_uri_to_bytes(f"data:image/PNG;base64,{b64}") == ("image/png", raw)
    assert data_uri_to_bytes(f"data:image/png;name=a.png;base64,{b64}")[1] == raw
    assert data_uri_to_bytes(f"  {b64}\n") == ("application/octet-stream", raw)


def test_data_uri_to_normalized():
    _, b64 = png_b64()
    _, out, _ = decode(data_uri_to_normalized(f"data:image/png;base64,{b64}"))
    assert out.size == (20, 10)
    assert close(out.getpixel((10, 5)), GREEN)
    # the declared type is not trusted: content is sniffed
    html = base64.b64encode(b"<html><script>alert(1)</script>").decode()
    with pytest.raises(InvalidImage, match="HTML, not an image"):
        data_uri_to_normalized(f"data:image/png;base64,{html}")


@pytest.mark.parametrize(
    "uri",
    [
        "data:image/png;base64,@@not base64@@",
        "data:image/png;base64,iVBORw0KGgo",  # bad padding
        "data:image/png,iVBORw0KGgo=",  # percent-encoded form, not base64
        "data:image/png;charset=utf-8,abcd",
        "image/png;base64,iVBORw0KGgo=",  # missing data: prefix
        "dat:image/png;base64,iVBORw0KGgo=",
        "iVBO Rw0K",  # whitespace inside
        "ÿÿÿÿ",
        None,
    ],
)
def test_data_uri_parse_errors(uri):
    with pytest.raises(InvalidImage, match="not a base64 data URI"):
        data_uri_to_bytes(uri)


def test_empty_data_uri_refused():
    with pytest.raises(InvalidImage, match="empty"):
        data_uri_to_bytes("data:image/png;base64,")


def test_oversize_data_uri_refused_without_decoding(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("payload was decoded")

    monkeypatch.setattr(images.base64, "b64decode", fail)
    payload = "A" * (4 * (MAX_ENCODED_BYTES // 3) + 8)
    with pytest.raises(InvalidImage, match=r"at most 10 MB is allowed"):
        data_uri_to_bytes("data:image/png;base64," + payload)
    with pytest.raises(InvalidImage, match=r"at most 10 MB is allowed"):
        data_uri_to_bytes(payload)


def test_data_uri_at_size_limit_is_decoded():
    payload = base64.b64encode(b"\x00" * MAX_ENCODED_BYTES).decode()
    assert len(data_uri_to_bytes(payload)[1]) == MAX_ENCODED_BYTES


# --- fingerprint -----------------------------------------------------------------


def test_data_uri_fingerprint():
    raw, b64 = png_b64()
    expected = {"bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}
    assert data_uri_fingerprint(f"data:image/png;base64,{b64}") == expected
    assert data_uri_fingerprint(b64) == expected  # bare base64: same bytes
    assert data_uri_fingerprint(f"data:image/png;base64,{b64}") == expected  # stable
    assert data_uri_fingerprint(None) is None
    assert data_uri_fingerprint("") is None


def test_data_uri_fingerprint_never_raises():
    garbage = "data:image/png;base64,@@@"
    assert data_uri_fingerprint(garbage) == {
        "bytes": len(garbage),
        "sha256": hashlib.sha256(garbage.encode()).hexdigest(),
    }
    big = base64.b64encode(b"\x01" * (MAX_ENCODED_BYTES + 3)).decode()
    assert data_uri_fingerprint(big)["bytes"] == MAX_ENCODED_BYTES + 3
