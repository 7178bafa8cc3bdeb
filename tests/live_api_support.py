"""A real HTTP client for live-server tests: one keep-alive connection, as a separate program has."""

import http.client
import json
from urllib.parse import urlsplit


class ApiClient:
    """One keep-alive HTTP connection to the live server, with a Bearer token."""

    def __init__(self, base_url: str, token: str):
        parts = urlsplit(base_url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def request(self, method: str, path: str, body=None, **headers) -> tuple[int, dict, str | None]:
        data = json.dumps(body).encode() if body is not None else None
        self.connection.request(method, path, body=data, headers={**self.headers, **headers})
        response = self.connection.getresponse()
        raw = response.read() or b"{}"
        try:
            payload = json.loads(raw)
        except ValueError:  # an HTML error page: keep its start for the assertion message
            payload = {"unparsed": raw[:300].decode("utf-8", "replace")}
        return response.status, payload, response.getheader("ETag")

    def close(self):
        self.connection.close()


def model_path(aimodel) -> str:
    return f"/v1alpha/namespaces/{aimodel.namespace.namespace_id}/models/{aimodel.model_id}"
