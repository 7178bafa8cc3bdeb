"""Hostile image files, built by code: metadata crafted to cost CPU or memory at intake.

Each builder returns the bytes of a file within the intake's size limits (10 MB, 40 MP) whose
pixels are ordinary and whose metadata is the attack: ICC profiles that are float pipelines or
megabytes long, EXIF blocks whose entries all point at one large blob, WebP EXIF/ICCP chunks,
GIF comment and application extensions. `CORPUS` names them per format, for the tests and for
`make bench`. Nothing here is committed as a binary.
"""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

from tests.image_icc_support import float_pipeline_icc, long_trc_icc, lut16_icc, padded_icc

MEGABYTE = 1024 * 1024
ORIENTATION = 0x0112

# --- EXIF ------------------------------------------------------------------------------------


def exif_block(entries: list[tuple[int, int, int, bytes | int]], *, tail: bytes = b"", big_endian=True) -> bytes:
    """A TIFF-structured EXIF block (no "Exif\\0\\0" prefix): IFD0 of (tag, type, count, value)
    entries, where an int value is an offset into `tail` (placed after the IFD) and bytes are
    stored inline (at most 4)."""
    order = ">" if big_endian else "<"
    ifd_size = 2 + 12 * len(entries) + 4
    tail_at = 8 + ifd_size
    out = bytearray((b"MM\0*" if big_endian else b"II*\0") + struct.pack(order + "I", 8))
    out += struct.pack(order + "H", len(entries))
    for tag, kind, count, value in entries:
        field = value.ljust(4, b"\0") if isinstance(value, bytes) else struct.pack(order + "I", tail_at + value)
        out += struct.pack(order + "HHI", tag, kind, count) + field
    return bytes(out + struct.pack(order + "I", 0) + tail)


def orientation_exif(orientation: int, *, big_endian=True) -> bytes:
    value = struct.pack(">H" if big_endian else "<H", orientation)
    return exif_block([(ORIENTATION, 3, 1, value)], big_endian=big_endian)


def exif_blob_bomb(entries: int = 300, blob: int = 5 * MEGABYTE, orientation: int = 6) -> bytes:
    """EXIF whose `entries` IFD0 entries (distinct tags, type UNDEFINED) all point at one
    `blob`-byte value; an EXIF reader that copies each entry's value allocates entries × blob."""
    rows = [(ORIENTATION, 3, 1, struct.pack(">H", orientation))]
    rows += [(0x8000 + i, 7, blob, 0) for i in range(entries)]
    return exif_block(rows, tail=bytes(blob))


# --- containers ------------------------------------------------------------------------------


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_with_chunks(im: Image.Image, chunks: list[tuple[bytes, bytes]]) -> bytes:
    """`im` as a PNG with extra chunks inserted right after IHDR."""
    buf = io.BytesIO()
    im.save(buf, "PNG")
    raw = buf.getvalue()
    return raw[:33] + b"".join(png_chunk(kind, data) for kind, data in chunks) + raw[33:]


def jpeg_segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">HH", 0xFF00 | marker, len(payload) + 2) + payload


def jpeg_with_segments(im: Image.Image, segments: list[tuple[int, bytes]], **params) -> bytes:
    """`im` as a JPEG (Pillow's encoder, `params`) with extra segments inserted after SOI."""
    buf = io.BytesIO()
    im.save(buf, "JPEG", **params)
    raw = buf.getvalue()
    return raw[:2] + b"".join(jpeg_segment(marker, payload) for marker, payload in segments) + raw[2:]


def icc_app2_segments(profile: bytes, chunk: int = 65519) -> list[tuple[int, bytes]]:
    parts = [profile[i : i + chunk] for i in range(0, len(profile), chunk)]
    return [(0xE2, b"ICC_PROFILE\0" + bytes([n + 1, len(parts)]) + part) for n, part in enumerate(parts)]


def gif_with_extensions(im: Image.Image, extensions: list[tuple[int, bytes]]) -> bytes:
    """`im` as a GIF with extension blocks (label, payload split in 255-byte sub-blocks) placed
    before the first image."""
    buf = io.BytesIO()
    im.save(buf, "GIF")
    raw = buf.getvalue()
    flags = raw[10]
    start = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    blocks = []
    for label, payload in extensions:
        parts = [payload[i : i + 255] for i in range(0, len(payload), 255)]
        blocks += [b"!", bytes([label]), *(bytes([len(part)]) + part for part in parts), b"\0"]
    return raw[:start] + b"".join(blocks) + raw[start:]


def picture(size=(64, 48), mode="RGB") -> Image.Image:
    """A small two-colour picture: left half red, right half blue (orientation is visible)."""
    im = Image.new(mode, size, (0, 0, 255) if mode == "RGB" else 0)
    im.paste((255, 0, 0) if mode == "RGB" else 255, (0, 0, size[0] // 2, size[1]))
    return im


def webp_with(im: Image.Image, **params) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "WEBP", **params)
    return buf.getvalue()


def riff_with_chunks(webp: bytes, chunks: list[tuple[bytes, bytes]]) -> bytes:
    """A WebP with extra chunks appended (sizes little-endian, odd sizes padded), RIFF size fixed."""
    body = webp[12:] + b"".join(k + struct.pack("<I", len(d)) + d + b"\0" * (len(d) & 1) for k, d in chunks)
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


def split_exif_app1(exif: bytes, chunk: int = 65000) -> list[tuple[int, bytes]]:
    """An EXIF block over consecutive APP1 "Exif" segments (Pillow joins them into one block)."""
    return [(0xE1, b"Exif\0\0" + exif[i : i + chunk]) for i in range(0, len(exif), chunk)]


def mpf_index(entries: int = 2700, blob: int = 32 * 1024) -> bytes:
    """An APP2 "MPF" payload whose index IFD has `entries` distinct tags at one `blob`-byte value."""
    return b"MPF\0" + exif_block([(0xB100 + i, 7, blob, 0) for i in range(entries)], tail=bytes(blob))


def _zlib(data: bytes) -> bytes:
    return zlib.compress(data, 9)


def _corpus() -> dict[str, dict[str, object]]:
    """Per format: name → a function building the hostile file (all within 10 MB)."""
    rgb, mpet = picture(), float_pipeline_icc(8000)
    return {
        "JPEG": {
            "float-pipeline ICC profile (8,000 elements, 64 KB)": lambda: jpeg_with_segments(
                rgb, icc_app2_segments(mpet)
            ),
            "9 MB ICC profile over 144 APP2 markers": lambda: jpeg_with_segments(
                rgb, icc_app2_segments(padded_icc(9 * MEGABYTE))
            ),
            "9 MB EXIF over 139 APP1 markers, 300 entries at one blob": lambda: jpeg_with_segments(
                rgb, split_exif_app1(exif_blob_bomb(300, 9 * MEGABYTE))
            ),
            "one APP1 EXIF, 2,700 entries at one 32 KB blob": lambda: jpeg_with_segments(
                rgb,
                [(0xE1, b"Exif\0\0" + exif_block([(0x9000 + i, 7, 32768, 0) for i in range(2700)], tail=bytes(32768)))],
            ),
            "MPF index, 2,700 entries at one 32 KB blob": lambda: jpeg_with_segments(rgb, [(0xE2, mpf_index())]),
            "9 MB of COM comments": lambda: jpeg_with_segments(rgb, [(0xFE, bytes(65000))] * 145),
            "9 MB of JFIF APP0 thumbnails": lambda: jpeg_with_segments(
                rgb, [(0xE0, b"JFIF\0\1\2\0\0\1\0\1\x93\x75" + bytes(0x93 * 0x75 * 3))] * 145
            ),
            "largest CMYK LUT profile converted (lut16, 20⁴ grid, 960 KB)": lambda: jpeg_with_segments(
                Image.new("CMYK", (64, 48), (0, 255, 255, 0)), icc_app2_segments(lut16_icc(20, space=b"CMYK"))
            ),
            "largest RGB LUT profile converted (lut16, 55³ grid)": lambda: jpeg_with_segments(
                rgb, icc_app2_segments(lut16_icc(55))
            ),
            "matrix/TRC profile with 170,000-point curves": lambda: jpeg_with_segments(
                rgb, icc_app2_segments(long_trc_icc(170_000))
            ),
        },
        "PNG": {
            "eXIf of 300 entries at one 5 MB blob": lambda: png_with_chunks(rgb, [(b"eXIf", exif_blob_bomb())]),
            "float-pipeline ICC profile in iCCP": lambda: png_with_chunks(rgb, [(b"iCCP", b"icc\0\0" + _zlib(mpet))]),
            "9 MB of tEXt chunks": lambda: png_with_chunks(rgb, [(b"tEXt", b"k\0" + b"v" * 65000)] * 145),
            "zTXt chunks inflating to 1 MB each, 64 of them": lambda: png_with_chunks(
                rgb, [(b"zTXt", b"k\0\0" + _zlib(bytes(MEGABYTE - 1)))] * 64
            ),
        },
        "WEBP": {
            "EXIF chunk of 300 entries at one 5 MB blob": lambda: webp_with(rgb, exif=exif_blob_bomb()),
            "float-pipeline ICC profile in ICCP": lambda: webp_with(rgb, icc_profile=mpet),
            "9 MB XMP chunk": lambda: webp_with(rgb, xmp=b"<x/>" * (9 * MEGABYTE // 4)),
        },
        "GIF": {
            "9 MB comment extension": lambda: gif_with_extensions(rgb, [(0xFE, bytes(9 * MEGABYTE))]),
            "9 MB application extension (ICC and XMP)": lambda: gif_with_extensions(
                rgb, [(0xFF, b"ICCRGBG1012" + mpet), (0xFF, b"XMP DataXMP" + bytes(9 * MEGABYTE))]
            ),
            "40,000 comment extensions": lambda: gif_with_extensions(rgb, [(0xFE, b"x" * 200)] * 40000),
        },
    }


CORPUS = _corpus()
