"""modelhub.images: data URIs parsed, normalised and fingerprinted."""

from __future__ import annotations

import base64
import hashlib

import pytest
from PIL import Image

from modelhub.images import (
    MAX_ENCODED_BYTES,
    InvalidImage,
    data_uri_fingerprint,
    data_uri_to_bytes,
    data_uri_to_normalized,
)
from tests.images_support import GREEN, close, decode, encode

# --- data URIs -------------------------------------------------------------------


def png_b64() -> tuple[bytes, str]:
    raw = encode(Image.new("RGB", (20, 10), GREEN), "PNG")
    return raw, base64.b64encode(raw).decode()


def test_data_uri_to_bytes_with_prefix_and_bare():
    raw, b64 = png_b64()
    assert data_uri_to_bytes(f"data:image/PNG;base64,{b64}") == ("image/png", raw)
    assert data_uri_to_bytes(f"data:image/png;name=a.png;base64,{b64}")[1] == raw
    assert data_uri_to_bytes(f"  {b64}\n") == ("application/octet-stream", raw)


def test_data_uri_to_normalized():
    _, b64 = png_b64()
    _, out, _ = decode(data_uri_to_normalized(f"data:image/png;base64,{b64}"))
    assert out.size == (20, 10)
    assert close(out.getpixel((10, 5)), GREEN)
    # the declared type is not trusted: content is sniffed
    html = base64.b64encode(b"<html><script>alert(1)</script>").decode()
    with pytest.raises(InvalidImage, match="HTML, not an image"):
        data_uri_to_normalized(f"data:image/png;base64,{html}")


@pytest.mark.parametrize(
    "uri",
    [
        "data:image/png;base64,@@not base64@@",
        "data:image/png;base64,iVBORw0KGgo",  # bad padding
        "data:image/png,iVBORw0KGgo=",  # percent-encoded form, not base64
        "data:image/png;charset=utf-8,abcd",
        "image/png;base64,iVBORw0KGgo=",  # missing data: prefix
        "dat:image/png;base64,iVBORw0KGgo=",
        "iVBO Rw0K",  # whitespace inside
        "ÿÿÿÿ",
        None,
    ],
)
def test_data_uri_parse_errors(uri):
    with pytest.raises(InvalidImage, match="not a base64 data URI"):
        data_uri_to_bytes(uri)


def test_empty_data_uri_refused():
    with pytest.raises(InvalidImage, match="empty"):
        data_uri_to_bytes("data:image/png;base64,")


def test_oversize_data_uri_refused_without_decoding(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("payload was decoded")

    monkeypatch.setattr(base64, "b64decode", fail)  # the module the parser decodes with
    payload = "A" * (4 * (MAX_ENCODED_BYTES // 3) + 8)
    with pytest.raises(InvalidImage, match=r"at most 10 MB is allowed"):
        data_uri_to_bytes("data:image/png;base64," + payload)
    with pytest.raises(InvalidImage, match=r"at most 10 MB is allowed"):
        data_uri_to_bytes(payload)


def test_data_uri_at_size_limit_is_decoded():
    payload = base64.b64encode(b"\x00" * MAX_ENCODED_BYTES).decode()
    assert len(data_uri_to_bytes(payload)[1]) == MAX_ENCODED_BYTES


# --- fingerprint -----------------------------------------------------------------


def test_data_uri_fingerprint():
    raw, b64 = png_b64()
    expected = {"bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}
    assert data_uri_fingerprint(f"data:image/png;base64,{b64}") == expected
    assert data_uri_fingerprint(b64) == expected  # bare base64: same bytes
    assert data_uri_fingerprint(f"data:image/png;base64,{b64}") == expected  # stable
    assert data_uri_fingerprint(None) is None
    assert data_uri_fingerprint("") is None


def test_data_uri_fingerprint_never_raises():
    garbage = "data:image/png;base64,@@@"
    assert data_uri_fingerprint(garbage) == {
        "bytes": len(garbage),
        "sha256": hashlib.sha256(garbage.encode()).hexdigest(),
    }
    big = base64.b64encode(b"\x01" * (MAX_ENCODED_BYTES + 3)).decode()
    assert data_uri_fingerprint(big)["bytes"] == MAX_ENCODED_BYTES + 3
