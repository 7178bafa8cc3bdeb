"""JPEG intake decodes at reduced scale (Image.draft) and stores a faithful image that fits 512×512:
as decoded when that fits the box already, else resized to it."""

import base64
import io
import math
from unittest import mock

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageStat

from modelhub.images import image_to_data_uri


def _psnr(a: Image.Image, b: Image.Image) -> float:
    rms = ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).rms
    mse = sum(x * x for x in rms) / 3
    return 10 * math.log10(255 * 255 / mse) if mse else 99.0


def _photo(size: tuple[int, int]) -> bytes:
    im = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(im)
    for n in range(40):
        x, y, r = (n * 997) % size[0], (n * 613) % size[1], 40 + (n * 37) % 300
        draw.ellipse((x - r, y - r, x + r, y + r), fill=((n * 53) % 256, (n * 91) % 256, (n * 17) % 256))
    im = im.filter(ImageFilter.GaussianBlur(4))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _encoded(reference: Image.Image) -> Image.Image:
    """The reference through the product's JPEG encoding alone (quality 85): the loss no decode avoids."""
    buf = io.BytesIO()
    reference.save(buf, "JPEG", quality=85, optimize=True)
    return Image.open(buf)


def _stored(raw: bytes) -> Image.Image:
    uri = image_to_data_uri(raw)
    return Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))


def test_12_megapixel_jpeg_is_stored_at_its_reduced_decode_size_and_faithful():
    raw = _photo((4000, 3000))  # 1/8 DCT scale gives 500×375, which fits 512×512: no resampling
    full = Image.open(io.BytesIO(raw))
    full.load()
    reference = full.resize((500, 375), Image.Resampling.LANCZOS)

    stored = _stored(raw)

    assert stored.format == "JPEG"
    assert stored.size == (500, 375)
    # Within 0.5 dB of the encoding's own loss: as faithful as a full decode + Lanczos.
    assert _psnr(stored, reference) > _psnr(_encoded(reference), reference) - 0.5


def test_jpeg_whose_reduced_scale_would_be_far_below_the_target_decodes_larger_and_is_resized():
    raw = _photo((3000, 2000))  # 1/8 would give 375×250 (73 %): the decode stays at 1/4 or more
    full = Image.open(io.BytesIO(raw))
    full.load()
    reference = full.resize((512, 341), Image.Resampling.LANCZOS)

    stored = _stored(raw)

    assert stored.size == (512, 341)
    assert _psnr(stored, reference) > _psnr(_encoded(reference), reference) - 0.5


def test_a_reduced_decode_that_fits_is_never_resampled_and_a_larger_one_is():
    twelve_mp, six_mp = _photo((4000, 3000)), _photo((3000, 2000))
    resized = []
    real_resize = Image.Image.resize

    def spy(im, size, *args, **kwargs):
        resized.append((im.size, tuple(size)))
        return real_resize(im, size, *args, **kwargs)

    with mock.patch.object(Image.Image, "resize", autospec=True, side_effect=spy):
        image_to_data_uri(twelve_mp)
        assert resized == []  # 500×375 from the 1/8 decode is stored as is
        image_to_data_uri(six_mp)
        assert resized == [((750, 500), (512, 341))]  # the 1/4 decode, down to the box
