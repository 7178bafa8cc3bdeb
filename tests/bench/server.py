"""gunicorn servers for the real-server scenarios, with the production configuration.

Each server is `gunicorn -c gunicorn.conf.py modelhub.wsgi:application` (the repository's
production configuration: gthread workers, keep-alive, request-head bounds) bound to a
loopback port, on the bench's throwaway database, with the bench settings (so the DRF peer
is mounted; DEBUG off). The servers are started and stopped by the bench itself.
"""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "gunicorn.conf.py"


class ServerUnavailable(Exception):
    """The production configuration is missing or a server did not come up."""


def free_ports(count: int, first: int = 0) -> list[int]:
    """`count` loopback ports: from `first` on when given, else ones the kernel says are free."""
    if first:
        return list(range(first, first + count))
    ports, sockets = [], []
    for _ in range(count):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sockets.append(sock)
        ports.append(sock.getsockname()[1])
    for sock in sockets:
        sock.close()
    return ports


def config_summary() -> str:
    """Workers × threads as gunicorn.conf.py sets them on this machine."""
    namespace: dict = {}
    exec(compile(CONFIG.read_text(), str(CONFIG), "exec"), namespace)  # noqa: S102 - our own config file
    return f"{namespace.get('workers')} workers × {namespace.get('threads')} threads ({namespace.get('worker_class')})"


def _wait_ready(port: int, process: subprocess.Popen, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerUnavailable(f"gunicorn on port {port} exited: {log_path.read_text()[-800:]}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/v1alpha/model-definitions")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.2)
    raise ServerUnavailable(f"gunicorn on port {port} did not answer within {timeout:.0f} s")


@contextlib.contextmanager
def gunicorn_servers(ports: list[int]) -> Iterator[list[int]]:
    """Start one gunicorn per port; yield the ports once all answer; stop them afterwards."""
    if not CONFIG.exists():
        raise ServerUnavailable("n/a (no gunicorn.conf.py: the production configuration is not built yet)")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.bench.settings",
        "GUNICORN_ACCESS_LOG": os.devnull,  # the production access log, written where it costs nothing to read
    }
    processes: list[tuple[subprocess.Popen, Path]] = []
    try:
        for port in ports:
            log = Path(tempfile.mkstemp(prefix=f"modelhub_bench_gunicorn_{port}_", suffix=".log")[1])
            with open(log, "w") as log_file:
                process = subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "-c", str(CONFIG), "modelhub.wsgi:application"],
                    cwd=ROOT,
                    env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                    stdout=subprocess.DEVNULL,
                    stderr=log_file,
                    start_new_session=True,
                )
            processes.append((process, log))
        for port, (process, log) in zip(ports, processes, strict=True):
            _wait_ready(port, process, log)
        yield ports
    finally:
        for process, _ in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)  # graceful: the arbiter stops its workers
        for process, log in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            if "Traceback" in log.read_text(errors="replace"):
                print(f"gunicorn logged errors: {log}", file=sys.stderr)
            else:
                log.unlink(missing_ok=True)
