"""modelhub.images: accepted images are normalised (format, size, orientation, colour).

All test images are generated in-code with Pillow; no binary files.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageCms

from modelhub.images import MAX_DATA_URI_CHARS, MAX_ENCODED_BYTES, MAX_PIXELS, MAX_SIDE, image_to_data_uri
from tests.images_support import BLUE, GREEN, RED, close, decode, encode, noise

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
    assert out.size == (500, 375)  # decoded at 1/8, which fits 512×512: stored as decoded
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
    assert out.size == (500, 375)


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
