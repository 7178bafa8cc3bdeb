"""The shipped gunicorn configuration keeps answering while slow clients hold connections,
and never drops a request that has arrived (no worker recycling by default).

gunicorn runs as production does (`gunicorn -c gunicorn.conf.py modelhub.wsgi:application`)
on a loopback port of this worktree's range, against the test database. Slow clients each
open a connection and send their request head one byte a second ("slowloris"); meanwhile
normal clients must get their pages. With the sync workers the README used to run, one
worker held by a slow client answered nothing.
"""

import http.client
import socket
import threading
import time

import pytest
from django.conf import settings

from modelhub.models import Visibility
from tests.factories import AIModelFactory
from tests.gunicorn_support import app_server

SLOW_CLIENTS = 4
WAIT = 60  # seconds: generous bounds on start-up and answers, never an assertion on speed


def get(port: str | int, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=WAIT)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.fixture
def gunicorn_server(transactional_db):
    """gunicorn with the repo's gunicorn.conf.py, one worker (so the threads must do it); yields its port."""
    with app_server(workers=1) as url:
        yield int(url.rsplit(":", 1)[1])


class SlowClient(threading.Thread):
    """Sends a request head one byte a second until told to stop."""

    HEAD = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + b"a" * 200

    def __init__(self, port: int, stop: threading.Event):
        super().__init__(daemon=True)
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=WAIT)
        self.stop, self.sent = stop, 0

    def run(self):
        try:
            for byte in self.HEAD:
                self.sock.sendall(bytes([byte]))
                self.sent += 1
                if self.stop.wait(1.0):
                    break
        except OSError:
            pass
        finally:
            self.sock.close()


def test_normal_requests_are_answered_while_slow_clients_hold_connections(gunicorn_server, alice_ns, container):
    AIModelFactory(namespace=alice_ns, model_id="resnet", model_definition=container, visibility=Visibility.PUBLIC)
    stop = threading.Event()
    slow = [SlowClient(gunicorn_server, stop) for _ in range(SLOW_CLIENTS)]
    for client in slow:
        client.start()
    try:
        time.sleep(2.5)  # every slow client has sent bytes: each holds a thread mid-head
        assert all(client.sent >= 2 for client in slow)
        for path in ("/", "/namespaces/alice/models/resnet/", "/v1alpha/namespaces/alice/models/resnet"):
            response = get(gunicorn_server, path)
            assert response.status == 200, path
        assert all(client.is_alive() for client in slow), "the slow clients still hold their connections"
    finally:
        stop.set()
        for client in slow:
            client.join(timeout=WAIT)


KEEP_ALIVE_CLIENTS = 8
REQUESTS_EACH = 300  # 2,400 through one worker: past the 2,000 ± 200 at which it used to be recycled


def test_every_request_on_keep_alive_connections_is_answered(gunicorn_server):
    """A recycled worker closed its connections with requests in them: clients got resets."""
    failures: list[str] = []
    answered = [0] * KEEP_ALIVE_CLIENTS

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", gunicorn_server, timeout=WAIT)
        for _ in range(REQUESTS_EACH):
            try:
                connection.request("GET", "/v1alpha/__liveness")
                response = connection.getresponse()
                response.read()
            except OSError as error:  # RemoteDisconnected, ConnectionResetError, BrokenPipeError
                failures.append(f"{type(error).__name__}: {error}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", gunicorn_server, timeout=WAIT)
                continue
            if response.status == 200:
                answered[index] += 1
            else:
                failures.append(f"status {response.status}")
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(KEEP_ALIVE_CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [], f"{len(failures)} of {KEEP_ALIVE_CLIENTS * REQUESTS_EACH}: {failures[:5]}"
    assert sum(answered) == KEEP_ALIVE_CLIENTS * REQUESTS_EACH


def test_the_configuration_binds_loopback_and_bounds_request_heads(monkeypatch):
    for name in ("GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    values: dict = {}
    exec(compile((settings.BASE_DIR / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), values)  # noqa: S102
    assert values["bind"] == ["127.0.0.1:8000"]
    assert values["worker_class"] == "gthread" and values["threads"] >= 4
    assert values["timeout"] <= 60 and values["keepalive"] <= 10
    assert values["limit_request_line"] <= 8190 and values["limit_request_fields"] <= 100
    assert values["limit_request_field_size"] <= 8190
