"""A fuzzing pass over image intake: structured files with hostile metadata, per format.

Hypothesis builds PNG / JPEG / WebP / GIF files (tests/image_fuzz_support.py) and a child
process runs each through `image_to_data_uri`: the only exception allowed is InvalidImage,
and the child reports the worst CPU seconds and resident growth of any one file. The child
runs Hypothesis itself (derandomized: the same files every run), so a failure shrinks to a
small example printed in the test's output. `make test` runs a small budget;
IMAGE_FUZZ_EXAMPLES=2000 runs a deeper pass on demand.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from modelhub.images import InvalidImage
from modelhub.images.containers import ICC_MAX_BYTES, strip_metadata
from modelhub.images.metadata import convertible_icc, exif_orientation
from tests.image_cost_support import ADDRESS_SPACE_LIMIT, MEGABYTE, can_measure
from tests.image_fuzz_support import FILES, exif_blocks, icc_profiles

EXAMPLES = int(os.environ.get("IMAGE_FUZZ_EXAMPLES", "25"))
CPU_BOUND_SECONDS = 2.0
RSS_BOUND = 150 * MEGABYTE

CHILD = """
import json, os, resource, sys
limit, fmt, examples = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modelhub.settings")
import django
django.setup()
from hypothesis import HealthCheck, given, settings
from modelhub import images
from tests.image_fuzz_support import FILES

def status(key):
    with open("/proc/self/status") as lines:
        return next(int(line.split()[1]) * 1024 for line in lines if line.startswith(key + ":"))

def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime

worst = {"cpu": 0.0, "grown": 0, "stored": 0, "refused": 0, "examples": 0}

@settings(max_examples=examples, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(FILES[fmt])
def intake_is_bounded(raw):
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
    before, started = status("VmHWM"), cpu()
    try:
        images.image_to_data_uri(raw)
        worst["stored"] += 1
    except images.InvalidImage:
        worst["refused"] += 1
    worst["cpu"] = max(worst["cpu"], cpu() - started)
    worst["grown"] = max(worst["grown"], status("VmHWM") - before)
    worst["examples"] += 1

intake_is_bounded()
print(json.dumps(worst))
"""


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF"])
def test_hostile_metadata_raises_only_invalid_image_within_the_bound(fmt):
    if not can_measure():
        pytest.skip("reads the child's resident peak from /proc (Linux)")
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", CHILD, str(ADDRESS_SPACE_LIMIT), fmt, str(EXAMPLES)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=600 + EXAMPLES,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    worst = json.loads(done.stdout.splitlines()[-1])
    assert worst["examples"] >= EXAMPLES  # shrinking runs more; generating runs them all
    assert worst["cpu"] < CPU_BOUND_SECONDS, worst
    assert worst["grown"] < RSS_BOUND, worst


# --- the parsers of our own, in process: they never raise (a bug there would refuse an image) --

in_process = hypothesis_settings(
    max_examples=EXAMPLES * 4,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@in_process
@given(icc_profiles(), st.sampled_from(["RGB", "RGBA", "CMYK", "L", "P"]))
def test_profile_vetting_never_raises(profile, mode):
    assert convertible_icc(profile, mode, ICC_MAX_BYTES) in (True, False)


@in_process
@given(st.one_of(exif_blocks(), st.binary(max_size=64)))
def test_orientation_reading_never_raises(block):
    assert 1 <= exif_orientation(block) <= 8


@in_process
@given(st.one_of(*FILES.values()))
def test_the_container_walk_raises_only_invalid_image(raw):
    try:
        stripped = strip_metadata(raw)
    except InvalidImage:
        return
    assert len(stripped.data) <= len(raw) + 12  # a WebP's RIFF header may be rebuilt
