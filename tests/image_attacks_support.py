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

from PIL import Image, ImageCms

MEGABYTE = 1024 * 1024
ORIENTATION = 0x0112
D50 = struct.pack(">iii", 0xF6D6, 0x10000, 0xD32D)

# --- ICC profiles ----------------------------------------------------------------------------


def icc_profile(tags, *, space=b"RGB ", pcs=b"XYZ ", device_class=b"mntr", version=0x04300000) -> bytes:
    """A profile from (tag signature, tag data) pairs; tag data is 4-byte aligned as the format asks."""
    offset = 128 + 4 + 12 * len(tags)
    table, body = bytearray(), bytearray()
    for signature, data in tags:
        body += b"\0" * (-(offset + len(body)) % 4)
        table += struct.pack(">4sII", signature, offset + len(body), len(data))
        body += data
    header = struct.pack(
        ">I4sI4s4s4s12s4s4sI8s8sI12s4s44s",
        offset + len(body),
        b"lcms",
        version,
        device_class,
        space,
        pcs,
        b"\0" * 12,
        b"acsp",
        b"APPL",
        0,
        b"\0" * 8,
        b"\0" * 8,
        0,
        D50,
        b"lcms",
        b"\0" * 44,
    )
    return header + struct.pack(">I", len(tags)) + bytes(table) + bytes(body)


def matrix_element(scale: float = 1.0) -> bytes:
    """An ICC v4 'matf' processing element: a 3×3 matrix and 3 offsets (float32)."""
    matrix = (scale, 0, 0, 0, scale, 0, 0, 0, scale)
    return struct.pack(">4sIHH", b"matf", 0, 3, 3) + struct.pack(">12f", *matrix, 0, 0, 0)


def clut_element(grid: int = 2) -> bytes:
    """An ICC v4 'clut' processing element: a float32 identity grid, 3 in, 3 out."""
    values = []
    for r in range(grid):
        for g in range(grid):
            for b in range(grid):
                values += [r / (grid - 1), g / (grid - 1), b / (grid - 1)]
    points = bytes([grid] * 3 + [0] * 13)
    return struct.pack(">4sIHH", b"clut", 0, 3, 3) + points + struct.pack(f">{len(values)}f", *values)


def float_pipeline_icc(elements: int = 8000, element: bytes | None = None) -> bytes:
    """A v4 RGB profile whose D2B0 tag is an 'mpet' of `elements` processing elements.

    Every position-table entry points at the same element, so each element costs the file 8
    bytes while LittleCMS evaluates them all, once per sample of its resampling grid.
    """
    element = element or matrix_element()
    head = 16 + 8 * elements
    table = struct.pack(">II", head, len(element)) * elements
    mpet = struct.pack(">4sIHHI", b"mpet", 0, 3, 3, elements) + table + element
    return icc_profile([(b"D2B0", mpet)])


def matrix_trc_icc() -> bytes:
    """A plain matrix/TRC RGB profile (LittleCMS's own sRGB): the kind that is converted."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def swapped_matrix_trc_icc() -> bytes:
    """A matrix/TRC profile whose red and blue primaries are swapped: a visible conversion."""
    tags = dict(_tags_of(matrix_trc_icc()))
    tags[b"rXYZ"], tags[b"bXYZ"] = tags[b"bXYZ"], tags[b"rXYZ"]
    return icc_profile(list(tags.items()), version=0x02100000)


def lut16_icc(grid: int, *, space=b"RGB ") -> bytes:
    """A v2 profile with an A2B0 'mft2' (lut16) tag of `grid` points a side: a LUT profile."""
    inputs = 4 if space == b"CMYK" else 3
    entries = 2
    header = struct.pack(">4sIBBBB", b"mft2", 0, inputs, 3, grid, 0)
    matrix = struct.pack(">9i", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x10000)
    tables = struct.pack(">HH", entries, entries)
    curve = struct.pack(">2H", 0, 0xFFFF)
    clut = struct.pack(">H", 0x8000) * (3 * grid**inputs)
    tag = header + matrix + tables + curve * inputs + clut + curve * 3
    return icc_profile([(b"A2B0", tag), (b"wtpt", b"XYZ \0\0\0\0" + D50)], space=space, pcs=b"XYZ ", version=0x02100000)


def long_trc_icc(entries: int) -> bytes:
    """A matrix/TRC profile whose three tone curves are tables of `entries` points each."""
    ramp = struct.pack(f">{entries}H", *(i * 0xFFFF // (entries - 1) for i in range(entries)))
    curve = b"curv\0\0\0\0" + struct.pack(">I", entries) + ramp
    tags = [(sig, curve if sig.endswith(b"TRC") else data) for sig, data in _tags_of(matrix_trc_icc())]
    return icc_profile(tags, version=0x02100000)


def padded_icc(size: int) -> bytes:
    """A matrix/TRC profile made `size` bytes long (± 3) by a private tag: big, and nothing else."""
    tags = _tags_of(matrix_trc_icc())
    pad = size
    for _ in range(3):
        profile = icc_profile([(b"zzzz", b"data\0\0\0\0" + bytes(max(0, pad)))] + tags)
        pad += size - len(profile)
    return profile


def _tags_of(profile: bytes) -> list[tuple[bytes, bytes]]:
    count = struct.unpack(">I", profile[128:132])[0]
    tags = []
    for i in range(count):
        sig, off, size = struct.unpack(">4sII", profile[132 + 12 * i : 144 + 12 * i])
        tags.append((sig, profile[off : off + size]))
    return tags


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
