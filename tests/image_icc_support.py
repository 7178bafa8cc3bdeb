"""ICC profiles built by code, for the hostile image files of image_attacks_support: float
pipelines, LUTs, long curves and padded profiles, each a valid profile of the size asked for."""

from __future__ import annotations

import struct

from PIL import ImageCms

D50 = struct.pack(">iii", 0xF6D6, 0x10000, 0xD32D)


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
    tags = dict(tags_of(matrix_trc_icc()))
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
    tags = [(sig, curve if sig.endswith(b"TRC") else data) for sig, data in tags_of(matrix_trc_icc())]
    return icc_profile(tags, version=0x02100000)


def padded_icc(size: int) -> bytes:
    """A matrix/TRC profile made `size` bytes long (± 3) by a private tag: big, and nothing else."""
    tags = tags_of(matrix_trc_icc())
    pad = size
    for _ in range(3):
        profile = icc_profile([(b"zzzz", b"data\0\0\0\0" + bytes(max(0, pad)))] + tags)
        pad += size - len(profile)
    return profile


def tags_of(profile: bytes) -> list[tuple[bytes, bytes]]:
    count = struct.unpack(">I", profile[128:132])[0]
    tags = []
    for i in range(count):
        sig, off, size = struct.unpack(">4sII", profile[132 + 12 * i : 144 + 12 * i])
        tags.append((sig, profile[off : off + size]))
    return tags
