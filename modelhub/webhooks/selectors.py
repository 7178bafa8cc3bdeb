"""Reads of webhooks and their delivery log."""

from django.db.models import Prefetch, QuerySet

from modelhub.models import Webhook, WebhookAttempt, WebhookDelivery


def webhooks_of(namespace) -> QuerySet[Webhook]:
    return Webhook.objects.filter(namespace=namespace).order_by("create_time", "uid")


def deliveries_of(webhook: Webhook) -> QuerySet[WebhookDelivery]:
    """A webhook's deliveries, newest first, each with its attempts (newest first)."""
    return (
        WebhookDelivery.objects.filter(webhook=webhook)
        .defer("payload")
        .prefetch_related(Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("-create_time", "-id")))
        .order_by("-create_time", "uid")
    )
