"""Issue 11's refusals, timed on this machine: the hostile bodies of findings M1-M3.

Reuses tests/measure_refusals.py (which can also run alone): each body is PATCHed to the
bench's model through django.test.Client as its owner (the whole middleware stack), 5
times (median), then once under tracemalloc (peak of Python allocations). A hostile body
must be refused (4xx) with a short answer (the 1 M-key error body under 8 KB); the
legitimate 12 MP JPEG is there for comparison and must be accepted. Times are reported,
not judged: no target is set for them.
"""

from django.test import Client

from tests.bench.report import Row
from tests.bench.seed import BenchData
from tests.measure_refusals import measure_refusals

ANSWER_LIMIT = 8 * 1024


def refusal_rows(data: BenchData, owner: Client) -> list[Row]:
    url = f"/v1alpha/namespaces/alice/models/{data.patch_target.model_id}"
    rows = []
    for r in measure_refusals(owner, url, {"Authorization": f"Bearer {data.token}"}):
        legit = r.name.startswith("(legit)")
        met = r.status == 200 if legit else (400 <= r.status < 500 and r.answer_bytes < ANSWER_LIMIT)
        row = Row(
            scenario=f"refusal: {r.name} ({r.body_bytes / 1e6:.1f} MB body)"
            if r.body_bytes >= 100_000
            else f"refusal: {r.name} ({r.body_bytes} B body)",
            median_ms=r.median_ms,
            queries=f"{r.status}, {r.answer_bytes:,} B answer, peak {r.peak_mb:.1f} MB",
            target="accepted (200)" if legit else "refused (4xx), answer < 8 KB",
            met=met,
        )
        if not met:
            row.note = f"missed: answered {r.status} with {r.answer_bytes:,} B"
        rows.append(row)
    return rows
