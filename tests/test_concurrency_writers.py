"""Several writers at once on the default database (SQLite) and on PostgreSQL: no 5xx, nothing lost.

A live server (one thread and one database connection per request, as app servers have)
takes 8 clients x 25 PATCHes, each client changing its own field of one model, with its
text sent as a browser would (CRLF). On SQLite writes queue for the file's write lock
(BEGIN IMMEDIATE and a busy timeout, modelhub/settings.py) instead of failing with
"database is locked"; on PostgreSQL they wait on the row lock. Every answer is 200, every
field ends at the last value its client sent (with LF line endings), read back through
the API's full view, and there is one audit entry per PATCH.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from modelhub.models import AuditEntry, Task
from modelhub.services import token_create
from tests.factories import AIModelFactory
from tests.live_api_support import ApiClient, model_path

pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS = 8
PATCHES_PER_CLIENT = 25
TASKS = [task.value for task in Task]


def sent_value(field: str, n: int):
    """The n-th value a client sends for its field (each differs from the one before)."""
    return {
        "description": f"Description {n},\r\nsecond line",
        "readme": f"# README {n}\r\n\r\nBody\rend\r\n",
        "license": f"LicenseRef-{n}",
        "sourceUrl": f"https://example.com/source/{n}",
        "documentationUrl": f"https://example.com/docs/{n}",
        "task": TASKS[n % len(TASKS)],
        "hardware": f"custom-hw-{n}",
        "configuration": {"step": n, "prompt": "a\r\nb"},
    }[field]


def stored_value(field: str, n: int):
    value = sent_value(field, n)
    if isinstance(value, dict):
        return {**value, "prompt": "a\nb"}
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


FIELDS = ["description", "readme", "license", "sourceUrl", "documentationUrl", "task", "hardware", "configuration"]


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_eight_writers_of_their_own_fields_all_succeed_and_lose_nothing(
    vendor, live_server, alice, alice_ns, open_definition
):
    if connection.vendor != vendor:
        pytest.skip(f"runs on {vendor}; this run's database is {connection.vendor} (DATABASE_URL selects it)")
    aimodel = AIModelFactory(
        namespace=alice_ns, model_id="racer", model_definition=open_definition, region_id="REGION_LOCAL", hardware="CPU"
    )
    path = model_path(aimodel)
    tokens = [token_create(user=alice, name=f"client {n}")[1] for n in range(CLIENTS)]

    def run(field: str, token: str) -> list[tuple[int, dict]]:
        client, answers = ApiClient(live_server.url, token), []
        try:
            for n in range(1, PATCHES_PER_CLIENT + 1):
                status, body, _ = client.request("PATCH", path, {field: sent_value(field, n)})
                answers.append((status, body if status != 200 else {}))
        finally:
            client.close()
        return answers

    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(run, FIELDS, tokens))

    failures = [
        (field, answer)
        for field, answers in zip(FIELDS, results, strict=True)
        for answer in answers
        if answer[0] != 200
    ]
    assert failures == []
    assert [len(answers) for answers in results] == [PATCHES_PER_CLIENT] * CLIENTS

    reader = ApiClient(live_server.url, tokens[0])
    status, body, _ = reader.request("GET", f"{path}?view=VIEW_FULL")
    reader.close()
    assert status == 200
    for field in FIELDS:
        assert body["model"][field] == stored_value(field, PATCHES_PER_CLIENT), field
    assert AuditEntry.objects.filter(aimodel_id=aimodel.pk, source="api").count() == CLIENTS * PATCHES_PER_CLIENT
