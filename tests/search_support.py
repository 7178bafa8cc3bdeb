"""Helpers for the search tests: hostile texts, the API's search call, the IDs of an answer."""

from urllib.parse import quote

HOSTILE_TEXTS = [
    '"',
    '""',
    '"unbalanced',
    "llama AND",
    "AND OR NOT",
    "NEAR(llama whisper, 2)",
    "NEAR/2",
    "llama*",
    "*",
    "-llama",
    "--",
    "model_id:llama",
    "description : llama",
    "tags:vision",
    "(((llama",
    "llama)))",
    "^llama",
    "'; DROP TABLE modelhub_aimodel; --",
    "%_\\",
    "a" * 1000,
    "llama " * 200,
    "x\x00y",
    "🦙 llama 🦙",
    "日本語のモデル",
    "модель",
    "نموذج",
    "\u200b\u202e",
    "& | ! <-> :*",
]


def api_search(client, text: str, headers=None, extra: str = ""):
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    clause = 'q="' + escaped + '"'
    response = client.get(f"/v1alpha/models?filter={quote(clause)}{extra}", headers=headers or {})
    return response


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content[:300]
    return [m["id"] for m in response.json()["models"]]
