"""Webhooks: a namespace's subscriptions to its models' events, and their deliveries.

A delivery is written in the same transaction as the change it reports (its audit entry),
with the task that sends it (modelhub.webhooks.tasks): the outbox. Its `uid` is the
Standard Webhooks `webhook-id`, the same for every attempt, so receivers can de-duplicate.
"""

import uuid

from django.conf import settings
from django.db import models


class WebhookEvent(models.TextChoices):
    CREATED = "model.created", "Model created"
    UPDATED = "model.updated", "Model updated"
    RENAMED = "model.renamed", "Model renamed"
    TRANSFERRED = "model.transferred", "Model transferred"
    DELETED = "model.deleted", "Model deleted"
    RESTORED = "model.restored", "Model restored"
    HIDDEN = "model.hidden", "Model hidden by moderators"
    UNHIDDEN = "model.unhidden", "Model restored by moderators"


class Webhook(models.Model):
    uid = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    namespace = models.ForeignKey("modelhub.Namespace", on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField("URL", max_length=2048)
    description = models.CharField(max_length=255, blank=True)
    # The event names it receives (WebhookEvent values); every event when empty.
    events = models.JSONField(default=list, blank=True)
    secret = models.CharField(max_length=64)
    active = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=500, blank=True)
    # When its deliveries started failing without a success since; None while they succeed.
    failing_since = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    create_time = models.DateTimeField(auto_now_add=True)
    update_time = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["create_time", "uid"]
        indexes = [models.Index(fields=["namespace", "active"], name="webhook_namespace_active")]

    def __str__(self) -> str:
        return f"{self.url} ({self.namespace_id})"

    @property
    def name(self) -> str:
        return f"namespaces/{self.namespace.namespace_id}/webhooks/{self.uid}"

    def receives(self, event: str) -> bool:
        return not self.events or event in self.events


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"


class WebhookDelivery(models.Model):
    """One event for one webhook: sent until the receiver answers 2xx, or given up."""

    uid = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=32, choices=WebhookEvent.choices)
    payload = models.JSONField()
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    create_time = models.DateTimeField(auto_now_add=True)
    next_attempt_time = models.DateTimeField(null=True, blank=True)
    # Retried until then (a day from the event, or from a redelivery), then given up.
    retry_until = models.DateTimeField()
    # The task that may send it now; an older task (superseded by a redelivery or a requeue) does nothing.
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-create_time", "uid"]
        verbose_name_plural = "webhook deliveries"
        indexes = [
            models.Index(fields=["webhook", "-create_time"], name="delivery_webhook_time"),
            models.Index(fields=["status", "next_attempt_time"], name="delivery_status_next"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id} ({self.status})"

    @property
    def message_id(self) -> str:
        return f"msg_{self.uid.hex}"


class WebhookAttempt(models.Model):
    """One HTTP request of a delivery: the delivery log."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    create_time = models.DateTimeField(auto_now_add=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    response_excerpt = models.TextField(blank=True)

    class Meta:
        ordering = ["-create_time", "-id"]
        indexes = [models.Index(fields=["delivery", "-create_time"], name="attempt_delivery_time")]

    def __str__(self) -> str:
        return f"{self.status_code or self.error} after {self.duration_ms} ms"

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
