"""A 12-megapixel JPEG to a stored data URI: the product's path vs a naive full decode.

Timing is in-process and interleaved; peak memory is measured in a fresh subprocess per
path and input (VmHWM, the resident high-water mark of a fresh process, so each path
gets its own; ru_maxrss is not used because Linux carries it over from the parent across exec).
This module imports no Django: the subprocess runs `python -m tests.bench.imaging`.
"""

import base64
import io
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from modelhub.images import image_to_data_uri

SIZE = (4000, 3000)  # 12 megapixels


def naive_data_uri(raw: bytes) -> str:
    """The naive reference: decode every pixel, then thumbnail and encode."""
    im = Image.open(io.BytesIO(raw))
    im.load()  # full-resolution decode (thumbnail can no longer use JPEG draft mode)
    im = im.convert("RGB")
    im.thumbnail((512, 512))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=85)
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode()


def limit_decode(raw: bytes) -> tuple[int, int]:
    """The physical limit: a reduced-scale decode alone, `Image.draft` at its smallest scale
    (libjpeg's 1/8 DCT scaling: the DC coefficients only) plus `load()`; no resize, no encode.
    The entropy decoding of the whole file remains: no decoder setting skips it."""
    im = Image.open(io.BytesIO(raw))
    im.draft("RGB", (1, 1))
    im.load()
    return im.size


def covering_decode(raw: bytes) -> tuple[int, int]:
    """The decode alone at the smallest DCT scale whose size still covers the 512-px output."""
    im = Image.open(io.BytesIO(raw))
    scale = min(512 / im.width, 512 / im.height)
    im.draft("RGB", (math.ceil(im.width * scale), math.ceil(im.height * scale)))
    im.load()
    return im.size


DJPEG = shutil.which("djpeg")


def djpeg_version() -> str:
    """libjpeg-turbo's version line of the installed djpeg ("" when none is installed)."""
    if not DJPEG:
        return ""
    out = subprocess.run([DJPEG, "-version"], capture_output=True, text=True, check=False)
    return (out.stderr or out.stdout).strip().splitlines()[0] if (out.stderr or out.stdout) else "djpeg"


def djpeg_decode(path: str) -> None:
    """The limit as libjpeg-turbo's own tool gives it: `djpeg -scale 1/8` of the file, output
    discarded. Its wall time includes starting a process: timed on a tiny JPEG as well
    (`djpeg_spawn`) and subtracted."""
    subprocess.run([DJPEG, "-scale", "1/8", "-outfile", os.devnull, path], check=True)


def write_tiny(directory: str) -> str:
    """An 8×8 JPEG: `djpeg` of it is the cost of starting djpeg (no decoding to speak of)."""
    path = os.path.join(directory, "bench_tiny.jpg")
    Image.new("RGB", (8, 8)).save(path, "JPEG")
    return path


PATHS = {"product": image_to_data_uri, "naive": naive_data_uri, "limit": limit_decode}


def _gradient() -> Image.Image:
    w, h = SIZE
    red = Image.linear_gradient("L").resize(SIZE)
    green = Image.linear_gradient("L").rotate(90).resize(SIZE)
    blue = Image.radial_gradient("L").resize(SIZE)
    return Image.merge("RGB", (red, green, blue))


def _noise(sigma: float, independent: bool) -> Image.Image:
    if independent:
        return Image.merge("RGB", [Image.effect_noise(SIZE, sigma) for _ in range(3)])
    return Image.merge("RGB", [Image.effect_noise(SIZE, sigma)] * 3)


def make_jpeg(kind: str) -> bytes:
    """smooth: gradients + faint noise; photo-like: shapes, blur and sensor noise; grainy: heavy noise."""
    im = _gradient()
    if kind == "photo-like":
        rng = random.Random(12)
        draw = ImageDraw.Draw(im)
        for _ in range(150):
            x, y, r = rng.randrange(SIZE[0]), rng.randrange(SIZE[1]), rng.randrange(30, 500)
            shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
            shape((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
        im = im.filter(ImageFilter.GaussianBlur(6))
        im = Image.blend(im, _noise(30, independent=False), 0.12)
    elif kind == "grainy":
        im = Image.blend(im, _noise(50, independent=True), 0.30)
    else:
        im = Image.blend(im, _noise(8, independent=False), 0.05)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90)
    return buf.getvalue()


KINDS = ("smooth", "photo-like", "grainy")


def peak_memory_mb(path: str, which: str) -> tuple[float, float]:
    """(peak RSS, peak RSS above the baseline after imports and reading the file) in MB."""
    out = subprocess.run(
        [sys.executable, "-m", "tests.bench.imaging", which, path],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout
    result = json.loads(out)
    return result["peak_kb"] / 1024, (result["peak_kb"] - result["baseline_kb"]) / 1024


def write_samples(directory: str) -> dict[str, tuple[str, bytes]]:
    samples = {}
    for kind in KINDS:
        raw = make_jpeg(kind)
        path = os.path.join(directory, f"bench_12mp_{kind}.jpg")
        Path(path).write_bytes(raw)
        samples[kind] = (path, raw)
    return samples


def _vm_hwm_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def _child(which: str, path: str) -> None:
    raw = Path(path).read_bytes()
    Image.open(io.BytesIO(raw)).close()  # warm up: Pillow registers its plugins on first open
    baseline = _vm_hwm_kb()
    PATHS[which](raw)
    peak = _vm_hwm_kb()
    print(json.dumps({"baseline_kb": baseline, "peak_kb": peak}))


if __name__ == "__main__":
    if len(sys.argv) == 3:
        _child(sys.argv[1], sys.argv[2])
    else:  # a quick look at the sample files
        with tempfile.TemporaryDirectory() as tmp:
            for kind, (path, raw) in write_samples(tmp).items():
                print(kind, f"{len(raw) / 1e6:.1f} MB", peak_memory_mb(path, "product"), peak_memory_mb(path, "naive"))
