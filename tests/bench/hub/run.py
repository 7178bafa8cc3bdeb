"""Run the hub-scale bench: load (once) and measure each size on each database, then report.

SQLite always; PostgreSQL too when DATABASE_URL names a PostgreSQL server (its databases are
`modelhub_scale_bench_<size>`, created on that server). The loads are kept, so a second run
only measures (and applies any new migration first: its time is reported).
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SIZES = (200_000, 2_000_000)
TARGET_P50_MS = 30
TARGET_P95_MS = 100
TARGET_RATIO = 1.5
ITERATIONS = 20  # per request and size, over all passes
PASSES = 2
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


def measure_pass(vendor: str, url: str, size: int, run: dict, iterations: int) -> None:
    """One pass over every request, its times added to `run`'s results."""
    log(f"== {vendor}, {size:,} models: measure…")
    _warm(vendor, url)
    measured, _ = _python("tests.bench.hub.measure", url=url, HUB_ITERATIONS=str(iterations))
    for name, result in json.loads(measured).items():
        kept = run["results"].setdefault(name, result)
        if kept is not result:
            kept["times"] = sorted(kept["times"] + result["times"])
            kept["status"] = max(kept["status"], result["status"])
            kept["seq_scan"] = kept["seq_scan"] or result["seq_scan"]
        times = kept["times"]
        kept["n"] = len(times)
        kept["p50"] = round(statistics.median(times), 2)
        kept["p95"] = round(times[min(len(times) - 1, int(len(times) * 0.95))], 2)


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
    # Each database's sizes measured in passes, smallest first then largest first (ABBA), so
    # the machine's drift over the minutes a pass takes weighs on every size alike.
    for vendor, runs in by_vendor.items():
        for number in range(PASSES):
            for size in sizes if number % 2 == 0 else sizes[::-1]:
                measure_pass(vendor, urls[vendor][size], size, runs[size], ITERATIONS // PASSES)
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
