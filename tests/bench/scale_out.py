"""Scale-out: two gunicorn servers against one database, concurrent PATCHes of different fields.

8 clients each own one field of ONE model and, in turn, PATCH it and GET the model; they
are spread over both servers, interleaved in slices with the same clients on one server.
Afterwards every field must hold the last value its client was answered 200 for (read
back through the API), and the model's audit trail must hold exactly one entry per
acknowledged change: 0 lost updates, none doubled.
"""

import itertools
import json

from modelhub.models import AuditEntry, Task, Visibility
from tests.bench.load import HttpClient, Workload, WorkloadStats, error_row, interleaved, p50, run_slice, timed
from tests.bench.report import Row
from tests.bench.server_data import Setup

SCALE_CLIENTS = 8
JSON = {"Content-Type": "application/json"}


SCALE_FIELDS = {  # API name -> value of the client's n-th change
    "description": lambda n: f"description {n}",
    "readme": lambda n: f"# Readme\n\nrevision {n}",
    "sourceUrl": lambda n: f"https://github.com/alice/bench-{n}",
    "documentationUrl": lambda n: f"https://docs.example.com/bench/{n}",
    "license": lambda n: f"License-{n}",
    "configuration": lambda n: {"repository": "alice/bench", "tag": f"v{n}"},
    "task": lambda n: Task.values[n % len(Task.values)],
    "visibility": lambda n: Visibility.values[n % 2],
}


def _scale_workloads(setup: Setup, one: int, two: int, acknowledged: dict) -> list[Workload]:
    fields = list(SCALE_FIELDS)
    path = f"/v1alpha/namespaces/alice/models/{setup.scale_model}"
    sequence = {field: itertools.count(1) for field in fields}

    def make(ports):
        def client(c):
            api = HttpClient(ports[c % len(ports)], headers=setup.bearer)
            field = fields[c % len(fields)]
            turn = itertools.cycle(("PATCH", "API GET"))

            def step():
                if next(turn) == "API GET":
                    return timed("API GET", api, "GET", path)[:2]
                value = SCALE_FIELDS[field](next(sequence[field]))
                body = json.dumps({field: value}).encode()
                kind, elapsed, _ = timed("PATCH", api, "PATCH", path, body, JSON)
                acknowledged[field].append(value)
                return kind, elapsed

            return step

        return client

    return [Workload("one server", make([one])), Workload("two servers", make([one, two]))]


def _read_back(setup: Setup, port: int) -> dict:
    """The scale-out model as the API returns it (VIEW_FULL)."""
    api = HttpClient(port, headers=setup.bearer)
    path = f"/v1alpha/namespaces/alice/models/{setup.scale_model}?view=VIEW_FULL"
    try:
        return json.loads(api.request("GET", path).body)["model"]
    finally:
        api.close()


def _lost_updates(setup: Setup, port: int, initial: dict, acknowledged: dict) -> tuple[list[str], int, int]:
    """Fields whose stored value is not the last acknowledged one; audit entries; acknowledged changes.

    A field's changes are applied in order by its one client, so the changes the audit
    trail must hold are the acknowledged values that differ from the value before them.
    """
    stored = _read_back(setup, port)
    lost = [f for f, values in acknowledged.items() if values and stored.get(f) != values[-1]]
    changes = sum(
        sum(1 for before, after in zip([initial[f], *values[:-1]], values, strict=True) if before != after)
        for f, values in acknowledged.items()
    )
    audits = AuditEntry.objects.filter(aimodel__model_id=setup.scale_model, aimodel__namespace__namespace_id="alice")
    return lost, audits.count(), changes


def scale_out_rows(setup: Setup, one: int, two: int) -> tuple[list[Row], list]:
    """The judged row, and the per-kind results of one server and of two."""
    acknowledged = {field: [] for field in SCALE_FIELDS}
    workloads = _scale_workloads(setup, one, two, acknowledged)
    initial = _read_back(setup, two)  # before any change, the warm-up's included
    run_slice(workloads[1], SCALE_CLIENTS, 0.5, WorkloadStats())  # warm-up: the second server's workers
    stats = interleaved(workloads, clients=SCALE_CLIENTS, slice_seconds=2.0, rounds=2)
    lost, audits, acked = _lost_updates(setup, two, initial, acknowledged)
    single, double = stats["one server"], stats["two servers"]
    row = error_row(f"scale-out: 2 gunicorn servers, {SCALE_CLIENTS} clients", [single, double])
    row.reference = "the same clients on 1 server"
    row.ratio = double.per_second / single.per_second if single.per_second else None
    row.median_ms, row.ref_median_ms = p50(double, "PATCH"), p50(single, "PATCH")
    row.queries = f"{double.per_second:.0f} vs {single.per_second:.0f} req/s"
    row.target = "0 errors; 0 lost updates"
    problems = []
    if lost:
        problems.append(f"lost updates in {', '.join(lost)}")
    if audits != acked:
        why = "changes lost" if audits < acked else "a change answered with an error was committed"
        problems.append(f"{audits} audit entries for {acked} acknowledged changes ({why})")
    if problems:
        row.met = False
        row.note = "; ".join(filter(None, [row.note, "missed: " + "; ".join(problems)]))
    else:
        extra = f"0 lost updates: {acked} acknowledged changes of {len(SCALE_FIELDS)} fields, {audits} audit entries"
        row.note = f"{row.note}; {extra}" if row.note else extra
    results = [(f"scale-out {name}", SCALE_CLIENTS, s) for name, s in stats.items()]
    return [row], results
