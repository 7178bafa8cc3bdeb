"""The container walkers: every format's metadata is cut out of the bytes before Pillow sees them.

Each walker copies the structure that carries pixels (a JPEG's tables and frame header, the
JFIF/Adobe markers that say how to read its colours, and its scans from the first one on;
PNG IHDR, PLTE, tRNS, IDAT; WebP VP8X, ANIM, ANMF, ALPH, VP8, VP8L; a GIF's header,
palettes, graphic control and first image) and drops everything else: EXIF, XMP, comments,
text chunks, application extensions, MPF indexes, thumbnails. Of the
dropped parts, two are kept aside, each read with a hard byte cap: the start of the EXIF
block (for the orientation) and the ICC profile. Pillow then parses a file with no metadata
left in it, so nothing it does can be made to cost more than the pixels do.

The walks are linear in the file size; the number of parts (segments, chunks, blocks) is
capped, so a file cannot make the walk itself slow.
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass

from modelhub.images.refusals import _too_much_metadata

# A file may have at most this many segments / chunks / blocks (real files: a few hundred; a
# 10 MB GIF of full 255-byte sub-blocks: about 41,000).
MAX_PARTS = 1 << 17
# Of an EXIF block, only this many leading bytes are read (IFD0, and its orientation entry,
# come first; a JPEG APP1 segment cannot be larger anyway).
EXIF_MAX_BYTES = 64 * 1024
# A longer ICC profile is dropped (not converted); the image is then read as sRGB.
ICC_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Stripped:
    """The file without metadata, the start of its EXIF block, and its ICC profile."""

    data: bytes
    exif: bytes | None = None
    icc: bytes | None = None


def strip_metadata(raw: bytes) -> Stripped:
    """Dispatch on the signature; an unknown signature is returned as is (Pillow refuses it)."""
    if raw.startswith(b"\xff\xd8"):
        return _jpeg(raw)
    if raw.startswith(b"\x89PNG\r\n\x1a\n"):
        return _png(raw)
    if raw[:4] == b"RIFF" and raw[8:12] == b"WEBP":
        return _webp(raw)
    if raw.startswith((b"GIF87a", b"GIF89a")):
        return _gif(raw)
    return Stripped(raw)


def _joined(raw: bytes, parts: list) -> bytes:
    """The kept parts as one file; `raw` itself when nothing was dropped (no copy)."""
    return raw if sum(len(part) for part in parts) == len(raw) else b"".join(parts)


class _Budget:
    def __init__(self):
        self.left = MAX_PARTS

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise _too_much_metadata(MAX_PARTS)


# --- JPEG ------------------------------------------------------------------------------------

# The next marker after junk bytes: 0xFF followed by neither a stuffed zero, a restart marker
# nor a fill byte.
_NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
_STANDALONE = frozenset([0x01, 0xD8, *range(0xD0, 0xD8)])
_SOS, _EOI, _COM = 0xDA, 0xD9, 0xFE


# JFIF (APP0) and Adobe (APP14) say how to read the colours: the first of each is kept, cut to
# its fixed fields (a JFIF thumbnail is dropped); every other APPn is metadata.
_KEPT_APPS = {0xE0: (b"JFIF\0", 14), 0xEE: (b"Adobe", 12)}


def _kept_app(marker: int, segment: memoryview, payload: memoryview, kept: set) -> memoryview | bytes | None:
    """The segment to keep for a JFIF or Adobe marker (first of its kind), else None."""
    signature, size = _KEPT_APPS.get(marker, (None, 0))
    if signature is None or marker in kept or payload[:5] != signature:
        return None
    kept.add(marker)
    if len(payload) <= size:
        return segment
    fields = bytes(payload[:size])
    if marker == 0xE0:
        fields = fields[:12] + b"\0\0"  # no thumbnail
    return bytes([0xFF, marker]) + (size + 2).to_bytes(2, "big") + fields


def _jpeg(raw: bytes) -> Stripped:
    """Segments up to the first scan; the scans themselves are copied as they are: after the first
    scan only libjpeg reads the file, and it skips APPn and COM segments without keeping them."""
    view, budget, n = memoryview(raw), _Budget(), len(raw)
    out: list = [b"\xff\xd8"]
    exif, icc_parts, icc_bytes, kept_apps = None, {}, 0, set()
    pos = 2
    while pos < n:
        budget.spend()
        if raw[pos] != 0xFF or pos + 1 >= n or raw[pos + 1] in (0x00, 0xFF):
            found = _NEXT_MARKER.search(raw, pos)  # junk or fill bytes: skip to the next marker
            if not found:
                break
            pos = found.start()
        marker = raw[pos + 1]
        if marker in (_SOS, _EOI) or pos + 4 > n:
            out.append(view[pos:])
            break
        if marker in _STANDALONE:
            pos += 2
            continue
        end = pos + 2 + int.from_bytes(raw[pos + 2 : pos + 4], "big")
        if 0xE0 <= marker <= 0xEF or marker == _COM:
            payload = view[pos + 4 : min(end, n)]
            if marker == 0xE1 and exif is None and payload[:6] == b"Exif\0\0":
                exif = bytes(payload[6 : 6 + EXIF_MAX_BYTES])
            elif marker == 0xE2 and payload[:12] == b"ICC_PROFILE\0" and len(payload) > 14:
                icc_bytes += len(payload) - 14
                if icc_bytes <= ICC_MAX_BYTES:
                    icc_parts.setdefault((payload[12], payload[13]), payload[14:])
            elif (segment := _kept_app(marker, view[pos:end], payload, kept_apps)) is not None:
                out.append(segment)
        else:
            out.append(view[pos:end])
        pos = end
    icc = _joined_icc(icc_parts) if icc_bytes <= ICC_MAX_BYTES else None
    return Stripped(_joined(raw, out), exif, icc)


def _joined_icc(parts: dict[tuple[int, int], bytes]) -> bytes | None:
    """The APP2 parts in sequence order, when they are exactly parts 1..N of N."""
    if not parts:
        return None
    total = next(iter(parts))[1]
    if sorted(parts) != [(i, total) for i in range(1, total + 1)]:
        return None
    return b"".join(parts[(i, total)] for i in range(1, total + 1))  # one copy of the profile


# --- PNG -------------------------------------------------------------------------------------

_PNG_KEEP = frozenset([b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"])


def _png(raw: bytes) -> Stripped:
    view, budget, n = memoryview(raw), _Budget(), len(raw)
    out = [view[:8]]
    exif = icc = None
    pos = 8
    while pos + 8 <= n:
        budget.spend()
        length, kind = struct.unpack_from(">I4s", raw, pos)
        end = pos + 12 + length
        if kind in _PNG_KEEP:
            out.append(view[pos:end])
        elif kind == b"eXIf" and exif is None:
            exif = raw[pos + 8 : pos + 8 + min(length, EXIF_MAX_BYTES)]
        elif kind == b"iCCP" and icc is None and length <= ICC_MAX_BYTES:
            icc = _inflated_icc(raw[pos + 8 : min(end - 4, n)])
        if kind == b"IEND" or end > n:
            break
        pos = end
    return Stripped(_joined(raw, out), exif, icc)


def _inflated_icc(data: bytes) -> bytes | None:
    """An iCCP chunk's profile (name, NUL, method 0, zlib data), inflated to at most the cap."""
    name_end = data.find(b"\0", 0, 80)
    if name_end < 1 or data[name_end + 1 : name_end + 2] != b"\0":
        return None
    inflater = zlib.decompressobj()
    try:
        profile = inflater.decompress(data[name_end + 2 :], ICC_MAX_BYTES + 1)
    except zlib.error:
        return None
    return profile if len(profile) <= ICC_MAX_BYTES and not inflater.unconsumed_tail else None


# --- WebP ------------------------------------------------------------------------------------

_WEBP_KEEP = frozenset([b"VP8X", b"ANIM", b"ANMF", b"ALPH", b"VP8 ", b"VP8L"])
_VP8X_METADATA_FLAGS = 0x20 | 0x08 | 0x04  # ICC, EXIF, XMP


def _webp(raw: bytes) -> Stripped:
    view, budget = memoryview(raw), _Budget()
    n = min(len(raw), 8 + struct.unpack_from("<I", raw, 4)[0])  # bytes after the RIFF are not read
    out: list = []
    exif = icc = None
    pos = 12
    while pos + 8 <= n:
        budget.spend()
        kind, length = struct.unpack_from("<4sI", raw, pos)
        end = pos + 8 + length + (length & 1)
        if kind == b"VP8X" and length >= 10 and end <= n:
            out.append(raw[pos : pos + 8] + bytes([raw[pos + 8] & ~_VP8X_METADATA_FLAGS]) + raw[pos + 9 : end])
        elif kind in _WEBP_KEEP:
            out.append(view[pos:end])
        elif kind == b"EXIF" and exif is None:
            exif = raw[pos + 8 : pos + 8 + min(length, EXIF_MAX_BYTES)]
        elif kind == b"ICCP" and icc is None and length <= ICC_MAX_BYTES:
            icc = raw[pos + 8 : min(pos + 8 + length, n)]
        pos = end
    size = sum(len(part) for part in out)
    return Stripped(b"".join([b"RIFF", struct.pack("<I", 4 + size), b"WEBP", *out]), exif, icc)


# --- GIF -------------------------------------------------------------------------------------


def _sub_blocks_end(raw: bytes, pos: int, budget: _Budget) -> int:
    """Position after the data sub-blocks starting at `pos` (and their zero terminator)."""
    n = len(raw)
    while pos < n:
        size = raw[pos]
        pos += size + 1
        if not size:
            break
        budget.spend()
    return min(pos, n)


def _gif(raw: bytes) -> Stripped:
    """The header, the global palette, the last graphic control block before the first image,
    and that image; comment, application and plain-text extensions and later frames are dropped."""
    budget, n = _Budget(), len(raw)
    if n < 13:
        return Stripped(raw)
    flags = raw[10]
    pos = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    out, control = [raw[:pos]], b""
    while pos < n:
        budget.spend()
        byte = raw[pos]
        if byte == 0x21 and pos + 1 < n:  # an extension: label, then sub-blocks
            end = _sub_blocks_end(raw, pos + 2, budget)
            if raw[pos + 1] == 0xF9:
                control = raw[pos:end]
            pos = end
        elif byte == 0x2C:  # the first image: descriptor, local palette, LZW data
            local = raw[pos + 9] if pos + 9 < n else 0
            data_at = pos + 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0)
            end = _sub_blocks_end(raw, data_at + 1, budget) if data_at < n else n
            out += [control, raw[pos:end], b";"]
            break
        elif byte == 0x3B:
            break
        else:  # a stray byte, skipped as Pillow does
            pos += 1
    return Stripped(b"".join(out))
