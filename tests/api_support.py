"""Helpers for the API tests: token headers, JSON calls, status assertions (snapshot is in tests/support.py)."""

import json

from modelhub.services import token_create


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {token_create(user=user, name='test')[1]}"}


def model_url(aimodel, suffix: str = "") -> str:
    return f"/v1alpha/namespaces/{aimodel.namespace.namespace_id}/models/{aimodel.model_id}{suffix}"


def patch_json(client, url: str, body, headers: dict | None = None, query: str = ""):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.patch(url + query, data=data, content_type="application/json", headers=headers or {})


def assert_status(response, status: int, code: int | None = None):
    assert response.status_code == status, response.content[:500]
    if code is not None:
        body = response.json()
        assert body["code"] == code and body["message"], body
        assert isinstance(body["details"], list)
    return response
