"""The shipped gunicorn configuration, run as a separate app server against the test database."""

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings

WAIT = 60  # seconds: generous bounds on start-up, never an assertion on speed


def database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _ephemeral_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
        connection.request("GET", "/v1alpha/__liveness")
        connection.getresponse().read()
        connection.close()
        return True
    except OSError:
        return False


@contextlib.contextmanager
def app_server(*, workers: int = 1):
    """One app server (`gunicorn -c gunicorn.conf.py`, as production runs it) on an ephemeral
    loopback port; yields its base URL and stops it on the way out."""
    port = _ephemeral_port()
    unset = {"DJANGO_ALLOW_ASYNC_UNSAFE", "MODELHUB_ENV", "PORT"}
    env = {k: v for k, v in os.environ.items() if k not in unset and not k.startswith("GUNICORN_")}
    env.update(
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(workers),
        GUNICORN_ACCESS_LOG="/dev/null",
        DATABASE_URL=database_url(),
        DEBUG="0",
    )
    # A file, not a pipe: a server logging more than a pipe's buffer holds would block on its write.
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed when the server stops)
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py", "modelhub.wsgi:application"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + WAIT
        while not _answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail("gunicorn did not start: " + log.read().decode(errors="replace")[-2000:])
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
