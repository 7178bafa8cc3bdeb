"""Measure every list, filter and search of a loaded hub catalog: `python -m tests.bench.hub.measure`
(DATABASE_URL picks the database). Prints one JSON object: per scenario the p50 and p95 in
milliseconds (in process, through django.test.Client), the query count, and the node types of
each query's plan, with whether any of them reads the whole model table. With `--serve` it
makes one request at a time on command instead (`serve`): run.py alternates the requests of two
catalogs' processes that way.
"""

import json
import os
import re
import statistics
import sys
import time
from urllib.parse import quote

ITERATIONS = 20
TIME_BUDGET_SECONDS = 10  # per request: fewer iterations (at least 5) for a slow one
SQLITE_TABLE_SCAN = re.compile(r"^SCAN (modelhub_aimodel|U\d+)\b(?! USING)")


def scenarios(data, sizes: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    """(name, visitor, url). `sizes`: the IDs of a namespace of about 3 and of about 3,000
    models (a common word within them: its matches are few there, many in the hub)."""
    big = "bigorg"
    q = quote
    sizes = sizes or {"small": "ns199999", "middle": "ns000100"}
    common = q(f'q="{data.COMMON_WORD}"')
    return [
        ("page: anonymous", "anonymous", "/"),
        ("page: outsider", "outsider", "/"),
        ("page: member of 5 orgs", "member", "/"),
        ("page: staff", "staff", "/"),
        ("page: search common word", "anonymous", f"/?q={data.COMMON_WORD}"),
        ("page: search no hit", "anonymous", f"/?q={data.NO_HIT_WORD}"),
        ("page: search unique word", "anonymous", f"/?q={data.UNIQUE_WORD}"),
        ("page: search exact ID", "anonymous", f"/?q={data.EXACT_ID}"),
        ("page: search, member", "member", f"/?q={data.COMMON_WORD}"),
        ("page: task filter", "anonymous", "/?task=TASK_OCR"),
        ("page: tag filter", "anonymous", f"/?tag={data.COMMON_TAG}"),
        ("page: largest namespace", "member", f"/?namespace={big}"),
        ("page: largest namespace, outsider", "outsider", f"/?namespace={big}"),
        ("page: sort updated", "member", "/?sort=updated"),
        ("page: sort name", "anonymous", "/?sort=name"),
        ("page: namespace suggestions", "anonymous", "/namespace-suggestions/?namespace=ns0001"),
        ("api: list all, anonymous", "anonymous", "/v1alpha/models"),
        ("api: list all, member", "member", "/v1alpha/models"),
        ("api: list all, staff", "staff", "/v1alpha/models"),
        ("api: search common word", "anonymous", "/v1alpha/models?filter=" + q(f'q="{data.COMMON_WORD}"')),
        ("api: search no hit", "anonymous", "/v1alpha/models?filter=" + q(f'q="{data.NO_HIT_WORD}"')),
        ("api: search unique word", "anonymous", "/v1alpha/models?filter=" + q(f'q="{data.UNIQUE_WORD}"')),
        ("api: search exact ID", "anonymous", "/v1alpha/models?filter=" + q(f'q="{data.EXACT_ID}"')),
        ("api: tag filter", "anonymous", "/v1alpha/models?filter=" + q(f'tag="{data.COMMON_TAG}"')),
        ("api: order by update_time", "anonymous", "/v1alpha/models?order_by=" + q("update_time desc")),
        ("api: order by id", "anonymous", "/v1alpha/models?order_by=id"),
        ("api: largest namespace, member", "member", f"/v1alpha/namespaces/{big}/models"),
        ("api: largest namespace, outsider", "outsider", f"/v1alpha/namespaces/{big}/models"),
        (
            "api: largest namespace, search",
            "member",
            f"/v1alpha/namespaces/{big}/models?filter=" + q(f'q="{data.COMMON_WORD}"'),
        ),
        ("api: 3-model namespace, search", "anonymous", f"/v1alpha/namespaces/{sizes['small']}/models?filter={common}"),
        (
            "api: 3,000-model namespace, search",
            "anonymous",
            f"/v1alpha/namespaces/{sizes['middle']}/models?filter={common}",
        ),
        ("page: 3,000-model namespace, search", "anonymous", f"/namespaces/{sizes['middle']}/?q={data.COMMON_WORD}"),
        ("page: deleted models of largest", "member", f"/namespaces/{big}/deleted/"),
        ("page: moderation queue", "staff", "/moderation/"),
    ]


def _plan_nodes(connection, sql: str) -> tuple[list[str], bool]:
    """The plan's node types (with the relation or index they read) and whether one of them reads
    the whole model table."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            plan = plan[0] if isinstance(plan, list) else plan
            nodes, seq = [], False

            def walk(node):
                nonlocal seq
                label = node["Node Type"]
                if node.get("Index Name"):
                    label += f" {node['Index Name']}"
                elif node.get("Relation Name"):
                    label += f" {node['Relation Name']}"
                if node["Node Type"] == "Seq Scan" and node.get("Relation Name") == "modelhub_aimodel":
                    seq = True
                nodes.append(label)
                for child in node.get("Plans", []):
                    walk(child)

            walk(plan["Plan"])
            return nodes, seq
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        details = [row[-1] for row in cursor.fetchall()]
        return details, any(SQLITE_TABLE_SCAN.match(detail) for detail in details)


class Runner:
    """The requests of a loaded catalog, each made by its visitor's signed-in client."""

    def __init__(self):
        from django.contrib.auth.models import User
        from django.test import Client

        from tests.bench.hub import data

        self.clients = {"anonymous": Client()}
        for visitor, username in (("outsider", "bench-outsider"), ("member", "bench-member"), ("staff", "bench-staff")):
            self.clients[visitor] = Client()
            self.clients[visitor].force_login(User.objects.get(username=username))
        # Parts of the names, comma-separated, e.g. "search,tag filter" (development).
        only = os.environ.get("HUB_MEASURE_ONLY", "").split(",")
        self.requests = {
            name: (visitor, url)
            for name, visitor, url in scenarios(data, _namespaces_of_size(data))
            if any(part in name for part in only)
        }

    def prepare(self, name: str) -> dict:
        """One request to warm up, then one whose queries are EXPLAINed."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        visitor, url = self.requests[name]
        client = self.clients[visitor]
        status = client.get(url).status_code
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        plans, seq_scan = [], False
        # Read now: the next request's request_started signal empties the connection's query log.
        queries = list(captured.captured_queries)
        for query in queries:
            sql = query["sql"]
            if sql.lstrip().upper().startswith("SELECT") and "modelhub_aimodel" in sql:
                try:
                    nodes, seq = _plan_nodes(connection, sql)
                except Exception as exc:  # a query EXPLAIN cannot take (kept in the report)
                    nodes, seq = [f"EXPLAIN failed: {type(exc).__name__}"], False
                plans.append(nodes)
                seq_scan = seq_scan or seq
        return {"status": status, "queries": len(queries), "seq_scan": seq_scan, "plans": plans}

    def time_once(self, name: str) -> float:
        """One request's time, in milliseconds."""
        visitor, url = self.requests[name]
        started = time.perf_counter()
        self.clients[visitor].get(url)
        return (time.perf_counter() - started) * 1000


def summary(prepared: dict, times: list[float]) -> dict:
    times = sorted(times)
    return {
        **prepared,
        "p50": round(statistics.median(times), 2),
        "p95": round(times[min(len(times) - 1, int(len(times) * 0.95))], 2),
        "n": len(times),
    }


def measure() -> dict:
    """Every request of one catalog, one after the other (run.py alternates two catalogs' requests
    through `serve` instead)."""
    runner = Runner()
    results = {}
    for name in runner.requests:
        prepared = runner.prepare(name)
        times: list[float] = []
        started = time.perf_counter()
        while len(times) < ITERATIONS and (len(times) < 5 or time.perf_counter() - started < TIME_BUDGET_SECONDS):
            times.append(runner.time_once(name))
        results[name] = summary(prepared, times)
        print(f"  {name}: p50 {results[name]['p50']} ms, p95 {results[name]['p95']} ms", file=sys.stderr, flush=True)
    return results


def serve() -> None:
    """Answer run.py's commands, one JSON line each on stdin: `{"names": true}` (the requests'
    names), `{"prepare": name}`, `{"time": name}` (milliseconds); one JSON line each on stdout."""
    runner = Runner()
    for line in sys.stdin:
        command = json.loads(line)
        if "names" in command:
            answer: object = list(runner.requests)
        elif "prepare" in command:
            answer = runner.prepare(command["prepare"])
        else:
            answer = runner.time_once(command["time"])
        print(json.dumps(answer), flush=True)


def _namespaces_of_size(data) -> dict[str, str]:
    """The loaded catalog's public namespaces (not organisations) nearest 3 and 3,000 models."""
    from modelhub.models import AIModel

    spaces = data.namespaces(AIModel.objects.count())
    users = [n for n, organization in enumerate(spaces.organization) if not organization]

    def nearest(size: int) -> str:
        return spaces.ids[min(users, key=lambda n: (abs(spaces.sizes[n] - size), n))]

    return {"small": nearest(3), "middle": nearest(3000)}


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modelhub.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("MODELHUB_ENV", "development")
    import django

    django.setup()
    if sys.argv[1:] == ["--serve"]:
        serve()
    else:
        print(json.dumps(measure()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
