"""Shared pieces of the hostile-input tests (tests/test_security_input*.py)."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from modelhub.models import AuditEntry
from modelhub.models.aimodels import EDITABLE_FIELDS
from modelhub.services import aimodel_update
from tests.support import snapshot

MEGABYTE = 1024 * 1024
STRING_FIELDS = [f for f in EDITABLE_FIELDS if f != "configuration"]
WRONG_TYPES = [0, 12345, 1.5, True, ["x"], {"a": 1}, b"bytes", object()]
OPEN_SPEC = {"type": "object"}  # any object: only the rules' own limits apply


def nested(depth: int):
    """{"a": {"a": ... }} built iteratively (no recursion)."""
    value: dict = {}
    for _ in range(depth - 1):
        value = {"a": value}
    return value


UNICODE_IDS = {
    "cyrillic-a-homoglyph": "resnet-\u0430",  # looks like "resnet-a"
    "fullwidth-letters": "\uff52\uff45\uff53",
    "kelvin-sign": "\u212aelvin",
    "rtl-mark": "resnet\u200f",
    "zero-width-joiner": "res\u200dnet",
    "zero-width-space": "res\u200bnet",
    "bom": "\ufeffresnet",
    "nul": "res\x00net",
    "trailing-newline": "abc\n",
    "leading-space": " abc",
    "combining-accent": "re\u0301snet",
    "emoji": "model-\U0001f600",
    "surrogate": "res\ud800net",
    "dotless-i": "\u0131d",
    "dot-segment": "..",
    "slash": "a/b",
    "percent-encoded": "a%2Fb",
    "too-long": "a" * 64,
}


def refused(aimodel, alice, changes, field=None) -> list[str]:
    """Assert the service refuses `changes` with a ValidationError and writes nothing."""
    before = snapshot(aimodel)
    with pytest.raises(ValidationError) as exc:
        aimodel_update(aimodel=aimodel, changes=changes, actor=alice, source="api")
    assert snapshot(aimodel) == before
    assert not AuditEntry.objects.exists()
    errors = exc.value.message_dict
    field = field or next(iter(changes))
    assert field in errors, errors
    for message in errors[field]:
        assert len(message) < 500, "an error message must not echo a huge value back"
    return errors[field]


def png(im: Image.Image) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    data = bytearray(png(Image.new("L", (1, 1))))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def jpeg_declaring(width: int, height: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (16, 16)).save(buf, "JPEG")
    data = bytearray(buf.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
