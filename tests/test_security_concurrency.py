"""Concurrency on PostgreSQL (spec section 10, "Reliability"), through the real API.

A live server (Django's ThreadedWSGIServer: one thread and one database connection per
request) takes real HTTP requests from client threads with Bearer tokens:

- 8 clients x 100 PATCHes, each client changing its own field of the same model: nothing
  is lost (every field ends at the last value its client wrote), 800 audit entries, no 5xx;
- same-field racers with If-Match, released together by a barrier: for each version exactly
  one PATCH wins (200) and the others get 412; the stored value is the winner's.

SQLite serialises writers on one file lock and is not what production runs: these tests
need PostgreSQL (`DATABASE_URL=postgres://...`, as CI sets) and are skipped otherwise.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from modelhub.models import AIModel, AuditEntry, Task
from modelhub.services import token_create
from tests.factories import AIModelFactory, ModelDefinitionFactory
from tests.live_api_support import ApiClient, model_path

pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS = 8
PATCHES_PER_CLIENT = 100
TASKS = [task.value for task in Task]


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency tests need PostgreSQL: set DATABASE_URL=postgres://... (as CI does)")


@pytest.fixture
def racing_model(alice_ns):
    """A public model on REGION_LOCAL (custom hardware, so 'hardware' is a free field) with a
    definition that accepts any configuration object."""
    definition = ModelDefinitionFactory(definition_id="open", model_spec={"type": "object"})
    return AIModelFactory(
        namespace=alice_ns, model_id="racer", model_definition=definition, region_id="REGION_LOCAL", hardware="CPU"
    )


def value_for(field: str, n: int):
    """The n-th value a client writes into its field (n >= 1: each differs from the one before,
    and the first from the factory's)."""
    return {
        "description": f"description {n}",
        "readme": f"# README {n}",
        "license": f"LicenseRef-{n}",
        "sourceUrl": f"https://example.com/source/{n}",
        "documentationUrl": f"https://example.com/docs/{n}",
        "task": TASKS[n % len(TASKS)],
        "hardware": f"custom-hw-{n}",
        "configuration": {"step": n},
    }[field]


STORED_AS = {"sourceUrl": "source_url", "documentationUrl": "documentation_url"}
FIELDS = ["description", "readme", "license", "sourceUrl", "documentationUrl", "task", "hardware", "configuration"]


def test_eight_clients_patching_their_own_fields_lose_nothing(live_server, alice, racing_model):
    path = model_path(racing_model)
    tokens = [token_create(user=alice, name=f"client {n}")[1] for n in range(CLIENTS)]

    def run(field: str, token: str) -> list[int]:
        client, statuses = ApiClient(live_server.url, token), []
        try:
            for n in range(1, PATCHES_PER_CLIENT + 1):
                status, body, _ = client.request("PATCH", path, {field: value_for(field, n)})
                statuses.append(status)
                assert status == 200, (field, n, status, body)
        finally:
            client.close()
        return statuses

    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(run, FIELDS, tokens))

    assert [len(statuses) for statuses in results] == [PATCHES_PER_CLIENT] * CLIENTS
    stored = AIModel.objects.get(pk=racing_model.pk)
    for field in FIELDS:
        assert getattr(stored, STORED_AS.get(field, field)) == value_for(field, PATCHES_PER_CLIENT), field
    entries = AuditEntry.objects.filter(aimodel=stored)
    assert entries.count() == CLIENTS * PATCHES_PER_CLIENT
    assert entries.filter(source="api").count() == CLIENTS * PATCHES_PER_CLIENT


ROUNDS = 5


def test_same_field_racers_with_if_match_get_exactly_one_winner_per_version(live_server, alice, racing_model):
    path = model_path(racing_model)
    clients = [ApiClient(live_server.url, token_create(user=alice, name=f"racer {n}")[1]) for n in range(CLIENTS)]
    barrier = threading.Barrier(CLIENTS)
    winners: list[str] = []
    try:
        for round_ in range(ROUNDS):
            etags = {client.request("GET", path)[2] for client in clients}
            assert len(etags) == 1, etags  # everyone read the same version
            etag = etags.pop()

            def race(n: int, round_: int = round_, etag: str = etag) -> tuple[int, dict]:
                barrier.wait(timeout=30)
                body = {"description": f"round {round_} by {n}"}
                status, answer, _ = clients[n].request("PATCH", path, body, **{"If-Match": etag})
                return status, answer

            with ThreadPoolExecutor(CLIENTS) as pool:
                answers = list(pool.map(race, range(CLIENTS)))
            statuses = sorted(status for status, _ in answers)
            assert statuses == [200] + [412] * (CLIENTS - 1), answers
            assert all(body["code"] == 9 for status, body in answers if status == 412)
            winner = next(body["model"]["description"] for status, body in answers if status == 200)
            winners.append(winner)
            assert AIModel.objects.get(pk=racing_model.pk).description == winner
    finally:
        for client in clients:
            client.close()

    entries = AuditEntry.objects.filter(aimodel=racing_model).order_by("pk")
    assert entries.count() == ROUNDS  # one entry per winner, none for the refused
    assert [entry.changes["description"]["new"] for entry in entries] == winners
