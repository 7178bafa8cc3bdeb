"""Writes of webhooks: create, update, delete, rotate the secret (deliveries: services/deliveries.py).

A namespace's webhooks are managed by its owners and admins (a user's own namespace: the
user); the surfaces check that (permissions.can_manage_webhooks) before calling these.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef

from modelhub.models import Namespace, Webhook, WebhookEvent
from modelhub.rules.changes import normalize_line_endings
from modelhub.services.deliveries import delivery_redeliver, webhook_events_enqueue
from modelhub.webhooks.outbound import TargetRefused, target_of
from modelhub.webhooks.signing import new_secret

__all__ = [
    "MAX_WEBHOOKS_PER_NAMESPACE",
    "delivery_redeliver",
    "webhook_create",
    "webhook_delete",
    "webhook_events_enqueue",
    "webhook_rotate_secret",
    "webhook_update",
]

MAX_WEBHOOKS_PER_NAMESPACE = 20
MAX_URL_LENGTH = 2048
MAX_DESCRIPTION_LENGTH = 255
UPDATABLE = ("url", "events", "description", "active")


def clean_url(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError({"url": ["Required: the http:// or https:// URL that receives the events."]})
    url = value.strip()
    if len(url) > MAX_URL_LENGTH:
        raise ValidationError({"url": [f"At most {MAX_URL_LENGTH:,} characters are allowed."]})
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        raise ValidationError({"url": ["The URL must not contain spaces or control characters."]})
    try:
        target_of(url)
    except TargetRefused as exc:
        raise ValidationError({"url": [str(exc)]}) from None
    return url


def clean_events(value: Any) -> list[str]:
    """The events a webhook receives: every event when empty."""
    if value is None:
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(e, str) for e in value):
        raise ValidationError({"events": ["Must be a list of event names."]})
    if unknown := [e[:40] for e in value if e not in WebhookEvent.values]:
        raise ValidationError(
            {"events": [f"Unknown events: {', '.join(unknown)}. Known: {', '.join(WebhookEvent.values)}."]}
        )
    chosen = set(value)
    return [event for event in WebhookEvent.values if event in chosen]


def clean_description(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError({"description": ["Must be text."]})
    text = normalize_line_endings(value).strip()
    if len(text) > MAX_DESCRIPTION_LENGTH:
        raise ValidationError({"description": [f"At most {MAX_DESCRIPTION_LENGTH} characters are allowed."]})
    if "\x00" in text:
        raise ValidationError({"description": ["Must not contain NUL characters."]})
    return text


def _refresh_namespace_flag(namespace_pk: int) -> None:
    active = Webhook.objects.filter(namespace=OuterRef("pk"), active=True)
    Namespace.objects.filter(pk=namespace_pk).update(has_webhooks=Exists(active))


@transaction.atomic
def webhook_create(
    *, namespace: Namespace, url: Any, events: Iterable[str] | None = None, description: Any = "", actor
) -> tuple[Webhook, str]:
    """A new active webhook and its signing secret (returned here only; shown once)."""
    url = clean_url(url)
    chosen = clean_events(events)
    text = clean_description(description)
    Namespace.objects.select_for_update().filter(pk=namespace.pk).first()  # one count per namespace at a time
    if Webhook.objects.filter(namespace=namespace).count() >= MAX_WEBHOOKS_PER_NAMESPACE:
        raise ValidationError(
            {"url": [f"A namespace has at most {MAX_WEBHOOKS_PER_NAMESPACE} webhooks; delete one first."]}
        )
    secret = new_secret()
    webhook = Webhook.objects.create(
        namespace=namespace,
        url=url,
        events=chosen,
        description=text,
        secret=secret,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    _refresh_namespace_flag(namespace.pk)
    return webhook, secret


@transaction.atomic
def webhook_update(*, webhook: Webhook, changes: Mapping[str, Any]) -> tuple[Webhook, tuple[str, ...]]:
    """Change a webhook's URL, events, description or state; `active: true` re-enables a
    disabled webhook (its failure record is cleared). Returns the webhook and what changed."""
    if unknown := sorted(set(changes) - set(UPDATABLE)):
        raise ValidationError({name[:64]: ["Unknown or read-only field."] for name in unknown})
    current = Webhook.objects.select_for_update().select_related("namespace").get(pk=webhook.pk)
    values: dict[str, Any] = {}
    if "url" in changes:
        values["url"] = clean_url(changes["url"])
    if "events" in changes:
        values["events"] = clean_events(changes["events"])
    if "description" in changes:
        values["description"] = clean_description(changes["description"])
    if "active" in changes:
        if not isinstance(changes["active"], bool):
            raise ValidationError({"active": ["Must be true or false."]})
        values["active"] = changes["active"]
    changed = tuple(field for field, value in values.items() if getattr(current, field) != value)
    if not changed:
        return current, ()
    for field in changed:
        setattr(current, field, values[field])
    fields = [*changed, "update_time"]
    if "active" in changed:
        current.disabled_reason = ""
        current.failing_since = None
        fields += ["disabled_reason", "failing_since"]
    current.save(update_fields=fields)
    if "active" in changed:
        _refresh_namespace_flag(current.namespace_id)
    return current, changed


@transaction.atomic
def webhook_delete(*, webhook: Webhook) -> None:
    """Remove a webhook with its delivery log; its pending deliveries are not sent."""
    namespace_pk = webhook.namespace_id
    Webhook.objects.filter(pk=webhook.pk).delete()
    _refresh_namespace_flag(namespace_pk)


@transaction.atomic
def webhook_rotate_secret(*, webhook: Webhook) -> tuple[Webhook, str]:
    """A new signing secret (returned once); deliveries from now on are signed with it."""
    current = Webhook.objects.select_for_update().select_related("namespace").get(pk=webhook.pk)
    current.secret = new_secret()
    current.save(update_fields=["secret", "update_time"])
    return current, current.secret
