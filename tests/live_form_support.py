"""Real browser-like form posts to the live server: cookies, the CSRF token, many at once."""

import http.client
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode, urlsplit

_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class FormClient:
    """Cookies and the CSRF token of one visitor; each request opens its own connection, as
    parallel browser tabs do."""

    def __init__(self, base_url: str, cookies: dict[str, str] | None = None):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = dict(cookies or {})
        self.csrf = ""

    def connect(self) -> http.client.HTTPConnection:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        connection.connect()
        return connection

    def _send(self, method: str, path: str, body: bytes | None, headers: dict, connection=None) -> tuple[int, str]:
        connection = connection or self.connect()
        try:
            cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(method, path, body=body, headers={**headers, **({"Cookie": cookie} if cookie else {})})
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            return response.status, text
        finally:
            connection.close()

    def get(self, path: str) -> tuple[int, str]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        try:
            cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        finally:
            connection.close()
        if match := _CSRF_INPUT.search(text):
            self.csrf = match.group(1)
        return response.status, text

    def post(self, path: str, data: dict[str, str], connection=None) -> tuple[int, str]:
        """POST the form (with the CSRF token from the last page read) on `connection` or a new
        one; no Set-Cookie is kept, so parallel posts never change what the others send."""
        body = urlencode({"csrfmiddlewaretoken": self.csrf, **data}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self._send("POST", path, body, headers, connection)


def posted_at_once(visitor: FormClient, path: str, forms: list[dict[str, str]]) -> list[tuple[int, str]]:
    """POST each form in its own thread and connection, all released together by a barrier.
    The connections are opened one by one first: the live server's accept queue is short."""
    connections = [visitor.connect() for _ in forms]
    barrier = threading.Barrier(len(forms))

    def run(n: int):
        barrier.wait(timeout=60)
        return visitor.post(path, forms[n], connections[n])

    with ThreadPoolExecutor(len(forms)) as pool:
        return list(pool.map(run, range(len(forms))))


class CallCounter:
    """Counts calls of a wrapped function across the live server's request threads."""

    def __init__(self):
        self.calls = 0
        self._lock = threading.Lock()

    def wrap(self, function):
        def counted(*args, **kwargs):
            with self._lock:
                self.calls += 1
            return function(*args, **kwargs)

        return counted
