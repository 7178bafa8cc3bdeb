"""What an audit entry keeps of a profile image: fingerprint and a small WebP thumbnail."""

import base64
import io

from PIL import Image

from modelhub.image_audit import THUMBNAIL_SIDE, data_uri_audit, data_uri_thumbnail
from modelhub.images import image_to_data_uri
from tests.web_helpers import jpeg_bytes


def test_thumbnail_is_a_small_webp_of_the_image():
    uri = image_to_data_uri(jpeg_bytes(size=(640, 480), color=(30, 160, 30)))
    thumbnail = data_uri_thumbnail(uri)
    assert thumbnail.startswith("data:image/webp;base64,") and len(thumbnail) < 4000
    im = Image.open(io.BytesIO(base64.b64decode(thumbnail.split(",", 1)[1])))
    assert im.size == (THUMBNAIL_SIDE, 72)  # aspect ratio kept
    assert im.convert("RGB").getpixel((10, 10))[1] > 120


def test_audit_value_is_fingerprint_plus_thumbnail_and_never_fails():
    uri = image_to_data_uri(jpeg_bytes())
    assert set(data_uri_audit(uri)) == {"bytes", "sha256", "thumbnail"}
    assert data_uri_audit(None) is None and data_uri_thumbnail("") is None
    assert set(data_uri_audit("data:image/png;base64,bm90IGFuIGltYWdl")) == {
        "bytes",
        "sha256",
    }  # unreadable: no thumbnail
