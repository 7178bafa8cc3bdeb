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
