"""Webhook deliveries in process: enqueued with the change, signed, retried, logged, disabled."""

import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from standardwebhooks.webhooks import Webhook as StandardWebhook

from modelhub.models import AuditSource, DeliveryStatus, Webhook, WebhookDelivery
from modelhub.services import aimodel_delete, aimodel_hide, aimodel_rename, aimodel_update, moderation_note_create
from modelhub.services.deliveries import deliveries_requeue_stalled, delivery_redeliver, retry_delay
from modelhub.services.webhooks import webhook_create
from tests.webhooks_support import Receiver, run_due_tasks


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def hook(alice_ns, alice, receiver):
    webhook, secret = webhook_create(namespace=alice_ns, url=receiver.url, actor=alice)
    webhook.plain_secret = secret
    return webhook


def test_an_update_sends_one_signed_delivery_with_old_and_new_values(aimodel, alice, hook, receiver):
    aimodel_update(aimodel=aimodel, changes={"description": "New words."}, actor=alice, source=AuditSource.API)
    assert run_due_tasks() == 1

    [request] = receiver.received
    payload = StandardWebhook(hook.plain_secret).verify(request.body, request.headers)
    assert payload["type"] == "model.updated"
    assert payload["data"]["model"] == {
        "name": "namespaces/alice/models/resnet",
        "uid": str(aimodel.uid),
        "id": "resnet",
        "namespace": "alice",
    }
    assert payload["data"]["changes"] == {"description": {"old": "A test model.", "new": "New words."}}
    assert payload["data"]["actor"] == {"username": "alice"} and payload["data"]["surface"] == "api"
    delivery = WebhookDelivery.objects.get()
    assert request.headers["webhook-id"] == delivery.message_id
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 1)
    assert delivery.attempt_log.get().status_code == 200


def test_each_lifecycle_change_is_its_event_and_notes_are_none(aimodel, alice, moderator, hook, receiver):
    aimodel_rename(aimodel=aimodel, new_model_id="resnet-2", actor=alice, source=AuditSource.WEB)
    aimodel_hide(aimodel=aimodel, actor=moderator, note="spam")
    moderation_note_create(aimodel=aimodel, author=moderator, text="Please fix")
    aimodel_delete(aimodel=aimodel, actor=alice, source=AuditSource.WEB)
    run_due_tasks()
    types = [StandardWebhook(hook.plain_secret).verify(r.body, r.headers)["type"] for r in receiver.received]
    assert sorted(types) == ["model.deleted", "model.hidden", "model.renamed"]


def test_events_not_chosen_are_not_sent(aimodel, alice, alice_ns, receiver):
    webhook_create(namespace=alice_ns, url=receiver.url, events=["model.deleted"], actor=alice)
    aimodel_update(aimodel=aimodel, changes={"description": "x"}, actor=alice, source=AuditSource.API)
    assert not WebhookDelivery.objects.exists() and run_due_tasks() == 0


def test_a_rolled_back_change_leaves_no_delivery_and_no_task(aimodel, alice, hook):
    with pytest.raises(RuntimeError), transaction.atomic():
        aimodel_update(aimodel=aimodel, changes={"description": "x"}, actor=alice, source=AuditSource.API)
        assert WebhookDelivery.objects.count() == 1  # written in the change's transaction...
        raise RuntimeError("the request failed after the write")
    assert not WebhookDelivery.objects.exists() and not DBTaskResult.objects.exists()  # ...and gone with it


def test_a_namespace_without_webhooks_costs_its_writes_no_query(aimodel, alice, django_assert_num_queries):
    with django_assert_num_queries(5):  # savepoint, lock+read, UPDATE, audit INSERT, release
        aimodel_update(aimodel=aimodel, changes={"description": "x"}, actor=alice, source=AuditSource.API)


def test_a_failing_receiver_is_retried_with_the_same_webhook_id_until_it_answers(
    aimodel, alice, hook, receiver, settings
):
    settings.WEBHOOK_RETRY_FIRST_DELAY = 0  # due at once, so the in-process runner sends them now
    receiver.answers = [500, 503]
    aimodel_update(aimodel=aimodel, changes={"description": "x"}, actor=alice, source=AuditSource.API)
    assert run_due_tasks() == 3
    assert [StandardWebhook(hook.plain_secret).verify(r.body, r.headers) for r in receiver.received]
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 3)
    log = list(delivery.attempt_log.all())
    assert [a.status_code for a in log] == [200, 503, 500]  # newest first
    assert log[-1].response_excerpt.startswith("receiver error") and len(log[-1].response_excerpt) == 1024
    hook.refresh_from_db()
    assert hook.failing_since is None and hook.active


def test_backoff_grows_with_jitter_up_to_the_cap(settings):
    settings.WEBHOOK_RETRY_FIRST_DELAY, settings.WEBHOOK_RETRY_MAX_DELAY = 30, 3600
    for attempts, ceiling in [(1, 30), (2, 60), (5, 480), (20, 3600)]:
        delays = {retry_delay(attempts).total_seconds() for _ in range(20)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays) and len(delays) > 1


def test_a_webhook_failing_for_the_window_is_disabled_with_the_reason(aimodel, alice, hook, receiver, settings):
    settings.WEBHOOK_RETRY_FIRST_DELAY = 0
    receiver.answers = [500] * 10
    Webhook.objects.filter(pk=hook.pk).update(failing_since=timezone.now() - timedelta(days=1, seconds=1))
    aimodel_update(aimodel=aimodel, changes={"description": "x"}, actor=alice, source=AuditSource.API)
    assert run_due_tasks() == 1
    hook.refresh_from_db()
    assert not hook.active and "answered 500" in hook.disabled_reason
    assert WebhookDelivery.objects.get().status == DeliveryStatus.FAILED
    alice_ns = hook.namespace
    alice_ns.refresh_from_db()
    assert not alice_ns.has_webhooks


def test_a_delivery_past_its_window_is_given_up(aimodel, alice, hook, receiver, settings):
    settings.WEBHOOK_RETRY_FIRST_DELAY = 0
    receiver.answers = [500] * 10
    aimodel_update(aimodel=aimodel, changes={"description": "x"}, actor=alice, source=AuditSource.API)
    WebhookDelivery.objects.update(retry_until=timezone.now())
    assert run_due_tasks() == 1
    assert WebhookDelivery.objects.get().status == DeliveryStatus.FAILED


def test_redeliver_sends_again_with_the_same_webhook_id(aimodel, alice, hook, receiver):
    aimodel_update(aimodel=aimodel, changes={"description": "x"}, actor=alice, source=AuditSource.API)
    run_due_tasks()
    delivery_redeliver(delivery=WebhookDelivery.objects.get())
    assert run_due_tasks() == 1
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"] and first.body == second.body
    assert WebhookDelivery.objects.get().attempts == 2


def test_a_stalled_delivery_is_requeued_and_its_old_task_does_nothing(aimodel, alice, hook, receiver):
    aimodel_update(aimodel=aimodel, changes={"description": "x"}, actor=alice, source=AuditSource.API)
    # Its worker died mid-task: the task is claimed (running) and the delivery still pending.
    DBTaskResult.objects.update(status="RUNNING")
    WebhookDelivery.objects.update(next_attempt_time=timezone.now() - timedelta(hours=1))
    assert deliveries_requeue_stalled() == 1
    assert run_due_tasks() == 1 and len(receiver.received) == 1
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED


def test_a_delivery_waiting_behind_a_backlog_is_not_requeued(aimodel, alice, hook, receiver):
    """Overdue only because the worker is busy: its task is still queued, or was started just now."""
    aimodel_update(aimodel=aimodel, changes={"description": "x"}, actor=alice, source=AuditSource.API)
    aimodel.refresh_from_db()
    aimodel_update(aimodel=aimodel, changes={"description": "y"}, actor=alice, source=AuditSource.API)
    WebhookDelivery.objects.update(next_attempt_time=timezone.now() - timedelta(hours=1))
    started = WebhookDelivery.objects.order_by("pk").first()
    DBTaskResult.objects.filter(pk=started.task_id).update(status="RUNNING", started_at=timezone.now())
    tasks = DBTaskResult.objects.count()
    assert deliveries_requeue_stalled() == 0
    assert DBTaskResult.objects.count() == tasks
    DBTaskResult.objects.filter(pk=started.task_id).update(started_at=timezone.now() - timedelta(hours=1))
    assert deliveries_requeue_stalled() == 1


def test_audit_entries_are_written_in_one_place_only():
    """Events start where audit entries are written: a service writing one directly would send none."""
    from pathlib import Path

    services = Path(__file__).resolve().parent.parent / "modelhub"
    writers = [
        str(path.relative_to(services))
        for path in services.rglob("*.py")
        if "migrations" not in path.parts
        and re.search(r"(?<!\w)AuditEntry\.objects\.create", path.read_text(encoding="utf-8"))
    ]
    assert writers == ["services/audit.py"]
