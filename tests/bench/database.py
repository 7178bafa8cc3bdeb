"""The throwaway database: a temp SQLite file, or a fresh PostgreSQL database dropped at the end.

Everything here runs BEFORE django.setup(): it points DATABASE_URL (read by
modelhub.settings) at the throwaway database and selects the bench settings.
"""

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def _swap_db_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def _pg_admin_connect(url: str):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname=(parts.path or "/postgres").lstrip("/") or "postgres",
        autocommit=True,
    )


@contextlib.contextmanager
def throwaway_database() -> Iterator[str]:
    """Point the environment at a new empty database; yield its vendor; remove it afterwards."""
    source_url = os.environ.get("DATABASE_URL", "").strip()
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.bench.settings"
    os.environ["MODELHUB_ENV"] = "development"  # no HTTPS redirect etc.; DEBUG is off in bench settings
    os.environ["DEBUG"] = "false"
    os.environ["CONN_MAX_AGE"] = "600"  # persistent connections, as in production (gunicorn)
    if source_url.startswith(("postgres://", "postgresql://")):
        name = f"modelhub_bench_{os.getpid()}"
        with _pg_admin_connect(source_url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = _swap_db_name(source_url, name)
        try:
            yield "postgresql"
        finally:
            _close_django_connections()
            with _pg_admin_connect(source_url) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return
    if source_url and not source_url.startswith("sqlite"):
        raise SystemExit(f"make bench supports SQLite and PostgreSQL, not {source_url.split(':', 1)[0]}")
    fd, path = tempfile.mkstemp(prefix="modelhub_bench_", suffix=".sqlite3", dir="/tmp")
    os.close(fd)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    try:
        yield "sqlite"
    finally:
        _close_django_connections()
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)


def _close_django_connections() -> None:
    with contextlib.suppress(Exception):
        from django.db import connections

        connections.close_all()
