"""Through a real server: gunicorn (production configuration), loopback, concurrent clients.

- Load: 1, 4 and 16 clients; four workloads in interleaved slices: a mixed one (list page,
  detail page, API GET, one-field API PATCH, in turn) and three PATCH-only ones doing the
  same one-field change through modelhub's API, the DRF peer and the Django admin (a save:
  the change form's GET, then its POST). Each client edits its own model. The ratios are
  changes per second; the admin's p50 is its POST's.
- Scale-out: two gunicorn servers against the one database (tests/bench/scale_out.py).
"""

import itertools
import json
import statistics
import time
from urllib.parse import urlencode

from modelhub.models import AIModel
from tests.bench.forms import form_fields
from tests.bench.load import HttpClient, Workload, WorkloadStats, error_row, interleaved, p50, run_slice, timed
from tests.bench.report import Row
from tests.bench.scale_out import scale_out_rows
from tests.bench.seed import BenchData
from tests.bench.server import ServerUnavailable, config_summary, free_ports, gunicorn_servers
from tests.bench.server_data import Setup

LEVELS = (1, 4, 16)
SLICE_SECONDS = 3.0  # per workload and round: ~10–60 requests per kind at 1 client, enough for a p99 to mean something
ROUNDS = 2
JSON = {"Content-Type": "application/json"}


def _load_workloads(setup: Setup, port: int) -> list[Workload]:
    counter = setup.counter

    def api_path(c):
        return f"/v1alpha/namespaces/alice/models/{setup.models[c]}"

    def mixed(c):
        pages = HttpClient(port, cookies=setup.owner_cookies)
        api = HttpClient(port, headers=setup.bearer)
        kinds = itertools.cycle(("list page", "detail page", "API GET", "API PATCH"))

        def step():
            kind = next(kinds)
            if kind == "list page":
                return timed(kind, pages, "GET", "/")[:2]
            if kind == "detail page":
                return timed(kind, pages, "GET", f"/namespaces/alice/models/{setup.models[c]}/")[:2]
            if kind == "API GET":
                return timed(kind, api, "GET", api_path(c))[:2]
            body = json.dumps({"description": f"mixed {next(counter)}"}).encode()
            return timed(kind, api, "PATCH", api_path(c), body, JSON)[:2]

        return step

    def api_patch(c):
        api = HttpClient(port, headers=setup.bearer)

        def step():
            body = json.dumps({"description": f"api {next(counter)}"}).encode()
            return timed("PATCH", api, "PATCH", api_path(c), body, JSON)[:2]

        return step

    def drf_patch(c):
        api = HttpClient(port, headers=setup.drf_token)
        path = f"/bench/drf/namespaces/alice/models/{setup.models[c]}/"

        def step():
            body = json.dumps({"description": f"drf {next(counter)}"}).encode()
            return timed("PATCH", api, "PATCH", path, body, JSON)[:2]

        return step

    def admin_save(c):
        browser = HttpClient(port, cookies=setup.staff_cookies)
        uid = AIModel.objects.only("uid").get(namespace__namespace_id="alice", model_id=setup.models[c]).uid
        path = f"/admin/modelhub/aimodel/{uid}/change/"

        def step():
            # A save as a person does it: the change form (its GET is a kind of its own), then
            # the POST of one changed field. The form is read afresh each time: the admin
            # refuses a form whose fields were changed meanwhile (its conflict check).
            kind, seconds, page = timed("form GET", browser, "GET", path)
            form = form_fields(page.body.decode())
            form["description"] = [f"admin {next(counter)}"]
            form["_save"] = ["Save"]
            body = urlencode(form, doseq=True).encode()
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            return [(kind, seconds), timed("POST", browser, "POST", path, body, headers, statuses=(302,))[:2]]

        return step

    return [
        Workload("mixed", mixed),
        Workload("API PATCH", api_patch),
        Workload("DRF PATCH", drf_patch),
        Workload("admin save", admin_save),
    ]


# --- running and reporting ------------------------------------------------------------------


def _fmt(value: float | None) -> str:
    return "—" if value is None else (f"{value:.1f}" if value >= 1 else f"{value:.2f}")


def _table_lines(results: list[tuple[str, int, object]]) -> list[str]:
    header = ("workload", "clients", "kind", "requests", "req/s", "p50 ms", "p99 ms", "errors")
    cells = [header]
    for workload, clients, stats in results:
        for kind, k in sorted(stats.kinds.items()):
            cells.append(
                (
                    workload,
                    str(clients),
                    kind,
                    str(len(k.latencies_ms)),
                    _fmt(stats.kind_per_second(kind)),
                    _fmt(k.percentile(50)),
                    _fmt(k.percentile(99)),
                    str(k.errors),
                )
            )
        if len(stats.kinds) > 1:
            cells.append((workload, str(clients), "all", str(stats.requests), _fmt(stats.per_second), "", "", ""))
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for n, row in enumerate(cells):
        pairs = enumerate(zip(row, widths, strict=True))
        lines.append("  ".join(c.rjust(w) if i >= 3 else c.ljust(w) for i, (c, w) in pairs))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return [line.rstrip() for line in lines]


def _level_rows(stats: dict, clients: int) -> list[Row]:
    """At one level of concurrency: the API's PATCH against DRF's and the admin's save; the mix."""
    rows = []
    api = stats["API PATCH"]
    changes = api.kind_per_second("PATCH") if "PATCH" in api.kinds else 0.0
    for ref_name, kind in (("DRF PATCH", "PATCH"), ("admin save", "POST")):
        ref = stats[ref_name]
        ref_changes = ref.kind_per_second(kind) if kind in ref.kinds else 0.0
        row = error_row(f"gunicorn: API PATCH, {clients} clients", [api, ref])
        row.reference = f"{ref_name}{' (form GET + POST)' if kind == 'POST' else ''}, {clients} clients"
        row.median_ms, row.ref_median_ms = p50(api, "PATCH"), p50(ref, kind)
        row.ratio = changes / ref_changes if ref_changes else None
        row.queries = f"{changes:.0f} vs {ref_changes:.0f} changes/s"
        rows.append(row)
    mixed = stats["mixed"]
    row = error_row(f"gunicorn: mixed, {clients} clients", [mixed])
    latencies = [v for k in mixed.kinds.values() for v in k.latencies_ms]
    row.median_ms = statistics.median(latencies) if latencies else None
    row.queries = f"{mixed.per_second:.0f} req/s"
    rows.append(row)
    return rows


def real_server_rows(data: BenchData, *, vendor: str, first_port: int = 0) -> tuple[list[Row], str]:
    """The judged rows for the main table, and the real-server table (text)."""
    try:
        config = config_summary()
    except FileNotFoundError:
        note = "n/a (no gunicorn.conf.py: the production configuration is not built yet)"
        return [Row(scenario="through gunicorn", note=note)], ""
    setup = Setup(data)
    one, two = free_ports(2, first_port)
    rows, results = [], []
    started = time.perf_counter()
    try:
        with gunicorn_servers([one, two]):
            workloads = _load_workloads(setup, one)
            for workload in workloads:  # warm-up: every worker imports, compiles, connects
                run_slice(workload, 8, 0.5, WorkloadStats())
            for clients in LEVELS:
                stats = interleaved(workloads, clients=clients, slice_seconds=SLICE_SECONDS, rounds=ROUNDS)
                for name, s in stats.items():
                    results.append((name, clients, s))
                rows += _level_rows(stats, clients)
            scale_rows, scale_results = scale_out_rows(setup, one, two)
            rows += scale_rows
            results += scale_results
    except ServerUnavailable as exc:
        return [Row(scenario="through gunicorn", note=str(exc) if str(exc).startswith("n/a") else f"n/a ({exc})")], ""
    text = "\n".join(
        [
            f"Through gunicorn (gunicorn.conf.py: {config}) on {vendor}, loopback; clients are threads of "
            "the bench process with keep-alive connections; workloads interleaved in "
            f"{SLICE_SECONDS:.1f} s slices ({ROUNDS} rounds each, ABC… CBA…); "
            f"took {time.perf_counter() - started:.0f} s.",
            "",
            *_table_lines(results),
        ]
    )
    return rows, text
