"""Webhook deliveries: enqueued with the change (the outbox), sent by the worker, retried, logged.

A delivery is sent at least once: its task is written in the transaction of the change, so
a committed change has its delivery and a rolled-back one has none. The worker may stop at any
moment; a delivery whose task never finished is enqueued again by `deliveries_requeue_stalled`
(the worker runs it when it starts and after each send). Only the task named on the delivery
sends it, so a requeue or a redelivery supersedes older tasks instead of doubling the sends.
"""

import json
import logging
import random
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from modelhub.models import AIModel, AuditEntry, DeliveryStatus, Webhook, WebhookAttempt, WebhookDelivery
from modelhub.webhooks import outbound
from modelhub.webhooks.events import event_of, payload_of
from modelhub.webhooks.signing import signed_headers
from modelhub.webhooks.tasks import enqueue_delivery, tasks_in_hand

logger = logging.getLogger(__name__)

SKIPPED = "skipped"


def _retry_window() -> timedelta:
    return timedelta(seconds=settings.WEBHOOK_RETRY_WINDOW)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff with jitter: between half and all of first × 2^(n-1), capped."""
    ceiling = min(settings.WEBHOOK_RETRY_MAX_DELAY, settings.WEBHOOK_RETRY_FIRST_DELAY * 2 ** max(attempts - 1, 0))
    return timedelta(seconds=random.uniform(ceiling / 2, ceiling))  # noqa: S311 (jitter, not a secret)


def webhook_events_enqueue(*, entry: AuditEntry, aimodel: AIModel) -> list[WebhookDelivery]:
    """The deliveries of the event `entry` records, to the namespace's webhooks that receive it,
    in the caller's transaction. A namespace without active webhooks costs no query."""
    event = event_of(entry)
    if event is None or not aimodel.namespace.has_webhooks:
        return []
    active = Webhook.objects.filter(namespace_id=aimodel.namespace_id, active=True)
    hooks = [hook for hook in active if hook.receives(event)]
    if not hooks:
        return []
    payload = payload_of(entry, event, namespace_id=aimodel.namespace.namespace_id, model_id=aimodel.model_id)
    now = timezone.now()
    deliveries = []
    for hook in hooks:
        delivery = WebhookDelivery(
            webhook=hook, event=event, payload=payload, next_attempt_time=now, retry_until=now + _retry_window()
        )
        delivery.task_id = enqueue_delivery(str(delivery.uid))
        delivery.save(force_insert=True)
        deliveries.append(delivery)
    return deliveries


@transaction.atomic
def delivery_redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again now (same `webhook-id`), and keep retrying it for another window."""
    current = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    now = timezone.now()
    current.status = DeliveryStatus.PENDING
    current.next_attempt_time = now
    current.retry_until = now + _retry_window()
    current.task_id = enqueue_delivery(str(current.uid))
    current.save(update_fields=["status", "next_attempt_time", "retry_until", "task_id"])
    return current


def body_of(delivery: WebhookDelivery) -> bytes:
    return json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def delivery_attempt(*, delivery_id: str, task_id: str) -> str:
    """Send the delivery once if `task_id` is the task that may send it; record the attempt and
    schedule the next one (or give up). Returns what happened, in a word, for the task's result."""
    delivery = WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING or delivery.task_id != task_id:
        return SKIPPED
    webhook = delivery.webhook
    if not webhook.active:
        WebhookDelivery.objects.filter(pk=delivery.pk, task_id=task_id).update(status=DeliveryStatus.FAILED)
        return "webhook disabled"
    now = timezone.now()
    body = body_of(delivery)
    headers = signed_headers(secret=webhook.secret, message_id=delivery.message_id, timestamp=now, body=body)
    outcome = outbound.post(webhook.url, body=body, headers=headers)  # outside any transaction: no lock held
    result = _record(delivery_id=delivery.pk, task_id=task_id, outcome=outcome)
    deliveries_requeue_stalled()
    return result


@transaction.atomic
def _record(*, delivery_id, task_id: str, outcome: outbound.Outcome) -> str:
    delivery = WebhookDelivery.objects.select_for_update().filter(pk=delivery_id).first()
    if delivery is None:  # the webhook was deleted meanwhile
        return SKIPPED
    webhook = Webhook.objects.select_for_update().get(pk=delivery.webhook_id)
    now = timezone.now()
    WebhookAttempt.objects.create(
        delivery=delivery,
        status_code=outcome.status_code,
        error=outcome.error[:500],
        duration_ms=outcome.duration_ms,
        response_excerpt=outcome.excerpt,
    )
    delivery.attempts += 1
    fields = ["attempts", "status", "next_attempt_time", "task_id"]
    if outcome.ok:
        delivery.status, delivery.next_attempt_time = DeliveryStatus.DELIVERED, None
        delivery.save(update_fields=fields)
        if webhook.failing_since is not None:
            webhook.failing_since = None
            webhook.save(update_fields=["failing_since"])
        return "delivered"
    if webhook.failing_since is None:
        webhook.failing_since = now
        webhook.save(update_fields=["failing_since"])
    elif webhook.active and now - webhook.failing_since >= _retry_window():
        _disable(webhook, outcome)
    if not webhook.active or now >= delivery.retry_until:
        delivery.status, delivery.next_attempt_time = DeliveryStatus.FAILED, None
    elif delivery.status == DeliveryStatus.PENDING and delivery.task_id == task_id:
        delivery.next_attempt_time = now + retry_delay(delivery.attempts)
        delivery.task_id = enqueue_delivery(str(delivery.pk), run_after=delivery.next_attempt_time)
    delivery.save(update_fields=fields)
    return "failed"


def _disable(webhook: Webhook, outcome: outbound.Outcome) -> None:
    from modelhub.services.webhooks import _refresh_namespace_flag

    since = webhook.failing_since.strftime("%Y-%m-%d %H:%M UTC") if webhook.failing_since else "a day"
    last = f"answered {outcome.status_code}" if outcome.status_code else (outcome.error or "failed")
    webhook.active = False
    webhook.disabled_reason = (
        f"Disabled automatically: every delivery has failed since {since} (the last one {last.rstrip('.')})."
    )[:500]
    webhook.save(update_fields=["active", "disabled_reason", "update_time"])
    _refresh_namespace_flag(webhook.namespace_id)
    logger.warning("Webhook %s disabled: %s", webhook.pk, webhook.disabled_reason)


def deliveries_requeue_stalled(*, limit: int = 100, scan: int = 1000) -> int:
    """Enqueue again the pending deliveries whose task was lost: due more than
    WEBHOOK_STALL_MARGIN seconds ago and no longer in the queue's hands (its worker stopped
    mid-task). A task still waiting behind a backlog is not stalled: requeueing it would only
    lengthen the backlog. Each requeued delivery gets a new task; the old one, if it ever runs,
    does nothing."""
    margin = settings.WEBHOOK_STALL_MARGIN + settings.WEBHOOK_CONNECT_TIMEOUT + settings.WEBHOOK_READ_TIMEOUT
    cutoff = timezone.now() - timedelta(seconds=margin)
    overdue = WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_time__lt=cutoff)
    candidates = list(overdue.order_by("next_attempt_time").values_list("pk", "task_id")[:scan])
    in_hand = tasks_in_hand((task_id for _, task_id in candidates), started_after=cutoff)
    requeued = 0
    for pk in [pk for pk, task_id in candidates if task_id not in in_hand][:limit]:
        with transaction.atomic():
            delivery = WebhookDelivery.objects.select_for_update().filter(pk=pk).first()
            if delivery is None or delivery.status != DeliveryStatus.PENDING or delivery.next_attempt_time is None:
                continue
            if delivery.next_attempt_time >= cutoff:
                continue
            delivery.next_attempt_time = timezone.now()
            delivery.task_id = enqueue_delivery(str(delivery.pk))
            delivery.save(update_fields=["next_attempt_time", "task_id"])
            requeued += 1
    return requeued
