"""Run the hub-scale bench: load (once) and measure each size on each database, then report.

SQLite always; PostgreSQL too when DATABASE_URL names a PostgreSQL server (its databases are
`modelhub_scale_bench_<size>`, created on that server). The loads are kept, so a second run
only measures (and applies any new migration first: its time is reported).
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.bench.hub.measure import summary

SIZES = (200_000, 2_000_000)
TARGET_P50_MS = 30
TARGET_P95_MS = 100
TARGET_RATIO = 1.5
ITERATIONS = 20  # per request and size
TIME_BUDGET_SECONDS = 20  # per request (all sizes): fewer iterations (at least 5) for a slow one
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def database_urls(size: int) -> dict[str, str]:
    urls = {"sqlite": f"sqlite:////tmp/modelhub_scale_bench_{size}.sqlite3"}
    source = os.environ.get("DATABASE_URL", "").strip()
    if source.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(source)
        name = f"modelhub_scale_bench_{size}"
        _ensure_pg_database(source, name)
        urls["postgresql"] = urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))
    return urls


def _ensure_pg_database(source: str, name: str) -> None:
    from tests.bench.database import _pg_admin_connect

    with _pg_admin_connect(source) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def _python(module: str, *args: str, url: str, **extra_env: str) -> tuple[str, float]:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "modelhub.settings", "DEBUG": "false"}
    env.update(extra_env)
    env["MODELHUB_ENV"] = "development"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", module, *args], env=env, check=True, stdout=subprocess.PIPE, text=True)
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "", time.perf_counter() - started


def _warm(vendor: str, url: str) -> None:
    """Read a database's files once, so the measure starts from what a serving machine holds in
    its page cache, not from what a load, migrations or the other database's measure left there
    (this machine reclaims pages nothing touched for a while): a SQLite file read through,
    PostgreSQL's tables and indexes read with `pg_prewarm` (into the operating system's cache)."""
    if vendor == "sqlite":
        with open(urlsplit(url).path[1:], "rb") as database:  # sqlite:////tmp/…: the path after "//"
            while database.read(1 << 24):
                pass
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        connection.execute(
            "SELECT sum(pg_prewarm(oid, 'read')) FROM pg_class"
            " WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'i', 'm')"
        )


def prepare_size(vendor: str, url: str, size: int) -> dict:
    log(f"== {vendor}, {size:,} models: load (skipped when already loaded)…")
    loaded, _ = _python("tests.bench.hub.load", str(size), url=url)
    log(f"== {vendor}, {size:,} models: migrate…")
    _, migrate_seconds = _python("django", "migrate", "-v0", url=url)
    return {"load": json.loads(loaded), "migrate_seconds": round(migrate_seconds, 1), "results": {}}


class _Server:
    """A `measure.py --serve` process on one catalog."""

    def __init__(self, url: str):
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "modelhub.settings", "DEBUG": "false"}
        env["MODELHUB_ENV"] = "development"
        command = [sys.executable, "-m", "tests.bench.hub.measure", "--serve"]
        self.process = subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, **command):
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self) -> None:
        assert self.process.stdin
        self.process.stdin.close()
        self.process.wait(timeout=60)


def measure_sizes(vendor: str, urls: dict[int, str], runs: dict[int, dict]) -> None:
    """Every request on each size's catalog, the sizes' requests alternating one by one (and
    which size goes first alternating too), so the machine's drift weighs on every size alike."""
    for url in urls.values():
        _warm(vendor, url)
    servers = {size: _Server(url) for size, url in urls.items()}
    try:
        names = next(iter(servers.values())).ask(names=True)
        for name in names:
            prepared = {size: server.ask(prepare=name) for size, server in servers.items()}
            times: dict[int, list[float]] = {size: [] for size in servers}
            started = time.perf_counter()
            turn = list(servers)
            while any(len(found) < ITERATIONS for found in times.values()) and (
                min(len(found) for found in times.values()) < 5 or time.perf_counter() - started < TIME_BUDGET_SECONDS
            ):
                for size in turn:
                    times[size].append(servers[size].ask(time=name))
                turn.reverse()
            for size in servers:
                runs[size]["results"][name] = summary(prepared[size], times[size])
            log(
                f"  {vendor}, {name}: "
                + ", ".join(f"{size:,} p50 {runs[size]['results'][name]['p50']} ms" for size in servers)
            )
    finally:
        for server in servers.values():
            server.close()


def _nodes(result: dict) -> str:
    kinds = []
    for plan in result["plans"]:
        for node in plan:
            label = node.split(" (")[0]
            if label not in kinds:
                kinds.append(label)
    return "; ".join(kinds)


def report(vendor: str, runs: dict[int, dict]) -> str:
    small, large = (runs.get(size) for size in SIZES)
    lines = [f"### {vendor}", ""]
    for size, run in runs.items():
        load = run["load"]
        lines.append(
            f"- {size:,} models in {load['namespaces']:,} namespaces (largest {load['largest_namespace']:,}): "
            f"loaded in {load['load_seconds']:.0f} s, indexes built in {load['index_total_seconds']:.0f} s, "
            f"`migrate` afterwards {run['migrate_seconds']:.0f} s"
        )
    lines += [
        "",
        "| request | p50 200k | p95 200k | p50 2M | p95 2M | ratio | queries | seq scan | met |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    missed = 0
    for name, big in (large or small)["results"].items():
        little = small["results"].get(name) if small and large else None
        ratio = big["p50"] / little["p50"] if little and little["p50"] else None
        target = TARGET_P50_MS
        met = big["p50"] < target and big["p95"] < TARGET_P95_MS and not big["seq_scan"]
        met = met and (ratio is None or ratio <= TARGET_RATIO) and big["status"] == 200
        missed += not met
        lines.append(
            f"| {name} | {little['p50'] if little else '–'} | {little['p95'] if little else '–'} | {big['p50']} "
            f"| {big['p95']} | {f'{ratio:.2f}×' if ratio else '–'} | {big['queries']} "
            f"| {'yes' if big['seq_scan'] else 'no'} | {'yes' if met else 'no'} |"
        )
    lines += ["", "Plan node types at the largest size:", ""]
    for name, big in (large or small)["results"].items():
        lines.append(f"- {name}: {_nodes(big)}")
    lines += ["", f"{missed} of {len((large or small)['results'])} requests miss a target."]
    return "\n".join(lines)


def cpu_reference_ms() -> float:
    """This machine's speed now: the median time of a fixed piece of pure Python (this
    machine's speed drifts within hours; figures of runs whose references differ are compared
    as ratios, not as milliseconds)."""
    times = []
    for _ in range(5):
        started = time.perf_counter()
        sum(n * n for n in range(1_000_000))
        times.append((time.perf_counter() - started) * 1000)
    return round(sorted(times)[2], 1)


def main(sizes=SIZES, *, databases=("sqlite", "postgresql"), measure: bool = True) -> int:
    load_start = os.getloadavg()
    reference_start = cpu_reference_ms()
    texts = []
    by_vendor: dict[str, dict[int, dict]] = {}
    urls: dict[str, dict[int, str]] = {}
    for size in sizes:
        for vendor, url in database_urls(size).items():
            if vendor in databases:
                by_vendor.setdefault(vendor, {})[size] = prepare_size(vendor, url, size)
                urls.setdefault(vendor, {})[size] = url
    if not measure:
        return 0
    for vendor, runs in by_vendor.items():
        log(f"== {vendor}: measure…")
        measure_sizes(vendor, urls[vendor], runs)
    for vendor, runs in by_vendor.items():
        texts.append(report(vendor, runs))
    header = (
        f"modelhub hub-scale bench: in process (django.test.Client), milliseconds; "
        f"load average at the start {load_start[0]:.1f}, at the end {os.getloadavg()[0]:.1f} "
        f"({os.cpu_count()} cores); CPU reference (`cpu_reference_ms`) {reference_start} ms at the start,"
        f" {cpu_reference_ms()} ms at the end."
    )
    text = "\n\n".join([header, *texts])
    print(text)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "bench-hub.md").write_text(text + "\n")
    (ARTIFACTS / "bench-hub.json").write_text(json.dumps(by_vendor, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
