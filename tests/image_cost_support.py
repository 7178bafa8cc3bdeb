"""What an image intake costs, measured in a child process: CPU seconds and resident memory.

tracemalloc does not see Pillow's or LittleCMS's buffers (C allocations), and a wall clock
measures the machine's load, so the child reads its own counters around each intake: CPU time
from getrusage (user + system) and the peak resident size from /proc (VmHWM, reset before
each file through /proc/self/clear_refs, so one file's peak does not hide the next one's;
ru_maxrss would also carry over the parent's peak across exec). The child runs under an
address-space and a CPU limit, so a regression fails the test instead of taking the machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

MEGABYTE = 1024 * 1024
# The child's guards: far above any bound the tests assert, far below what would hurt the machine.
ADDRESS_SPACE_LIMIT = 3 * 1024 * MEGABYTE
CPU_LIMIT_SECONDS = 120

CHILD = """
import io, json, os, resource, sys
limit, cpu_limit = int(sys.argv[1]), int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
resource.setrlimit(resource.RLIMIT_CPU, (cpu_limit, cpu_limit + 5))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modelhub.settings")
import django
django.setup()
from PIL import Image
from modelhub import images

def status(key):
    with open("/proc/self/status") as lines:
        return next(int(line.split()[1]) * 1024 for line in lines if line.startswith(key + ":"))

def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime

for warm_up in ("PNG", "JPEG", "WEBP", "GIF"):  # plugins, codecs and LittleCMS loaded once
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, warm_up)
    images.image_to_data_uri(buf.getvalue())
results = []
for path in sys.argv[3:]:
    raw = open(path, "rb").read()
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # VmHWM := VmRSS
    before, started = status("VmHWM"), cpu()
    try:
        images.image_to_data_uri(raw)
        outcome = "stored"
    except images.InvalidImage as exc:
        outcome = "refused: " + str(exc)
    results.append({"outcome": outcome, "cpu": cpu() - started, "grown": status("VmHWM") - before})
    del raw
print(json.dumps(results))
"""


@dataclass(frozen=True)
class Cost:
    outcome: str  # "stored" or "refused: <message>"
    cpu_seconds: float
    grown_bytes: int  # peak resident size above the resident size before the intake

    @property
    def grown_mb(self) -> float:
        return self.grown_bytes / MEGABYTE


def can_measure() -> bool:
    return Path("/proc/self/clear_refs").exists()


def intake_costs(files: list[bytes], directory: Path, *, base_dir: Path) -> list[Cost]:
    """Each file through `image_to_data_uri` in one fresh child process, measured one by one."""
    paths = []
    for n, raw in enumerate(files):
        path = directory / f"image-{n}.bin"
        path.write_bytes(raw)
        paths.append(str(path))
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", CHILD, str(ADDRESS_SPACE_LIMIT), str(CPU_LIMIT_SECONDS), *paths],
        cwd=base_dir,
        capture_output=True,
        text=True,
        timeout=CPU_LIMIT_SECONDS * 3,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"the child failed ({done.returncode}): {done.stderr[-3000:]}")
    return [Cost(r["outcome"], r["cpu"], r["grown"]) for r in json.loads(done.stdout.splitlines()[-1])]
