"""Hypothesis strategies for structured PNG / JPEG / WebP / GIF files with hostile metadata.

Each strategy starts from a small picture Pillow encodes (so the pixels are usually valid) and
adds what an attacker controls: random and templated JPEG segments (EXIF, ICC parts, MPF,
JFIF, Adobe), PNG chunks (text, eXIf, iCCP, APNG), WebP chunks and VP8X flags, GIF
extensions and stray bytes; EXIF IFDs with random entries, ICC profiles with random headers
and tags (LUTs, float pipelines, curves); then, sometimes, a truncation or a flipped byte.
Large values are runs of zero bytes, cheap to generate.
"""

from __future__ import annotations

import io
import struct
import zlib

from hypothesis import strategies as st
from PIL import Image

from tests.image_attacks_support import (
    exif_block,
    gif_with_extensions,
    icc_app2_segments,
    jpeg_segment,
    png_chunk,
    riff_with_chunks,
)
from tests.image_icc_support import float_pipeline_icc, icc_profile, lut16_icc, matrix_element, matrix_trc_icc

small = st.integers(0, 64)
blob = st.one_of(st.binary(max_size=64), st.integers(0, 300_000).map(bytes))


@st.composite
def exif_blocks(draw) -> bytes:
    tags = st.one_of(st.sampled_from([0x0112, 0x8769, 0x8825, 0xA005, 0x927C, 0x0128, 0x011A]), st.integers(0, 0xFFFF))
    values = st.one_of(st.binary(min_size=4, max_size=4), st.integers(0, 1 << 20))
    counts = st.one_of(small, st.integers(0, 0xFFFFFFFF))
    entries = draw(st.lists(st.tuples(tags, st.integers(0, 14), counts, values), max_size=40))
    block = exif_block(entries, tail=draw(blob), big_endian=draw(st.booleans()))
    return draw(mutated(block))


_LUT_TYPES = [b"mft1", b"mft2", b"mAB ", b"mBA ", b"mpet", b"curv", b"para", b"XYZ ", b"desc", b"sf32"]
_TAG_SIGS = [b"A2B0", b"A2B1", b"A2B2", b"D2B0", b"B2A0", b"rXYZ", b"gXYZ", b"bXYZ", b"rTRC", b"gTRC", b"bTRC"]


@st.composite
def tag_data(draw) -> bytes:
    kind = draw(st.sampled_from(_LUT_TYPES))
    head = struct.pack(">4sI", kind, 0)
    fields = draw(st.binary(min_size=0, max_size=64))
    if kind in (b"mft1", b"mft2"):
        fields = bytes([draw(st.integers(1, 5)), draw(st.integers(1, 5)), draw(st.integers(0, 255)), 0]) + fields
    elif kind == b"curv":
        fields = struct.pack(">I", draw(st.integers(0, 1 << 20))) + fields
    elif kind == b"mpet":
        return float_pipeline_icc(draw(st.integers(0, 200)), matrix_element())[144:]
    return head + fields + bytes(draw(st.integers(0, 4096)))


@st.composite
def icc_profiles(draw) -> bytes:
    base = draw(st.sampled_from(["random", "srgb", "lut", "float"]))
    if base == "srgb":
        profile = matrix_trc_icc()
    elif base == "lut":
        profile = lut16_icc(draw(st.integers(2, 20)), space=draw(st.sampled_from([b"RGB ", b"CMYK"])))
    elif base == "float":
        profile = float_pipeline_icc(draw(st.integers(1, 300)))
    else:
        sigs = st.one_of(st.sampled_from(_TAG_SIGS), st.binary(min_size=4, max_size=4))
        profile = icc_profile(
            draw(st.lists(st.tuples(sigs, tag_data()), max_size=8)),
            space=draw(st.sampled_from([b"RGB ", b"CMYK", b"GRAY", b"Lab ", b"\0\0\0\0"])),
            pcs=draw(st.sampled_from([b"XYZ ", b"Lab ", b"RGB "])),
            device_class=draw(st.sampled_from([b"mntr", b"scnr", b"prtr", b"spac", b"abst", b"link", b"nmcl"])),
            version=draw(st.sampled_from([0x02100000, 0x04300000, 0x05000000])),
        )
    return draw(mutated(profile))


@st.composite
def mutated(draw, data: bytes) -> bytes:
    """`data` as is, cut short, or with one byte changed."""
    how = draw(st.sampled_from(["as is", "as is", "cut", "flip"]))
    if not data or how == "as is":
        return data
    at = draw(st.integers(0, len(data) - 1))
    if how == "cut":
        return data[:at]
    return data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]


@st.composite
def pictures(draw, modes=("RGB", "RGBA", "L", "P")) -> Image.Image:
    mode = draw(st.sampled_from(modes))
    size = (draw(st.integers(1, 48)), draw(st.integers(1, 48)))
    colour = draw(st.integers(0, 255))
    im = Image.new(mode, size, colour if mode in ("L", "P") else (colour,) * len(mode))
    im.paste(255 - colour if mode in ("L", "P") else (255 - colour,) * len(mode), (0, 0, size[0] // 2, size[1]))
    return im


def _encoded(im: Image.Image, fmt: str, **params) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **params)
    return buf.getvalue()


@st.composite
def jpeg_segments(draw) -> list[tuple[int, bytes]]:
    kind = draw(st.sampled_from(["exif", "icc", "mpf", "jfif", "adobe", "comment", "random"]))
    if kind == "icc":
        profile = draw(icc_profiles())
        chunk = max(draw(st.sampled_from([65519, 4096, 100])), -(-len(profile) // 255))  # ≤ 255 parts
        return icc_app2_segments(profile, chunk=chunk)
    payload = {
        "exif": lambda: b"Exif\0\0" + draw(exif_blocks()),
        "mpf": lambda: b"MPF\0" + draw(exif_blocks()),
        "jfif": lambda: b"JFIF\0" + draw(st.binary(max_size=20)),
        "adobe": lambda: b"Adobe" + draw(st.binary(max_size=12)),
        "comment": lambda: draw(blob),
        "random": lambda: draw(st.binary(max_size=200)),
    }[kind]()[:65533]
    marker = {"exif": 0xE1, "mpf": 0xE2, "jfif": 0xE0, "adobe": 0xEE, "comment": 0xFE}.get(kind)
    return [(marker or draw(st.integers(0xC0, 0xFE)), payload)]


@st.composite
def jpegs(draw) -> bytes:
    im = draw(pictures(("RGB", "L", "CMYK")))
    raw = _encoded(im, "JPEG", quality=draw(st.integers(5, 95)), progressive=draw(st.booleans()))
    segments = [segment for group in draw(st.lists(jpeg_segments(), max_size=6)) for segment in group]
    inserted = b"".join(jpeg_segment(marker, payload) for marker, payload in segments)
    at = draw(st.sampled_from([2, raw.index(b"\xff\xda"), len(raw)]))
    return draw(mutated(raw[:at] + inserted + raw[at:]))


@st.composite
def png_chunks(draw) -> tuple[bytes, bytes]:
    kind = draw(st.sampled_from([b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"iCCP", b"acTL", b"fcTL", b"sRGB", b"XXXX"]))
    if kind == b"eXIf":
        return kind, draw(exif_blocks())
    if kind == b"iCCP":
        return kind, b"icc\0\0" + zlib.compress(draw(icc_profiles()))
    if kind == b"zTXt":
        return kind, b"k\0\0" + zlib.compress(draw(blob))
    return kind, draw(blob)


@st.composite
def pngs(draw) -> bytes:
    raw = _encoded(draw(pictures()), "PNG")
    chunks = b"".join(png_chunk(kind, data) for kind, data in draw(st.lists(png_chunks(), max_size=6)))
    at = draw(st.sampled_from([33, raw.index(b"IDAT") - 4, len(raw) - 12, len(raw)]))
    return draw(mutated(raw[:at] + chunks + raw[at:]))


@st.composite
def webps(draw) -> bytes:
    im = draw(pictures(("RGB", "RGBA")))
    params = {"lossless": draw(st.booleans())}
    if draw(st.booleans()):
        params["exif"] = draw(exif_blocks())
    if draw(st.booleans()):
        params["icc_profile"] = draw(icc_profiles())
    raw = _encoded(im, "WEBP", **params)
    kinds = st.sampled_from([b"EXIF", b"ICCP", b"XMP ", b"ANIM", b"ALPH", b"ZZZZ"])
    raw = riff_with_chunks(raw, draw(st.lists(st.tuples(kinds, blob), max_size=4)))
    if raw[12:16] == b"VP8X" and draw(st.booleans()):
        raw = raw[:20] + bytes([draw(st.integers(0, 255))]) + raw[21:]
    return draw(mutated(raw))


@st.composite
def gifs(draw) -> bytes:
    im = draw(pictures(("P", "L", "RGB")))
    labels = st.one_of(st.sampled_from([0xFE, 0xFF, 0x01, 0xF9]), st.integers(0, 255))
    raw = gif_with_extensions(im, draw(st.lists(st.tuples(labels, blob), max_size=5)))
    if draw(st.booleans()):
        raw = raw[:-1] + draw(st.binary(max_size=40)) + b";"  # stray bytes after the image
    return draw(mutated(raw))


FILES = {"PNG": pngs(), "JPEG": jpegs(), "WEBP": webps(), "GIF": gifs()}
