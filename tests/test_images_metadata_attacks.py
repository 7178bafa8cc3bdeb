"""Image metadata is distrusted: hostile EXIF blocks and ICC profiles cost bounded CPU and memory.

A JPEG of 65 KB whose ICC profile is a float pipeline of 8,000 elements took 8 s of CPU to
store (LittleCMS evaluates every element for each sample of its grid), and a 5 MB PNG whose
EXIF has 300 entries pointing at one blob made Pillow allocate gigabytes (its EXIF reader
copies each entry's value). Now the metadata is cut out of the file's bytes before Pillow
parses it: the orientation is read from the capped start of the EXIF block by our own
parser, and only ICC profiles of a bounded kind reach LittleCMS. The costs are measured in a
child process (CPU seconds and resident memory), one fresh process for the whole corpus.
"""

from __future__ import annotations

import io
import struct
from unittest import mock

import pytest
from django.conf import settings
from PIL import Image, ImageCms

from modelhub import images
from modelhub.images.containers import ICC_MAX_BYTES, MAX_PARTS, strip_metadata
from modelhub.images.metadata import convertible_icc, exif_orientation
from tests.image_attacks_support import (
    CORPUS,
    MEGABYTE,
    exif_blob_bomb,
    exif_block,
    gif_with_extensions,
    icc_app2_segments,
    jpeg_segment,
    jpeg_with_segments,
    orientation_exif,
    picture,
    png_with_chunks,
    split_exif_app1,
    webp_with,
)
from tests.image_cost_support import can_measure, intake_costs
from tests.image_icc_support import (
    float_pipeline_icc,
    icc_profile,
    lut16_icc,
    matrix_trc_icc,
    padded_icc,
    swapped_matrix_trc_icc,
)
from tests.images_support import BLUE, RED, close, decode

# The intake's stated bound for one image within the limits (docs: "Image intake cost").
CPU_BOUND_SECONDS = 2.0
RSS_BOUND = 150 * MEGABYTE
CASES = [(fmt, name) for fmt, files in CORPUS.items() for name in files]
METADATA_MARKS = (b"Exif", b"ICC_PROFILE", b"MPF\0", b"XMP", b"ICCRGBG", b"mpet", b"<x/>")


def stored(uri: str) -> tuple[Image.Image, bytes]:
    _, im, raw = decode(uri)
    return im, raw


def assert_clean(uri: str) -> Image.Image:
    im, raw = stored(uri)
    assert not {"exif", "icc_profile", "xmp", "comment", "extension"} & set(im.info), im.info
    assert not any(mark in raw for mark in METADATA_MARKS)
    return im


# --- the findings, bad input first: what each hostile file costs, in a child process ----------


@pytest.fixture(scope="module")
def corpus_costs(tmp_path_factory):
    if not can_measure():
        pytest.skip("reads the child's resident peak from /proc (Linux)")
    files = [CORPUS[fmt][name]() for fmt, name in CASES]
    costs = intake_costs(files, tmp_path_factory.mktemp("corpus"), base_dir=settings.BASE_DIR)
    return dict(zip(CASES, costs, strict=True))


@pytest.mark.parametrize(("fmt", "name"), CASES, ids=[f"{fmt}: {name}" for fmt, name in CASES])
def test_each_hostile_file_is_stored_within_the_intake_bound(corpus_costs, fmt, name):
    cost = corpus_costs[(fmt, name)]
    assert cost.outcome == "stored", cost.outcome
    assert cost.cpu_seconds < CPU_BOUND_SECONDS, f"{name}: {cost.cpu_seconds:.2f} s of CPU"
    assert cost.grown_bytes < RSS_BOUND, f"{name}: {cost.grown_mb:.0f} MB resident"


@pytest.mark.parametrize(("fmt", "name"), CASES, ids=[f"{fmt}: {name}" for fmt, name in CASES])
def test_each_hostile_file_is_stored_without_its_metadata(fmt, name):
    raw = CORPUS[fmt][name]()
    assert len(strip_metadata(raw).data) < len(raw)  # the attack is cut out before Pillow parses
    im = assert_clean(images.image_to_data_uri(raw))
    assert im.size in ((64, 48), (48, 64))


def test_the_float_pipeline_profile_is_one_littlecms_accepts_and_is_never_handed_to_it():
    profile = float_pipeline_icc(8000)
    assert ImageCms.ImageCmsProfile(io.BytesIO(profile)).profile.xcolor_space == "RGB "  # a real profile
    assert not convertible_icc(profile, "RGB", ICC_MAX_BYTES)
    raw = jpeg_with_segments(picture(), icc_app2_segments(profile))
    with mock.patch.object(ImageCms, "profileToProfile", wraps=ImageCms.profileToProfile) as convert:
        im = assert_clean(images.image_to_data_uri(raw))
    assert convert.call_count == 0
    assert close(im.getpixel((5, 5)), RED)  # kept, read as sRGB


def test_a_plain_matrix_profile_is_still_converted():
    """The bound is on the kind, not on colour management: red and blue primaries swapped."""
    raw = jpeg_with_segments(picture(), icc_app2_segments(swapped_matrix_trc_icc()))
    with mock.patch.object(ImageCms, "profileToProfile", wraps=ImageCms.profileToProfile) as convert:
        im = assert_clean(images.image_to_data_uri(raw))
    assert convert.call_count == 1
    assert close(im.getpixel((5, 5)), BLUE)


def test_a_cmyk_lut_profile_within_the_cap_is_converted():
    cmyk = Image.new("CMYK", (32, 32), (0, 255, 255, 0))
    raw = jpeg_with_segments(cmyk, icc_app2_segments(lut16_icc(17, space=b"CMYK")))
    with mock.patch.object(ImageCms, "profileToProfile", wraps=ImageCms.profileToProfile) as convert:
        assert_clean(images.image_to_data_uri(raw))
    assert convert.call_count == 1


def test_a_profile_over_many_app2_markers_past_the_cap_is_dropped_and_the_image_kept():
    raw = jpeg_with_segments(picture(), icc_app2_segments(padded_icc(ICC_MAX_BYTES + 4096)))
    assert raw.count(b"ICC_PROFILE\0") == 17
    assert strip_metadata(raw).icc is None
    assert close(assert_clean(images.image_to_data_uri(raw)).getpixel((5, 5)), RED)


def test_pillow_never_parses_an_exif_block():
    """The blob-copying reader is Pillow's: it must not run, yet the orientation is applied."""
    files = [
        png_with_chunks(picture(), [(b"eXIf", exif_blob_bomb(300, MEGABYTE, orientation=6))]),
        jpeg_with_segments(picture(), split_exif_app1(exif_blob_bomb(50, MEGABYTE, orientation=6))),
        webp_with(picture(), exif=exif_blob_bomb(50, MEGABYTE, orientation=6)),
    ]
    for raw in files:
        with mock.patch.object(Image.Exif, "load", autospec=True, side_effect=Image.Exif.load) as parse:
            im = assert_clean(images.image_to_data_uri(raw))
        assert parse.call_count == 0
        assert im.size == (48, 64)  # orientation 6: turned clockwise, the red left half on top
        assert close(im.getpixel((24, 5)), RED, tol=40) and close(im.getpixel((24, 58)), BLUE, tol=40)


# --- the orientation: one entry, read from the capped start of the block -----------------------


@pytest.mark.parametrize("big_endian", [True, False])
@pytest.mark.parametrize("orientation", range(1, 9))
def test_the_orientation_is_read_in_either_byte_order(orientation, big_endian):
    assert exif_orientation(orientation_exif(orientation, big_endian=big_endian)) == orientation


@pytest.mark.parametrize(
    ("block", "why"),
    [
        (b"", "empty"),
        (b"XX*\0\0\0\0\x08", "no byte order"),
        (b"MM\0*\xff\xff\xff\xf0", "IFD0 outside the block"),
        (exif_block([(0x0112, 4, 1, struct.pack(">I", 6))]), "not a SHORT"),
        (exif_block([(0x0112, 3, 2, struct.pack(">HH", 6, 6))]), "more than one value"),
        (orientation_exif(9), "out of range"),
        (orientation_exif(6)[:20], "entry cut short"),
        (b"MM\0*\0\0\0\x08\xff\xff" + bytes(12), "a count past the block"),
    ],
)
def test_an_unreadable_orientation_is_upright(block, why):
    assert exif_orientation(block) == 1, why


def test_only_the_capped_start_of_the_exif_block_is_read():
    beyond = exif_block([(0x8000 + i, 7, 1, b"\0") for i in range(6000)] + [(0x0112, 3, 1, struct.pack(">H", 6))])
    raw = png_with_chunks(picture(), [(b"eXIf", beyond)])
    stripped = strip_metadata(raw)
    assert len(stripped.exif) == 64 * 1024 < len(beyond)
    assert decode(images.image_to_data_uri(raw))[1].size == (64, 48)  # its orientation entry is past the cap


# --- ICC kinds ------------------------------------------------------------------------------


def test_profile_kinds():
    assert convertible_icc(matrix_trc_icc(), "RGB", ICC_MAX_BYTES)
    assert convertible_icc(matrix_trc_icc(), "RGBA", ICC_MAX_BYTES)
    assert not convertible_icc(matrix_trc_icc(), "CMYK", ICC_MAX_BYTES), "colour space of another mode"
    assert convertible_icc(lut16_icc(33), "RGB", ICC_MAX_BYTES)
    assert not convertible_icc(padded_icc(ICC_MAX_BYTES + 8), "RGB", ICC_MAX_BYTES), "past the cap"
    assert not convertible_icc(float_pipeline_icc(3), "RGB", ICC_MAX_BYTES), "float pipeline"
    with_float = icc_profile([(b"A2B0", lut16_icc(9)[-1000:]), (b"D2B0", float_pipeline_icc(3)[132 + 12 :])])
    assert not convertible_icc(with_float, "RGB", ICC_MAX_BYTES), "LittleCMS prefers D2Bx"
    lying = bytearray(lut16_icc(9))
    lying[lying.index(b"mft2") + 10] = 255  # a grid of 255³ points declared in a 10 KB tag
    assert not convertible_icc(bytes(lying), "RGB", ICC_MAX_BYTES), "tables larger than the tag"
    many = icc_profile([(struct.pack(">I", n), b"XYZ \0\0\0\0" + bytes(12)) for n in range(101)])
    assert not convertible_icc(many, "RGB", ICC_MAX_BYTES), "more tags than LittleCMS reads"
    for kind in (b"mft1", b"mft2", b"mAB "):
        cut_short = icc_profile([(b"A2B0", kind + bytes(4))])  # the tag ends the profile
        assert not convertible_icc(cut_short, "RGB", ICC_MAX_BYTES), kind
    abstract = bytearray(matrix_trc_icc())
    abstract[12:16] = b"abst"
    assert not convertible_icc(bytes(abstract), "RGB", ICC_MAX_BYTES), "not a device profile"


# --- every format: metadata dropped, pixels kept ---------------------------------------------


def test_gif_extensions_are_dropped_and_transparency_kept():
    im = Image.new("P", (40, 20), 0)
    im.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    im.paste(1, (20, 0, 40, 20))
    buf = io.BytesIO()
    im.save(buf, "GIF", transparency=0)
    before = gif_with_extensions(Image.open(io.BytesIO(buf.getvalue())), [(0xFE, b"<script>" * 100)])
    raw = before[:-1] + b"!\xfe\x05hello\0!\xff\x0bXMP DataXMP\x03abc\0;"  # after the frame too
    data = strip_metadata(raw).data
    assert b"<script>" not in data and b"hello" not in data and b"XMP" not in data
    out = assert_clean(images.image_to_data_uri(raw)).convert("RGBA")
    assert out.getpixel((5, 10))[3] == 0 and out.getpixel((30, 10)) == BLUE + (255,)


def test_an_animated_gif_keeps_its_first_frame_only():
    frames = [Image.new("RGB", (20, 10), c) for c in (RED, BLUE)]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], comment=b"secret")
    data = strip_metadata(buf.getvalue()).data
    assert Image.open(io.BytesIO(data)).n_frames == 1 and b"NETSCAPE" not in data and b"secret" not in data
    assert close(decode(images.image_to_data_uri(buf.getvalue()))[1].getpixel((5, 5)), RED)


def test_webp_metadata_flags_are_cleared_with_their_chunks():
    raw = webp_with(picture(), exif=orientation_exif(8), icc_profile=swapped_matrix_trc_icc(), xmp=b"<x/>")
    stripped = strip_metadata(raw)
    assert stripped.data[20] & 0x2C == 0 and b"XMP " not in stripped.data and b"EXIF" not in stripped.data
    im = assert_clean(images.image_to_data_uri(raw))
    assert im.size == (48, 64) and close(im.getpixel((24, 58)), BLUE, tol=40)  # turned; red became blue


def test_a_png_keeps_its_transparency_and_loses_its_text():
    im = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    im.paste(RED + (255,), (10, 0, 20, 20))
    raw = png_with_chunks(im, [(b"tEXt", b"Comment\0secret"), (b"iCCP", b"x\0\0" + b"junk")])
    out = assert_clean(images.image_to_data_uri(raw))
    assert out.mode == "RGBA" and out.getpixel((2, 2))[3] == 0 and out.getpixel((15, 5)) == RED + (255,)


def test_a_jpeg_with_more_segments_than_the_cap_is_refused_with_a_clear_message():
    raw = jpeg_with_segments(picture(), [(0xFE, b"")] * (MAX_PARTS + 1))
    assert len(raw) < 1024 * 1024
    with pytest.raises(images.InvalidImage, match=r"more than 131,072 segments, chunks or blocks"):
        images.image_to_data_uri(raw)


@pytest.mark.parametrize("cut", [3, 40, 120, 400])
def test_a_jpeg_cut_inside_its_metadata_is_refused_as_corrupt(cut):
    raw = jpeg_with_segments(picture(), [(0xE1, b"Exif\0\0" + orientation_exif(6)), (0xFE, b"x" * 300)])
    with pytest.raises(images.InvalidImage, match="truncated or corrupt"):
        images.image_to_data_uri(raw[:cut])


def test_only_the_first_jfif_and_adobe_markers_are_kept_without_a_thumbnail():
    cmyk = Image.new("CMYK", (16, 16), (0, 255, 255, 0))
    thumbnail = b"JFIF\0\1\2\0\0\1\0\1\x10\x10" + b"T" * (16 * 16 * 3)
    raw = jpeg_with_segments(cmyk, [(0xE0, thumbnail)] * 3 + [(0xEE, b"Adobe\0\x64\0\0\0\0\0" + b"A" * 500)] * 2)
    data = strip_metadata(raw).data
    assert data.count(b"JFIF\0") == 1 and b"T" * 16 not in data
    assert data.count(b"Adobe") == 1 and b"A" * 16 not in data
    assert close(decode(images.image_to_data_uri(raw))[1].getpixel((8, 8)), RED, tol=40)


def test_a_plain_photo_is_walked_without_a_copy():
    raw = jpeg_with_segments(picture(), [])
    assert strip_metadata(raw).data is raw


def test_junk_and_fill_bytes_between_jpeg_segments_are_skipped_as_libjpeg_does():
    raw = jpeg_with_segments(picture(), [(0xFE, b"note")])
    at = raw.index(b"\xff\xfe")
    raw = raw[:at] + b"\xff\xff\xff" + raw[at:]
    assert_clean(images.image_to_data_uri(raw + jpeg_segment(0xE1, b"Exif\0\0after the image")))
