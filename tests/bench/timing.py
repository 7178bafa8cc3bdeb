"""Interleaved A/B timing, query capture and the "was image data loaded?" check."""

import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.test.utils import CaptureQueriesContext

# Columns a list must not load. A column counts as loaded when it is selected as such
# (followed by "," or FROM), not when it is merely tested (e.g. `profile_image <> ''`).
HEAVY_COLUMNS = ("profile_image", "readme", "configuration")


class NotBuilt(Exception):
    """The endpoint answers 404: it is not built yet (phase 2)."""

    def __init__(self, method: str, url: str, status: int):
        self.url = url
        super().__init__(f"n/a (not built yet: {method} {url} → {status})")


class Unexpected(Exception):
    """The endpoint answered something other than the expected status."""


@dataclass
class Call:
    """One measured operation: `run()` is timed; `prepare()` (untimed) runs just before it."""

    name: str
    run: Callable[[], object]
    prepare: Callable[[], None] = field(default=lambda: None)


def interleave(
    calls: list[Call], *, iterations: int, warmup: int = 3, max_seconds: float = 30.0, min_iterations: int = 15
) -> dict[str, list[float]]:
    """Run the calls ABC… CBA… alternately; return each call's samples in milliseconds.

    Alternating the order each round cancels drift (CPU frequency, other load on the
    machine, caches) and any advantage of going first.
    """
    for _ in range(warmup):
        for call in calls:
            call.prepare()
            call.run()
    samples: dict[str, list[float]] = {call.name: [] for call in calls}
    started = time.perf_counter()
    for i in range(iterations):
        for call in calls if i % 2 == 0 else reversed(calls):
            call.prepare()
            t0 = time.perf_counter_ns()
            call.run()
            samples[call.name].append((time.perf_counter_ns() - t0) / 1e6)
        if i + 1 >= min_iterations and time.perf_counter() - started > max_seconds:
            break
    return samples


def median(values: list[float]) -> float:
    return statistics.median(values)


@dataclass
class QueryProfile:
    count: int
    sql: list[str]

    @property
    def heavy_columns(self) -> list[str]:
        """Heavy columns (image, README, configuration) selected by any SELECT."""
        found = set()
        for sql in self.sql:
            head = sql.split(" FROM ", 1)[0] if sql.lstrip().upper().startswith("SELECT") else ""
            for column in HEAVY_COLUMNS:
                if re.search(rf'"{column}"\s*(,|$)', head):
                    found.add(column)
        return sorted(found)


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def profile_queries(call: Call) -> QueryProfile:
    """Queries of one (untimed) run of `call` in steady state, after one warm-up run.

    The warm-up run takes what happens once, not per request (an API token's once-a-minute
    last-used stamp). BEGIN/COMMIT/SAVEPOINT are not counted: Django
    logs them as entries, but they are transaction control, not queries.
    """
    call.prepare()
    call.run()
    call.prepare()
    with CaptureQueriesContext(connection) as ctx:
        call.run()
    sql = [q["sql"] for q in ctx.captured_queries if not q["sql"].upper().startswith(TRANSACTION_CONTROL)]
    return QueryProfile(count=len(sql), sql=sql)
