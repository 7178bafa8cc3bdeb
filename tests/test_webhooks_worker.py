"""The outbox end to end: the real database worker process delivering to a real receiver on loopback.

Each test commits real transactions (the worker is another process) and starts
`manage.py run_worker` against the test database.
"""

import threading
import time

import pytest
from django.db import close_old_connections, connections, transaction
from standardwebhooks.webhooks import Webhook as StandardWebhook

from modelhub.models import AuditEntry, AuditSource, DeliveryStatus, WebhookDelivery
from modelhub.services import aimodel_update
from modelhub.services.webhooks import webhook_create
from tests.api_support import assert_status, bearer, patch_json
from tests.factories import AIModelFactory
from tests.webhooks_support import Receiver, WorkerProcess, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def secret(alice_ns, alice, receiver):
    return webhook_create(namespace=alice_ns, url=receiver.url, actor=alice)[1]


@pytest.fixture
def worker():
    process = WorkerProcess()
    yield process
    process.stop()


@pytest.fixture
def model(alice_ns, container):
    return AIModelFactory(namespace=alice_ns, model_id="resnet", model_definition=container)


def verified(secret: str, receiver: Receiver) -> list[dict]:
    return [StandardWebhook(secret).verify(r.body, r.headers) for r in receiver.received]


def test_a_patch_is_delivered_once_signed_with_old_and_new_values(client, alice, model, secret, receiver, worker):
    worker.start()
    url = "/v1alpha/namespaces/alice/models/resnet"
    response = patch_json(client, url, {"description": "Fine-tuned"}, bearer(alice))
    assert_status(response, 200)
    wait_for(lambda: WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).exists(), what="the delivery")
    time.sleep(0.5)  # a second send would be well under way by now
    [payload] = verified(secret, receiver)
    assert payload["type"] == "model.updated" and payload["data"]["surface"] == "api"
    assert payload["data"]["changes"] == {"description": {"old": "A test model.", "new": "Fine-tuned"}}


def test_a_receiver_answering_500_is_retried_until_it_answers_200(alice, model, secret, receiver, worker):
    receiver.answers = [500, 500, 500]
    worker.start()
    aimodel_update(aimodel=model, changes={"description": "x"}, actor=alice, source=AuditSource.API)
    wait_for(lambda: WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).exists(), what="the 4th try")
    assert len(verified(secret, receiver)) == 4
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
    assert WebhookDelivery.objects.get().attempts == 4


def test_a_worker_killed_before_sending_delivers_when_started_again(alice, model, secret, receiver, worker):
    aimodel_update(aimodel=model, changes={"description": "while no worker runs"}, actor=alice, source=AuditSource.WEB)
    worker.start()
    worker.kill()  # at once: most likely before it even read the task
    assert len(receiver.received) <= 1
    worker.start()
    wait_for(lambda: WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).exists(), what="the delivery")
    assert {p["data"]["changes"]["description"]["new"] for p in verified(secret, receiver)} == {"while no worker runs"}


def test_a_worker_killed_while_sending_delivers_when_started_again(alice, model, secret, receiver, worker):
    """The receiver takes its time; the worker is killed mid-request, its task left running.
    The restarted worker sends the delivery again (same webhook-id): repeated, never lost."""
    gate = threading.Event()
    receiver.hold = gate
    worker.start()
    aimodel_update(aimodel=model, changes={"description": "mid-send"}, actor=alice, source=AuditSource.WEB)
    wait_for(lambda: len(receiver.received) == 1, what="the first request")
    worker.kill()
    gate.set()
    worker.start()
    wait_for(lambda: WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).exists(), what="the redelivery")
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
    assert len(receiver.received) == 2


def test_a_rolled_back_change_sends_nothing(alice, model, secret, receiver, worker):
    worker.start()
    with pytest.raises(RuntimeError), transaction.atomic():
        aimodel_update(aimodel=model, changes={"description": "never"}, actor=alice, source=AuditSource.API)
        raise RuntimeError("fails after the write")
    aimodel_update(aimodel=model, changes={"description": "after"}, actor=alice, source=AuditSource.API)
    wait_for(lambda: WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).exists(), what="the delivery")
    time.sleep(0.5)
    assert [p["data"]["changes"]["description"]["new"] for p in verified(secret, receiver)] == ["after"]


WRITERS, CHANGES = 8, 50


def test_concurrent_writers_get_exactly_one_delivery_per_change(alice, model, secret, receiver, worker):
    errors = []

    def writer(n: int) -> None:
        try:
            from django.test import Client

            client, headers = Client(), bearer(alice)
            for k in range(CHANGES):
                body = {"description": f"writer {n} change {k}"}
                response = patch_json(client, "/v1alpha/namespaces/alice/models/resnet", body, headers)
                assert response.status_code == 200, response.content[:300]
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            close_old_connections()
            connections.close_all()

    worker.start()
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    total = WRITERS * CHANGES
    wait_for(
        lambda: WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).count() == total,
        timeout=300,
        what=f"{total} deliveries",
    )
    time.sleep(0.5)
    payloads = verified(secret, receiver)
    entries = set(AuditEntry.objects.filter(action="update").values_list("pk", flat=True))
    assert len(payloads) == total and len(entries) == total
    assert sorted(p["data"]["auditEntryId"] for p in payloads) == sorted(entries)
    assert len({r.headers["webhook-id"] for r in receiver.received}) == total
