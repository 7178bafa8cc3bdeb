"""Validation and normalisation of model profile images (pure Pillow, no Django).

Uploads (bytes) and API values (base64 data URIs) are sniffed with Pillow (PNG, JPEG,
WebP or GIF only; a file name or declared type is never trusted), checked against size
limits *before* decoding, EXIF-rotated, stripped of metadata, scaled to fit
MAX_SIDE x MAX_SIDE (never upscaled) and re-encoded as a data URI of at most
MAX_DATA_URI_CHARS characters. Output format rule:

* real transparency (some alpha < 255): PNG if it fits, else lossy WebP, quality 85..30;
* otherwise (a fully opaque alpha channel is dropped): JPEG, quality 85, 75, 65, 50, 35;
* if even the lowest quality is too big, shrink by 25 % and try the same ladder again.

Metadata is distrusted: `containers` cuts it out of the file's bytes before Pillow parses
anything, keeping aside only the capped start of the EXIF block and the ICC profile;
`metadata` reads the orientation from that EXIF start itself and lets only ICC profiles of a
bounded kind reach LittleCMS (others are dropped; the image is read as sRGB).

The parts: `refusals` (limits, accepted formats, the refusal messages), `containers` and
`metadata` (above), `intake` (decode, normalise, encode) and `data_uris` (the API's base64
values).
"""

from modelhub.images.data_uris import data_uri_fingerprint, data_uri_to_bytes, data_uri_to_normalized
from modelhub.images.intake import BAND_PIXELS, REDUCING_GAP, image_to_data_uri
from modelhub.images.refusals import (
    _FORMATS,
    MAX_DATA_URI_CHARS,
    MAX_ENCODED_BYTES,
    MAX_FULL_DECODE_PIXELS,
    MAX_PIXELS,
    MAX_SIDE,
    InvalidImage,
)

__all__ = [
    "BAND_PIXELS",
    "MAX_DATA_URI_CHARS",
    "MAX_ENCODED_BYTES",
    "MAX_FULL_DECODE_PIXELS",
    "MAX_PIXELS",
    "MAX_SIDE",
    "REDUCING_GAP",
    "_FORMATS",
    "InvalidImage",
    "data_uri_fingerprint",
    "data_uri_to_bytes",
    "data_uri_to_normalized",
    "image_to_data_uri",
]
