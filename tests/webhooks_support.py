"""Helpers for the webhook tests: a real HTTP receiver on loopback, and running due tasks in process."""

import http.server
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from django_tasks import TaskContext
from django_tasks_db.models import DBTaskResult


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """An HTTP server on 127.0.0.1 that records each POST. `answers` is consumed one status per
    request (then 200); `redirect_to` answers 302 to that location instead."""

    answers: list[int] = field(default_factory=list)
    redirect_to: str = ""
    hold: threading.Event | None = None  # set: each request waits for it before answering
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> "Receiver":
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (the http.server API)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver.lock:
                    receiver.received.append(Received(self.path, dict(self.headers.items()), body))
                    status = receiver.answers.pop(0) if receiver.answers else 200
                    hold, receiver.hold = receiver.hold, None  # only the first request waits
                if hold is not None:
                    hold.wait(30)
                if receiver.redirect_to:
                    self.send_response(302)
                    self.send_header("Location", receiver.redirect_to)
                    self.end_headers()
                    return
                reply = b'{"ok": true}' if status < 400 else b"receiver error " + b"x" * 3000
                self.send_response(status)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def run_due_tasks(limit: int = 100, *, before: Callable[[], None] | None = None) -> int:
    """Run the ready tasks as the database worker would (claim, call, record), in this process,
    until none is ready; returns how many ran."""
    ran = 0
    while ran < limit:
        row = DBTaskResult.objects.ready().order_by("-priority", "run_after", "enqueued_at").first()
        if row is None:
            return ran
        row.claim("test-worker")
        task = row.task
        result = row.task_result
        row.set_successful(task.call(TaskContext(task_result=result), *result.args, **result.kwargs))
        ran += 1
    raise AssertionError(f"more than {limit} tasks ran: a retry loop?")


def database_url() -> str:
    """The test database, for a process started by a test."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class WorkerProcess:
    """`manage.py run_worker` as a separate process against the test database, with retries
    due within a second and stalled deliveries recovered after one."""

    def __init__(self):
        self.process = None

    def start(self) -> "WorkerProcess":
        import os
        import subprocess
        import sys
        import tempfile

        from django.conf import settings

        env = {k: v for k, v in os.environ.items() if k not in {"MODELHUB_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
        env.update(
            DATABASE_URL=database_url(),
            DEBUG="0",
            WEBHOOK_RETRY_FIRST_DELAY="0.2",
            WEBHOOK_RETRY_MAX_DELAY="0.5",
            WEBHOOK_STALL_MARGIN="0",
            WEBHOOK_CONNECT_TIMEOUT="2",
            WEBHOOK_READ_TIMEOUT="2",
        )
        command = [sys.executable, "manage.py", "run_worker", "--interval", "0.1", "--no-startup-delay", "--no-reload"]
        # A file, not a pipe: a worker logging more than a pipe's buffer holds would block on its write.
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop())
        self.process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=self.log
        )
        return self

    def kill(self) -> None:
        """SIGKILL: the worker stops at once, as in a crash, whatever it was doing."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)

    def stop(self) -> str:
        """SIGTERM, as a deployment stops it; returns what it wrote to stderr."""
        if self.process is None or self.log.closed:
            return ""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except Exception:
                self.process.kill()
                self.process.wait()
        self.log.seek(0)
        written = self.log.read().decode(errors="replace")[-3000:]
        self.log.close()
        return written


def wait_for(condition: Callable[[], bool], *, timeout: float = 60, what: str = "") -> None:
    """Poll until `condition()` holds (a generous bound: never a measurement of speed)."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        time.sleep(0.05)
