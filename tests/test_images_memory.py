"""Image decoding memory is bounded before decoding, and only for callers who may edit.

A 38-byte lossless WebP declaring 6300×6300 pixels took a worker to 713 MB (API) and 885 MB
(form); a 150 KB RGBA PNG to 410 MB; and the API decoded the image before its permission
check. Now: formats without reduced-scale decoding have pixel limits checked on the header,
conversion and reduction go band by band (never a second full-size copy), and the API
checks who may edit before it decodes anything. Proven with call spies and tracemalloc.
"""

import base64
import io
import tracemalloc
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageChops, ImageStat, PngImagePlugin, WebPImagePlugin

from modelhub import images
from modelhub.api import patch as api_patch
from modelhub.models import Visibility
from tests.api_support import assert_status, bearer, model_url, patch_json
from tests.factories import AIModelFactory
from tests.image_cost_support import can_measure, intake_costs
from tests.support import snapshot
from tests.web_helpers import edit_form_data

pytestmark = pytest.mark.django_db

MEGABYTE = 1024 * 1024
# A lossless WebP of one colour, 6300×6300 (39.7 megapixels, under the 40 MP limit): 38 bytes.
WEBP_BOMB = bytes.fromhex("524946461e000000574542505650384c110000002f9bd8261607508a2ad4a3808188e87f0000")


def data_uri(raw: bytes, mime: str) -> str:
    return f"data:{mime};base64," + base64.b64encode(raw).decode()


def png_of(size, mode="RGBA") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, (10, 20, 30, 128) if mode == "RGBA" else 0).save(buf, "PNG")
    return buf.getvalue()


def webp_of(size) -> bytes:
    buf = io.BytesIO()
    Image.new("RGBA", size, (10, 20, 30, 128)).save(buf, "WEBP", lossless=True, method=0)
    return buf.getvalue()


@pytest.fixture
def decoders():
    """Spies on the WebP and PNG decoders (their `load`, which decodes the pixels)."""
    with (
        mock.patch.object(WebPImagePlugin.WebPImageFile, "load", autospec=True) as webp,
        mock.patch.object(PngImagePlugin.PngImageFile, "load", autospec=True) as png,
    ):
        yield lambda: webp.call_count + png.call_count


def peak_of(call) -> tuple[object, int]:
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --- bad input first -----------------------------------------------------------------------


def test_the_webp_bomb_is_refused_from_its_header(decoders):
    assert Image.open(io.BytesIO(WEBP_BOMB)).size == (6300, 6300)
    with pytest.raises(images.InvalidImage, match=r"6300×6300 pixels; a WebP image may have at most 9\.4 megapixels"):
        images.image_to_data_uri(WEBP_BOMB)
    assert decoders() == 0


def test_a_150_kb_rgba_png_of_36_megapixels_is_refused_from_its_header(decoders):
    raw = png_of((6000, 6000))
    assert len(raw) < 200_000
    with pytest.raises(images.InvalidImage, match=r"a PNG image may have at most 16\.8 megapixels"):
        images.image_to_data_uri(raw)
    assert decoders() == 0


def test_the_webp_bomb_through_the_api_costs_under_100_mb(client, alice, aimodel, decoders):
    before = snapshot(aimodel)
    body = {"profileImage": data_uri(WEBP_BOMB, "image/webp")}
    response, peak = peak_of(lambda: patch_json(client, model_url(aimodel), body, bearer(alice)))
    assert_status(response, 400, 3)
    assert "megapixels" in response.json()["message"]
    assert peak < 100 * MEGABYTE and decoders() == 0
    assert snapshot(aimodel) == before


def test_the_webp_bomb_through_the_form_costs_under_100_mb(client, alice, aimodel, decoders):
    client.force_login(alice)
    data = edit_form_data(aimodel, profile_image=SimpleUploadedFile("bomb.webp", WEBP_BOMB, "image/webp"))
    before = snapshot(aimodel)
    response, peak = peak_of(lambda: client.post(f"/namespaces/alice/models/{aimodel.model_id}/edit/", data))
    assert response.status_code == 400 and "megapixels" in response.content.decode()
    assert peak < 100 * MEGABYTE and decoders() == 0
    assert snapshot(aimodel) == before


def test_bob_cannot_make_the_api_decode_an_image_for_a_model_he_cannot_see(client, bob, private_model):
    before = snapshot(private_model)
    body = {"profileImage": data_uri(WEBP_BOMB, "image/webp")}
    with (
        mock.patch.object(api_patch, "image_value", wraps=api_patch.image_value) as decode,
        mock.patch.object(Image, "open", wraps=Image.open) as parse,  # even the header
    ):
        response = patch_json(client, model_url(private_model), body, bearer(bob))
    assert_status(response, 404, 5)
    assert decode.call_count == 0 and parse.call_count == 0
    assert snapshot(private_model) == before


def test_the_same_bomb_from_the_owner_is_parsed_for_its_header_only(client, alice, private_model, decoders):
    """The spies above can see a parse: the owner's request is parsed (header) and refused."""
    body = {"profileImage": data_uri(WEBP_BOMB, "image/webp")}
    with mock.patch.object(Image, "open", wraps=Image.open) as parse:
        response = patch_json(client, model_url(private_model), body, bearer(alice))
    assert_status(response, 400, 3)
    assert parse.call_count == 1 and decoders() == 0


def test_bob_cannot_make_the_api_decode_an_image_for_a_model_he_may_only_read(client, bob, aimodel):
    body = {"profileImage": data_uri(png_of((64, 64)), "image/png")}
    with mock.patch.object(api_patch, "image_value", wraps=api_patch.image_value) as decode:
        response = patch_json(client, model_url(aimodel), body, bearer(bob))
    assert_status(response, 403, 7)
    assert decode.call_count == 0


def test_anonymous_callers_get_401_before_any_decode(client, aimodel):
    body = {"profileImage": data_uri(png_of((64, 64)), "image/png")}
    with mock.patch.object(api_patch, "image_value", wraps=api_patch.image_value) as decode:
        assert_status(patch_json(client, model_url(aimodel), body), 401, 16)
    assert decode.call_count == 0


# --- what real clients send still works, within bounds ------------------------------------


def test_an_editor_gets_an_image_decoded_and_stored(client, alice, acme, container):
    aimodel = AIModelFactory(
        namespace=acme, model_id="vision", model_definition=container, visibility=Visibility.PRIVATE
    )
    body = {"profileImage": data_uri(png_of((64, 64)), "image/png")}
    with mock.patch.object(api_patch, "image_value", wraps=api_patch.image_value) as decode:
        response = assert_status(patch_json(client, model_url(aimodel), body, bearer(alice)), 200)
    assert decode.call_count == 1 and response.json()["model"]["profileImage"].startswith("data:image/png;base64,")


def test_the_largest_webp_allowed_decodes_within_100_mb_of_tracked_memory():
    raw = webp_of((3072, 3072))
    uri, peak = peak_of(lambda: images.image_to_data_uri(raw))
    assert uri.startswith("data:image/")
    assert peak < 100 * MEGABYTE, peak


def test_a_big_rgba_png_is_converted_band_by_band_never_as_a_second_full_size_copy():
    source = Image.linear_gradient("L").resize((4000, 3000))
    source = Image.merge("RGBA", [source, source.rotate(180, expand=False), source, source.point(lambda v: 255 - v)])
    buf = io.BytesIO()
    source.save(buf, "PNG")
    converted = []
    real_convert = Image.Image.convert

    def spy(im, *args, **kwargs):
        converted.append(im.width * im.height)
        return real_convert(im, *args, **kwargs)

    with mock.patch.object(Image.Image, "convert", autospec=True, side_effect=spy):
        uri = images.image_to_data_uri(buf.getvalue())
    assert max(converted) <= 2 * images.BAND_PIXELS, "no conversion of the whole 12 MP image"
    stored = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    assert stored.size == (512, 384)
    # Faithful: against Pillow's own whole-image premultiplied resize.
    reference = source.resize((512, 384), Image.Resampling.BICUBIC, reducing_gap=3.0)
    difference = ImageStat.Stat(ImageChops.difference(stored.convert("RGBA"), reference)).rms
    assert max(difference) < 3, difference


def test_a_palette_gif_keeps_its_transparency_through_the_bands():
    im = Image.new("P", (3000, 1500), 0)
    im.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    im.paste(1, (1500, 0, 3000, 1500))
    buf = io.BytesIO()
    im.save(buf, "GIF", transparency=0)
    uri = images.image_to_data_uri(buf.getvalue())
    stored = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("RGBA")
    assert stored.size == (512, 256)
    assert stored.getpixel((10, 128))[3] == 0 and stored.getpixel((500, 128)) == (0, 0, 255, 255)


# --- resident memory, as the operating system counts it ----------------------------------------
# tracemalloc does not see Pillow's pixel buffers (they are C allocations: a 36 MB image shows
# as 0 MB), so the peaks above bound Python's copies only. These run the decode in a child
# process and read its peak resident size (VmHWM: its own address space's high-water mark;
# ru_maxrss would carry over the parent's peak across exec) before and after:
# tests/image_cost_support.py.


def resident_cost(raw: bytes, tmp_path) -> tuple[str, int]:
    if not can_measure():
        pytest.skip("reads the peak resident size from /proc (Linux)")
    [cost] = intake_costs([raw], tmp_path, base_dir=settings.BASE_DIR)
    return cost.outcome.split(":")[0], cost.grown_bytes


def jpeg_of(size) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (10, 20, 30)).save(buf, "JPEG", quality=50)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "outcome", "bound_mb"),
    [
        ("the WebP bomb (6300×6300, 38 bytes; was 713 MB)", lambda: WEBP_BOMB, "refused", 20),
        ("a 36 MP RGBA PNG of 150 KB (was 410 MB)", lambda: png_of((6000, 6000)), "refused", 20),
        ("the largest WebP allowed (3072×3072)", lambda: webp_of((3072, 3072)), "stored", 200),
        ("the largest PNG allowed (4096×4096 RGBA)", lambda: png_of((4096, 4096)), "stored", 150),
        ("a 39.5 MP JPEG (decoded at reduced scale)", lambda: jpeg_of((7900, 5000)), "stored", 50),
    ],
)
def test_decoding_grows_the_workers_resident_memory_by_a_bounded_amount(name, make, outcome, bound_mb, tmp_path):
    result, grown = resident_cost(make(), tmp_path)
    assert result == outcome, name
    assert grown < bound_mb * MEGABYTE, f"{name}: {grown / MEGABYTE:.0f} MB"
