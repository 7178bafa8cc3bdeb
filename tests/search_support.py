"""Helpers for the search tests: hostile texts, the API's search call, the IDs of an answer."""

import json
import uuid
from urllib.parse import quote

from django.db import connection
from django.utils import timezone

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


def insert_with_plain_sql(namespace, definition, *, model_id: str, description: str, tags: list[str]) -> None:
    """A public model written around the ORM and its services, as a bulk load or a data fix would."""
    now = timezone.now().isoformat() if connection.vendor == "postgresql" else timezone.now().strftime("%F %T")
    uid = uuid.uuid4().hex if connection.vendor == "sqlite" else str(uuid.uuid4())
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO modelhub_aimodel (uid, namespace_id, model_id, description, model_definition_id,"
            " configuration, task, visibility, region_id, hardware, readme, source_url, documentation_url,"
            " license, profile_image, tags, moderation_state, create_time, update_time)"
            " VALUES (%s, %s, %s, %s, %s, '{}', 'TASK_OCR', 'VISIBILITY_PUBLIC',"
            " 'REGION_GCP_EUROPE_WEST4', 'CPU', '', '', '', '', '', %s, 'ACTIVE', %s, %s)",
            [uid, namespace.pk, model_id, description, definition.definition_id, json.dumps(tags), now, now],
        )
