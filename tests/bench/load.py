"""Concurrent HTTP clients for the real-server scenarios: threads with http.client, keep-alive.

Each client is a thread with its own persistent connection (gunicorn's gthread workers keep
it alive); a request on a reused connection that the server had closed meanwhile (idle
timeout, a worker recycled after `max_requests`) is sent again on a new connection, as
browsers and HTTP libraries do. Workloads are run in short slices, alternating ABC… CBA…
like the in-process scenarios, so drift and the other load on the machine hit every
workload alike and their ratios are taken in one run.
"""

import http.client
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from tests.bench.report import Row

RETRYABLE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, http.client.CannotSendRequest)


@dataclass
class Response:
    status: int
    body: bytes
    cookies: dict[str, str]


class HttpClient:
    """One keep-alive connection to one server, with its own cookies."""

    def __init__(self, port: int, *, headers: dict[str, str] | None = None, cookies: dict[str, str] | None = None):
        self.port = port
        self.headers = dict(headers or {})
        self.cookies = dict(cookies or {})
        self.conn: http.client.HTTPConnection | None = None
        self.reconnects = 0

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> Response:
        all_headers = {**self.headers, **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            fresh = self.conn is None
            if fresh:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=all_headers)
                raw = self.conn.getresponse()
                data = raw.read()
            except RETRYABLE:
                self.close()
                if fresh or attempt == 2:
                    raise
                self.reconnects += 1
                continue
            cookies = {}
            for header in raw.headers.get_all("Set-Cookie") or []:
                cookies.update({k: m.value for k, m in SimpleCookie(header).items()})
            self.cookies.update(cookies)
            if raw.getheader("Connection", "").lower() == "close":
                self.close()
            return Response(raw.status, data, cookies)
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class Failure(Exception):
    """A request that did not get the expected answer."""


def expect(response: Response, method: str, path: str, statuses=(200,)) -> Response:
    if response.status not in statuses:
        detail = response.body[:200].decode(errors="replace")
        raise Failure(f"{method} {path.split('?')[0]} → {response.status}: {detail}")
    return response


# A step: one client's next request(s). It returns (kind, seconds), or a list of them when
# it sends several requests (the admin's form GET, then its POST).
Step = Callable[[], tuple[str, float] | list[tuple[str, float]]]


@dataclass
class Workload:
    """`make_step(client_index)` builds one client's step function; it is called in a loop."""

    name: str
    make_step: Callable[[int], Step]
    close: Callable[[], None] = field(default=lambda: None)


@dataclass
class KindStats:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""

    def percentile(self, p: float) -> float | None:
        values = sorted(self.latencies_ms)
        if not values:
            return None
        if len(values) == 1:
            return values[0]
        return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1] if p < 100 else values[-1]


@dataclass
class WorkloadStats:
    seconds: float = 0.0
    kinds: dict[str, KindStats] = field(default_factory=dict)

    @property
    def requests(self) -> int:
        return sum(len(k.latencies_ms) for k in self.kinds.values())

    @property
    def errors(self) -> int:
        return sum(k.errors for k in self.kinds.values())

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def kind_per_second(self, kind: str) -> float:
        return len(self.kinds[kind].latencies_ms) / self.seconds if self.seconds else 0.0

    def first_error(self) -> str:
        return next((k.first_error for k in self.kinds.values() if k.first_error), "")


def run_slice(workload: Workload, clients: int, seconds: float, stats: WorkloadStats) -> None:
    """`clients` threads run `workload` for `seconds`; results are added to `stats`."""
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client(index: int) -> None:
        try:
            step = workload.make_step(index)
        except Exception as exc:  # setup failed: count it as an error of the workload
            with lock:
                kind = stats.kinds.setdefault("setup", KindStats())
                kind.errors += 1
                kind.first_error = kind.first_error or f"{type(exc).__name__}: {exc}"[:300]
            start.wait()
            return
        start.wait()
        while time.perf_counter() < deadline[0]:
            try:
                measured = step()
            except Exception as exc:
                name = getattr(exc, "kind", "request")
                with lock:
                    kind = stats.kinds.setdefault(name, KindStats())
                    kind.errors += 1
                    kind.first_error = kind.first_error or f"{type(exc).__name__}: {exc}"[:300]
                continue
            with lock:
                for kind_name, elapsed in [measured] if isinstance(measured[0], str) else measured:
                    stats.kinds.setdefault(kind_name, KindStats()).latencies_ms.append(elapsed * 1000)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + seconds
    t0 = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    stats.seconds += time.perf_counter() - t0
    workload.close()


def interleaved(
    workloads: list[Workload], *, clients: int, slice_seconds: float, rounds: int
) -> dict[str, WorkloadStats]:
    """Run the workloads in slices, ABC… then CBA…, `rounds` times; their stats by name."""
    stats = {w.name: WorkloadStats() for w in workloads}
    for r in range(rounds):
        for workload in workloads if r % 2 == 0 else reversed(workloads):
            run_slice(workload, clients, slice_seconds, stats[workload.name])
    return stats


def timed(kind: str, client: HttpClient, method: str, path: str, body=None, headers=None, statuses=(200,)):
    """Send one request; return (kind, seconds) or raise Failure tagged with the kind."""
    t0 = time.perf_counter()
    try:
        response = client.request(method, path, body, headers)
    except OSError as exc:
        failure = Failure(f"{method} {path.split('?')[0]}: {type(exc).__name__}: {exc}")
        failure.kind = kind
        raise failure from exc
    elapsed = time.perf_counter() - t0
    try:
        expect(response, method, path, statuses)
    except Failure as failure:
        failure.kind = kind
        raise
    return kind, elapsed, response


def p50(stats, kind: str) -> float | None:
    k = stats.kinds.get(kind)
    return statistics.median(k.latencies_ms) if k and k.latencies_ms else None


def error_row(scenario: str, stats_list) -> Row:
    errors = sum(s.errors for s in stats_list)
    first = next((s.first_error() for s in stats_list if s.errors), "")
    return Row(
        scenario=scenario,
        target="0 errors",
        met=errors == 0,
        note=f"missed: {errors} errors, e.g. {first}" if errors else "",
    )
