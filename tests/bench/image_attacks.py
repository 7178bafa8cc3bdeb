"""The image intake's worst case per format: CPU seconds and peak resident growth.

Every crafted file (tests/image_attacks_support.py: hostile metadata, float-pipeline ICC
profiles, EXIF blob bombs, huge comments and extensions; tests/image_pixels_support.py: the
costliest pixels each format allows within 10 MB and its pixel limit) goes through
`image_to_data_uri` in one fresh child process, measured file by file
(tests/image_cost_support.py: getrusage CPU time, VmHWM reset before each file). One row
per format: the worst CPU and the worst resident growth, against the stated bound of the
intake (docs: image intake cost).
"""

import tempfile
from pathlib import Path

from tests.bench.report import Row
from tests.image_attacks_support import CORPUS
from tests.image_cost_support import can_measure, intake_costs
from tests.image_pixels_support import COSTLIEST_PIXELS

CPU_BOUND_SECONDS = 2.0
RSS_BOUND_MB = 250


def worst_case_rows() -> list[Row]:
    if not can_measure():
        return [Row(scenario="image intake worst case", note="n/a (needs /proc/self/clear_refs: Linux)")]
    rows = []
    base_dir = Path(__file__).resolve().parents[2]
    for fmt, hostile in CORPUS.items():
        pixels_name, pixels = COSTLIEST_PIXELS[fmt]
        named = {**hostile, pixels_name: pixels}
        with tempfile.TemporaryDirectory(prefix="modelhub_bench_") as tmp:
            measured = intake_costs([make() for make in named.values()], Path(tmp), base_dir=base_dir)
        costs = dict(zip(named, measured, strict=True))
        cpu_name = max(costs, key=lambda name: costs[name].cpu_seconds)
        rss_name = max(costs, key=lambda name: costs[name].grown_bytes)
        metadata_cpu = max(costs[name].cpu_seconds for name in hostile)
        metadata_rss = max(costs[name].grown_mb for name in hostile)
        cpu, rss = costs[cpu_name].cpu_seconds, costs[rss_name].grown_mb
        met = cpu < CPU_BOUND_SECONDS and rss < RSS_BOUND_MB and all(c.outcome == "stored" for c in costs.values())
        row = Row(
            scenario=f"image intake, {fmt}: worst of {len(costs)} crafted files",
            median_ms=cpu * 1000,
            queries=(
                f"CPU {cpu:.2f} s ({cpu_name}); peak +{rss:.0f} MB ({rss_name}); "
                f"hostile metadata alone ≤ {metadata_cpu:.2f} s, +{metadata_rss:.0f} MB"
            ),
            target=f"<{CPU_BOUND_SECONDS:.0f} s CPU; <{RSS_BOUND_MB} MB",
            met=met,
        )
        if not met:
            row.note = f"missed: {cpu:.2f} s, {rss:.0f} MB, outcomes {sorted({c.outcome[:40] for c in costs.values()})}"
        rows.append(row)
    return rows
