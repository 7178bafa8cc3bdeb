"""`python -m tests.bench [--rows N] [--iterations N] [--strict]`: see tests/bench/__init__.py."""

import argparse
import os
import sys
import time
import traceback

from tests.bench.database import throwaway_database


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def summary_line(missed) -> str:
    """One line: every missed target, or that all were met."""
    if not missed:
        return "bench: all targets met."
    return f"bench: {len(missed)} missed target(s): " + " | ".join(
        f"{row.scenario} vs {row.reference or 'target'}: {row.note.removeprefix('missed: ')}" for row in missed
    )


def _load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000, help="models to create (default 100,000)")
    parser.add_argument("--iterations", type=int, default=200, help="A/B rounds per HTTP scenario (default 200)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed (make bench STRICT=1)")
    parser.add_argument(
        "--ports", type=int, default=0, help="first of the loopback ports for gunicorn (default: free ports)"
    )
    parser.add_argument("--only", default="", help="comma-separated step titles to run (default: all), for development")
    parser.add_argument(
        "--scale", default="", help="hub: the hub-scale bench (2,000,000 models; tests/bench/hub) instead"
    )
    parser.add_argument("--hub-sizes", default="200000,2000000", help="model counts for --scale hub")
    parser.add_argument(
        "--hub-databases", default="sqlite,postgresql", help="for --scale hub: sqlite, postgresql or both"
    )
    parser.add_argument("--hub-load-only", action="store_true", help="for --scale hub: load, do not measure")
    args = parser.parse_args(argv)
    if args.scale == "hub":
        from tests.bench.hub.run import main as hub_main

        return hub_main(
            tuple(int(size) for size in args.hub_sizes.split(",")),
            databases=tuple(args.hub_databases.split(",")),
            measure=not args.hub_load_only,
        )
    started = time.perf_counter()
    args.load_at_start = _load_average()
    with throwaway_database() as vendor:
        return run(vendor, args, started)


def run(vendor: str, args, started: float) -> int:
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # collectstatic not run

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from tests.bench import compute, image_attacks, list_scenarios, real_server, refusals, scenarios
    from tests.bench.report import Row, format_table, machine_description, write_results
    from tests.bench.seed import seed

    log(f"== modelhub bench on {vendor}: {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)  # the database cache (CACHES in settings)
    t0 = time.perf_counter()
    log(f"seeding {args.rows:,} models (bulk_create, batches of 5,000)…")
    data = seed(args.rows, progress=log)
    seed_seconds = time.perf_counter() - t0
    log(f"seeded {data.total_models:,} models in {seed_seconds:.1f} s")

    owner, staff = Client(), Client()
    owner.force_login(data.owner)
    staff.force_login(data.staff)
    n = args.iterations
    steps = [
        ("PATCH one field", lambda: scenarios.patch_scenarios(data, owner, staff, iterations=n)),
        ("edit page", lambda: scenarios.page_scenarios(data, owner, staff, iterations=n)),
        ("list page", lambda: list_scenarios.list_page_scenarios(data, owner, iterations=n)),
        ("list API", lambda: list_scenarios.list_api_scenarios(data, owner, iterations=n)),
        ("list query", lambda: list_scenarios.list_query_scenarios(data, iterations=n)),
        (
            "through gunicorn",
            lambda: server_rows(real_server.real_server_rows(data, vendor=vendor, first_port=args.ports)),
        ),
        ("12 MP JPEG", lambda: compute.image_rows(iterations=15)),
        (
            "configuration validation",
            lambda: compute.validator_rows(
                data.github, {"repository": "alice/bench", "tag": "v1.0"}, iterations=max(20, n // 5)
            ),
        ),
        ("refusals", lambda: refusals.refusal_rows(data, owner)),
        ("image intake worst case", image_attacks.worst_case_rows),
    ]
    only = [word.strip().lower() for word in args.only.split(",") if word.strip()]
    steps = [(title, step) for title, step in steps if not only or any(word in title.lower() for word in only)]
    server_text = []

    def server_rows(result):
        rows, text = result
        server_text.append(text)
        return rows

    rows = []
    for title, step in steps:
        t0 = time.perf_counter()
        log(f"measuring: {title}…")
        try:
            rows += step()
        except Exception as exc:  # one broken step must not hide the others' figures
            traceback.print_exc()
            rows.append(Row(scenario=title, met=False, note=f"missed: the step failed: {type(exc).__name__}: {exc}"))
        log(f"  {time.perf_counter() - t0:.1f} s")

    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("SHOW server_version")
            db_version = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            cursor.execute("select sqlite_version()")
            db_version = f"SQLite {cursor.fetchone()[0]}"
    missed = [row for row in rows if row.met is False]
    not_built = [row for row in rows if row.met_label == "n/a"]
    text = "\n".join(
        [
            f"modelhub bench — {db_version}, {data.total_models:,} models "
            f"(seeded in {seed_seconds:.0f} s), run took {time.perf_counter() - started:.0f} s",
            f"Machine: {machine_description(db_version)}",
            f"Load average (1 / 5 / 15 min) at the start: {args.load_at_start}; at the end: {_load_average()} "
            f"({os.cpu_count()} cores; other people's jobs included)",
            "Medians of A/B-interleaved runs in one process (django.test.Client, no network); "
            "ratio = reference median / scenario median (× faster; for PATCH, the throughput ratio); "
            "queries = SQL queries per request (scenario / reference); for images, peak resident memory.",
            "",
            format_table(rows),
            *(["", *server_text] if any(server_text) else []),
            "",
            f"Targets: {sum(r.met is True for r in rows)} met, {len(missed)} missed, "
            f"{len(not_built)} not measurable yet (endpoint not built).",
        ]
    )
    print(text)
    log(f"written to {write_results(vendor, text)}")
    print(summary_line(missed))
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
