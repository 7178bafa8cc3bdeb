"""A namespace's webhooks over the API: `/v1alpha/namespaces/{ns}/webhooks[/{id}]`.

Create (`url`, optional `events` — every event when omitted — and `description`) answers with
the signing secret, the only time it is shown; `…/rotateSecret` makes a new one. The delivery
log is `…/deliveries`, and `…/deliveries/{id}/redeliver` sends one again. Only the namespace's
owners and admins (a user's own namespace: the user) manage them: 404 to whoever may not know
the namespace exists, 403 to anyone else.
"""

import uuid

from django.core.exceptions import ValidationError
from django.http import JsonResponse

from modelhub.api import patch
from modelhub.api.access import known_namespace
from modelhub.api.auth import api_endpoint, require_user
from modelhub.api.errors import ApiError, InvalidArgument, NotFound
from modelhub.models import Namespace, Webhook, WebhookDelivery, WebhookEvent
from modelhub.permissions import can_manage_webhooks
from modelhub.services.webhooks import (
    delivery_redeliver,
    webhook_create,
    webhook_delete,
    webhook_rotate_secret,
    webhook_update,
)
from modelhub.webhooks.selectors import deliveries_of, webhooks_of

KEYS = {"url": "url", "events": "events", "description": "description", "active": "active"}
LOG_SIZE = 50


def _time(value) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def webhook_json(hook: Webhook, *, namespace_id: str, secret: str | None = None) -> dict:
    data = {
        "name": f"namespaces/{namespace_id}/webhooks/{hook.uid}",
        "id": str(hook.uid),
        "url": hook.url,
        "description": hook.description,
        "events": hook.events or list(WebhookEvent.values),
        "active": hook.active,
        "disabledReason": hook.disabled_reason,
        "failingSince": _time(hook.failing_since),
        "createTime": _time(hook.create_time),
        "updateTime": _time(hook.update_time),
    }
    if secret is not None:
        data["secret"] = secret
    return data


def delivery_json(delivery: WebhookDelivery) -> dict:
    attempts = list(delivery.attempt_log.all())
    last = attempts[0] if attempts else None
    return {
        "id": str(delivery.uid),
        "webhookId": delivery.message_id,
        "event": delivery.event,
        "status": delivery.status.upper(),
        "attempts": delivery.attempts,
        "createTime": _time(delivery.create_time),
        "nextAttemptTime": _time(delivery.next_attempt_time),
        "lastAttempt": None
        if last is None
        else {
            "time": _time(last.create_time),
            "statusCode": last.status_code,
            "error": last.error,
            "durationMs": last.duration_ms,
            "response": last.response_excerpt,
        },
    }


def _managed_namespace(request, namespace_id: str) -> Namespace:
    require_user(request)
    return known_namespace(
        request,
        namespace_id,
        allowed=can_manage_webhooks,
        refusal="Only the namespace's owners and admins manage its webhooks.",
    )


def _uuid(raw: str, what: str) -> uuid.UUID:
    try:
        if len(raw) != 36:
            raise ValueError(raw)
        return uuid.UUID(raw)
    except ValueError:
        raise NotFound(f"{what} {raw[:64]} not found.") from None


def _webhook(namespace: Namespace, webhook_id: str) -> Webhook:
    hook = Webhook.objects.filter(namespace=namespace, uid=_uuid(webhook_id, "Webhook")).first()
    if hook is None:
        raise NotFound(f"Webhook {webhook_id[:64]} not found.")
    return hook


def _fields(request) -> dict:
    body = patch.read_json_object(request)
    if unknown := [key for key in body if key not in KEYS]:
        raise InvalidArgument(
            "Invalid fields: " + ", ".join(k[:64] for k in unknown), [(k[:64], "Unknown field.") for k in unknown]
        )
    return {KEYS[key]: value for key, value in body.items()}


def _refused(exc) -> ApiError:
    violations = [(field, message) for field, messages in exc.message_dict.items() for message in messages]
    return InvalidArgument("Invalid webhook: " + "; ".join(f"{f}: {m}" for f, m in violations), violations)


@api_endpoint("GET", "POST")
def webhook_list(request, namespace_id: str):
    namespace = _managed_namespace(request, namespace_id)
    if request.method == "POST":
        fields = _fields(request)
        if "active" in fields:
            raise InvalidArgument(
                "A new webhook is active; set `active` with an update.", [("active", "Read-only here.")]
            )
        try:
            hook, secret = webhook_create(
                namespace=namespace,
                url=fields.get("url"),
                events=fields.get("events"),
                description=fields.get("description", ""),
                actor=request.user,
            )
        except ValidationError as exc:
            raise _refused(exc) from None
        response = JsonResponse(
            {"webhook": webhook_json(hook, namespace_id=namespace.namespace_id, secret=secret)}, status=201
        )
        response["Location"] = f"/v1alpha/namespaces/{namespace.namespace_id}/webhooks/{hook.uid}"
        return response
    hooks = webhooks_of(namespace)
    return JsonResponse({"webhooks": [webhook_json(h, namespace_id=namespace.namespace_id) for h in hooks]})


@api_endpoint("GET", "PATCH", "DELETE")
def webhook_detail(request, namespace_id: str, webhook_id: str):
    namespace = _managed_namespace(request, namespace_id)
    hook = _webhook(namespace, webhook_id)
    if request.method == "DELETE":
        webhook_delete(webhook=hook)
        return JsonResponse({})
    if request.method == "PATCH":
        fields = _fields(request)
        if not fields:
            raise InvalidArgument("Nothing to update: send url, events, description or active.")
        try:
            hook, _ = webhook_update(webhook=hook, changes=fields)
        except ValidationError as exc:
            raise _refused(exc) from None
    return JsonResponse({"webhook": webhook_json(hook, namespace_id=namespace.namespace_id)})


@api_endpoint("POST")
def webhook_rotate_secret_view(request, namespace_id: str, webhook_id: str):
    namespace = _managed_namespace(request, namespace_id)
    hook, secret = webhook_rotate_secret(webhook=_webhook(namespace, webhook_id))
    return JsonResponse({"webhook": webhook_json(hook, namespace_id=namespace.namespace_id, secret=secret)})


@api_endpoint("GET")
def delivery_list(request, namespace_id: str, webhook_id: str):
    namespace = _managed_namespace(request, namespace_id)
    hook = _webhook(namespace, webhook_id)
    return JsonResponse({"deliveries": [delivery_json(d) for d in deliveries_of(hook)[:LOG_SIZE]]})


@api_endpoint("POST")
def delivery_redeliver_view(request, namespace_id: str, webhook_id: str, delivery_id: str):
    namespace = _managed_namespace(request, namespace_id)
    hook = _webhook(namespace, webhook_id)
    delivery = WebhookDelivery.objects.filter(webhook=hook, uid=_uuid(delivery_id, "Delivery")).first()
    if delivery is None:
        raise NotFound(f"Delivery {delivery_id[:64]} not found.")
    delivery = delivery_redeliver(delivery=delivery)
    return JsonResponse({"delivery": delivery_json(deliveries_of(hook).get(pk=delivery.pk))})
