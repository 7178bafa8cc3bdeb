"""What the intake reads from metadata: the EXIF orientation, and whether an ICC profile is
of a kind whose conversion has a bounded cost. Both parse the raw bytes themselves.

The orientation is the one EXIF entry read, from IFD0 in the capped start of the block;
nothing is copied per entry (Pillow's EXIF reader copies every entry's value, so a block
of many entries pointing at one large value costs entries × value in memory).

ICC profiles: LittleCMS evaluates a profile's pipeline once per sample of its resampling grid
when it builds a transform, so the cost is (grid) × (pipeline length). A v4 float pipeline
('mpet', D2Bx tags) may chain any number of elements, and its elements may all point at the
same bytes: a 60 KB profile costs seconds. Converted are only profiles within the size cap
whose pipeline has a fixed shape: matrix/TRC (rXYZ, gXYZ, bXYZ and three TRC curves), or
one of the ICC v2/v4 LUT types ('mft1', 'mft2', 'mAB ') whose declared tables fit inside the
tag. Any other profile is dropped and the image kept, read as sRGB (what a browser shows for
an image without a profile); dropping costs a colour shift at worst, refusing would turn
away photos that only carry an unusual profile.
"""

from __future__ import annotations

import math
import struct

from PIL import Image

ORIENTATION_TAG = 0x0112
# EXIF orientation → the transpose that shows the image upright (as ImageOps.exif_transpose).
TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
MAX_ICC_TAGS = 100  # LittleCMS's own limit
_CLASSES = frozenset([b"mntr", b"scnr", b"prtr", b"spac"])
_SPACES = {"RGB": b"RGB ", "RGBA": b"RGB ", "CMYK": b"CMYK"}
_LUT_TAGS = (b"A2B0", b"A2B1", b"A2B2")
_MATRIX_TRC = (b"rXYZ", b"gXYZ", b"bXYZ", b"rTRC", b"gTRC", b"bTRC")


def exif_orientation(block: bytes | None) -> int:
    """The orientation (1-8) in IFD0 of a TIFF-structured EXIF block; 1 when absent or unreadable."""
    if not block or len(block) < 8:
        return 1
    order = {b"II*\0": "<", b"MM\0*": ">"}.get(block[:4])
    if order is None:
        return 1
    ifd = struct.unpack_from(order + "I", block, 4)[0]
    if ifd + 2 > len(block):
        return 1
    count = struct.unpack_from(order + "H", block, ifd)[0]
    for entry in range(ifd + 2, min(ifd + 2 + 12 * count, len(block) - 11), 12):
        tag, kind, n = struct.unpack_from(order + "HHI", block, entry)
        if tag == ORIENTATION_TAG:
            value = struct.unpack_from(order + "H", block, entry + 8)[0] if (kind, n) == (3, 1) else 1
            return value if value in TRANSPOSE else 1
    return 1


def _tags(icc: bytes) -> dict[bytes, tuple[int, int]] | None:
    count = struct.unpack_from(">I", icc, 128)[0]
    if count > MAX_ICC_TAGS or 132 + 12 * count > len(icc):
        return None
    tags = {}
    for at in range(132, 132 + 12 * count, 12):
        signature, offset, size = struct.unpack_from(">4sII", icc, at)
        if size < 8 or offset + size > len(icc):
            return None
        tags[signature] = (offset, size)
    return tags


def _curve_fits(icc: bytes, offset: int, limit: int) -> int | None:
    """End of a 'curv' or 'para' curve at `offset` when it fits before `limit`, else None."""
    if offset + 12 > limit:
        return None
    kind, count = struct.unpack_from(">4s4xI", icc, offset)
    if kind == b"curv":
        end = offset + 12 + 2 * count
    elif kind == b"para":
        params = {0: 1, 1: 3, 2: 4, 3: 5, 4: 7}.get(count >> 16)
        end = None if params is None else offset + 12 + 4 * params
    else:
        return None
    return end if end is not None and end <= limit else None


def _lut_fits(icc: bytes, offset: int, size: int, inputs: int) -> bool:
    """A 'mft1' / 'mft2' / 'mAB ' tag whose declared tables lie inside the tag."""
    kind = icc[offset : offset + 4]
    end = offset + size
    if size < 52:  # shorter than any LUT's fixed header
        return False
    if kind in (b"mft1", b"mft2"):
        ins, outs, grid = icc[offset + 8], icc[offset + 9], icc[offset + 10]
        if ins != inputs or outs != 3 or grid < 2:
            return False
        if kind == b"mft1":
            return 48 + 256 * (ins + outs) + grid**ins * outs <= size
        in_entries, out_entries = struct.unpack_from(">HH", icc, offset + 48)
        return 52 + 2 * (in_entries * ins + grid**ins * outs + out_entries * outs) <= size
    if kind != b"mAB ":
        return False
    ins, outs = icc[offset + 8], icc[offset + 9]
    b_at, matrix_at, m_at, clut_at, a_at = struct.unpack_from(">5I", icc, offset + 12)
    if ins != inputs or outs != 3 or not b_at:
        return False
    for at, curves in ((b_at, outs), (m_at, outs), (a_at, ins)):
        position = offset + at
        for _ in range(curves if at else 0):
            position = _curve_fits(icc, position, end)
            if position is None:
                return False
            position += -position % 4
    if matrix_at and offset + matrix_at + 48 > end:
        return False
    if clut_at:
        at = offset + clut_at
        if at + 20 > end or not all(icc[at : at + ins]) or icc[at + 16] not in (1, 2):
            return False
        return at + 20 + math.prod(icc[at : at + ins]) * outs * icc[at + 16] <= end
    return True


def convertible_icc(icc: bytes | None, mode: str, max_bytes: int) -> bool:
    """Whether `icc` may be handed to LittleCMS for an image of `mode` (see the module doc)."""
    space = _SPACES.get(mode)
    if not icc or space is None or not 132 <= len(icc) <= max_bytes:
        return False
    declared, device_class, data_space, pcs = struct.unpack_from(">I8x4s4s4s", icc, 0)
    if declared > len(icc) or device_class not in _CLASSES or data_space != space or pcs not in (b"XYZ ", b"Lab "):
        return False
    tags = _tags(icc)
    if tags is None or any(sig.startswith((b"D2B", b"B2D")) for sig in tags):
        return False
    luts = [tags[sig] for sig in _LUT_TAGS if sig in tags]
    if luts:
        return all(_lut_fits(icc, offset, size, len(space.strip())) for offset, size in luts)
    if space != b"RGB " or not all(sig in tags for sig in _MATRIX_TRC):
        return False
    for sig in _MATRIX_TRC[3:]:
        offset, size = tags[sig]
        if _curve_fits(icc, offset, offset + size) is None:
            return False
    return all(icc[tags[sig][0] : tags[sig][0] + 4] == b"XYZ " and tags[sig][1] >= 20 for sig in _MATRIX_TRC[:3])
