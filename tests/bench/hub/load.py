"""Load a hub-scale catalog with SQL: `python -m tests.bench.hub.load SIZE` (DATABASE_URL picks
the database; run by tests.bench.hub.run). Prints one JSON line: load and index build seconds.

The schema comes from `migrate`; the model table's secondary indexes (and on SQLite the search
triggers) are dropped for the load and rebuilt after it, each timed.
"""

import json
import os
import sys
import time
import uuid
from datetime import UTC, datetime

BATCH = 100_000


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modelhub.settings")  # no DRF peer needed here
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("MODELHUB_ENV", "development")
    import django

    django.setup()


def already_loaded(connection, size: int) -> dict | None:
    with connection.cursor() as cursor:
        try:
            cursor.execute("SELECT info FROM bench_hub_loaded WHERE size = %s", [size])
        except Exception:
            return None
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def _visitors():
    """The users the scenarios sign in as (created through the ORM, before the bulk rows)."""
    from django.contrib.auth.models import User

    from modelhub.models import ModelDefinition

    ModelDefinition.objects.get_or_create(
        definition_id="container", defaults={"title": "Container", "model_spec": {"type": "object"}}
    )
    User.objects.create_superuser("bench-staff", "staff@example.com", "x")
    User.objects.create_user("bench-outsider", "outsider@example.com", "x")
    User.objects.create_user("bench-member", "member@example.com", "x")


def _rows(size: int):
    from tests.bench.hub import data

    spaces = data.namespaces(size)
    words = data.vocabulary()
    start = datetime(2023, 1, 1, tzinfo=UTC).timestamp()
    span = 3 * 365 * 86400
    return spaces, data.model_rows(spaces, words, start, span)


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat()


def _model_tuple(row, namespace_pks, sqlite: bool):
    owner, model_id, description, tags, task, public, hidden, deleted, created = row
    stamp = _iso(created) if not sqlite else datetime.fromtimestamp(created, UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    updated = created + (3600 * 24 * ((hash(model_id) % 97) / 97.0))
    updated_stamp = (
        _iso(updated) if not sqlite else datetime.fromtimestamp(updated, UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    )
    uid = uuid.uuid4()
    return (
        uid.hex if sqlite else str(uid),
        namespace_pks[owner],
        model_id,
        description,
        "container",
        "{}",
        task,
        "VISIBILITY_PUBLIC" if public else "VISIBILITY_PRIVATE",
        "REGION_GCP_EUROPE_WEST4",
        "CPU",
        "",
        "",
        "",
        "",
        "",
        json.dumps(tags),
        "HIDDEN" if hidden else "ACTIVE",
        stamp,
        updated_stamp,
        (updated_stamp if deleted else None),
    )


MODEL_COLUMNS = (
    "uid, namespace_id, model_id, description, model_definition_id, configuration, task, visibility, region_id,"
    " hardware, readme, source_url, documentation_url, license, profile_image, tags, moderation_state,"
    " create_time, update_time, delete_time"
)


def _secondary_indexes(cursor, vendor: str) -> list[tuple[str, str]]:
    if vendor == "postgresql":
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('modelhub_aimodel')"
            " AND indexname <> 'modelhub_aimodel_pkey'"
        )
        return list(cursor.fetchall())
    cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'modelhub_aimodel'")
    return [(name, sql) for name, sql in cursor.fetchall() if sql]


def load(size: int) -> dict:
    from django.db import connection

    from modelhub.search.index import drop_sqlite_index, ensure_sqlite_index

    vendor = connection.vendor
    sqlite = vendor == "sqlite"
    _visitors()
    started = time.perf_counter()
    spaces, rows = _rows(size)
    with connection.cursor() as cursor:
        indexes = _secondary_indexes(cursor, vendor)
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        if sqlite:
            drop_sqlite_index(connection)
    raw = connection.connection
    now = _iso(time.time())
    users = [(f"owner{n:06d}", "!", False, False, True, now, "", "", "") for n in range(len(spaces.ids))]
    namespace_rows = [
        (ns, "ORGANIZATION" if org else "USER", ns.title(), now, now, False)
        for ns, org in zip(spaces.ids, spaces.organization, strict=True)
    ]
    log(f"loading {len(spaces.ids):,} namespaces and users…")
    user_sql = (
        "INSERT INTO auth_user (username, password, is_superuser, is_staff, is_active, date_joined,"
        " first_name, last_name, email) VALUES (%s)"
    )
    ns_columns = "namespace_id, kind, display_name, create_time, update_time, has_webhooks"
    ns_sql = f"INSERT INTO modelhub_namespace ({ns_columns}) VALUES (%s)"
    if sqlite:
        raw.execute("PRAGMA journal_mode=OFF")
        raw.execute("PRAGMA synchronous=OFF")
        raw.execute("PRAGMA cache_size=-400000")
        raw.execute("BEGIN")
        raw.executemany(user_sql % ",".join("?" * 9), users)
        raw.executemany(ns_sql % ",".join("?" * 6), namespace_rows)
        raw.execute("COMMIT")
    else:
        with raw.cursor() as cur:
            cur.execute("SET session_replication_role = replica")  # no FK triggers during the load
            with cur.copy(
                "COPY auth_user (username, password, is_superuser, is_staff, is_active, date_joined,"
                " first_name, last_name, email) FROM STDIN"
            ) as copy:
                for user in users:
                    copy.write_row(user)
            with cur.copy(f"COPY modelhub_namespace ({ns_columns}) FROM STDIN") as copy:
                for ns in namespace_rows:
                    copy.write_row(ns)
        raw.commit()
    with connection.cursor() as cursor:
        cursor.execute("SELECT namespace_id, id FROM modelhub_namespace")
        by_name = dict(cursor.fetchall())
        cursor.execute("SELECT username, id FROM auth_user")
        user_ids = dict(cursor.fetchall())
    namespace_pks = [by_name[ns] for ns in spaces.ids]
    # Owners; the "member of several organizations" visitor in the largest and four others.
    active = "MEMBERSHIP_STATE_ACTIVE"
    memberships = [
        (namespace_pks[n], user_ids[f"owner{n:06d}"], "owner", active, now, now) for n in range(len(spaces.ids))
    ]
    memberships += [
        (namespace_pks[n], user_ids["bench-member"], "member", active, now, now) for n in (0, 5, 10, 15, 20)
    ]
    membership_columns = "namespace_id, user_id, role, state, create_time, update_time"
    membership_sql = f"INSERT INTO modelhub_membership ({membership_columns}) VALUES (%s)"
    log(f"loading {size:,} models…")
    if sqlite:
        raw.execute("BEGIN")
        raw.executemany(membership_sql % "?,?,?,?,?,?", memberships)
        batch = []
        insert = f"INSERT INTO modelhub_aimodel ({MODEL_COLUMNS}) VALUES ({','.join('?' * 20)})"
        for n, row in enumerate(rows, 1):
            batch.append(_model_tuple(row, namespace_pks, True))
            if len(batch) >= BATCH:
                raw.executemany(insert, batch)
                batch = []
                raw.execute("COMMIT")
                raw.execute("BEGIN")
                if n % 500_000 == 0:
                    log(f"  {n:,}")
        raw.executemany(insert, batch)
        raw.execute("COMMIT")
    else:
        with raw.cursor() as cur:
            with cur.copy(f"COPY modelhub_membership ({membership_columns}) FROM STDIN") as copy:
                for membership in memberships:
                    copy.write_row(membership)
            # Foreign-key triggers stay off, the search words' trigger fires (it fills a column).
            cur.execute("ALTER TABLE modelhub_aimodel ENABLE ALWAYS TRIGGER aimodel_search_document")
            with cur.copy(f"COPY modelhub_aimodel ({MODEL_COLUMNS}) FROM STDIN") as copy:
                for n, row in enumerate(rows, 1):
                    copy.write_row(_model_tuple(row, namespace_pks, False))
                    if n % 500_000 == 0:
                        log(f"  {n:,}")
            cur.execute("ALTER TABLE modelhub_aimodel ENABLE TRIGGER aimodel_search_document")
            cur.execute("SET session_replication_role = DEFAULT")
        raw.commit()
    load_seconds = time.perf_counter() - started
    log(f"loaded in {load_seconds:.0f} s; building {len(indexes)} indexes…")
    index_seconds = {}
    with connection.cursor() as cursor:
        for name, sql in indexes:
            t0 = time.perf_counter()
            cursor.execute(sql)
            index_seconds[name] = round(time.perf_counter() - t0, 1)
            log(f"  {name}: {index_seconds[name]} s")
        t0 = time.perf_counter()
        if sqlite:
            ensure_sqlite_index(connection)
            index_seconds["modelhub_aimodel_fts (FTS5 rebuild)"] = round(time.perf_counter() - t0, 1)
            t0 = time.perf_counter()
            cursor.execute("ANALYZE")
        else:
            cursor.execute("VACUUM ANALYZE")
        index_seconds["ANALYZE"] = round(time.perf_counter() - t0, 1)
    if not sqlite:
        raw.commit()
    info = {
        "size": size,
        "namespaces": len(spaces.ids),
        "largest_namespace": spaces.sizes[0],
        "load_seconds": round(load_seconds, 1),
        "index_seconds": index_seconds,
        "index_total_seconds": round(sum(index_seconds.values()), 1),
    }
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_hub_loaded (size integer primary key, info text)")
        cursor.execute("INSERT INTO bench_hub_loaded (size, info) VALUES (%s, %s)", [size, json.dumps(info)])
    if sqlite:
        raw.execute("PRAGMA journal_mode=WAL")
    return info


def main() -> int:
    size = int(sys.argv[1])
    _setup()
    from django.core.management import call_command
    from django.db import connection

    info = already_loaded(connection, size)
    if info is None:
        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)
        info = load(size)
    print(json.dumps(info), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
