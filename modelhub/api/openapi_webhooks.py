"""The webhook operations and schemas of the OpenAPI document."""

from modelhub.api.openapi_inputs import NS, param
from modelhub.api.openapi_responses import _errors, _json
from modelhub.api.openapi_schemas import STR, ref
from modelhub.models import DeliveryStatus, WebhookEvent

HOOKS = "/v1alpha/namespaces/{namespace}/webhooks"
HOOK = HOOKS + "/{webhook}"
UUID_SCHEMA = {"type": "string", "pattern": "^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"}
EXAMPLE_WEBHOOK_ID = "6f1c2a9e-3b7d-4c55-9a43-2e8f0d1b7c10"
EXAMPLE_DELIVERY_ID = "0b9e7a52-61f4-4d0e-8c3a-5f2d9e1a7b44"
WEBHOOK = param("webhook", "path", "The webhook's id (a UUID).", UUID_SCHEMA, required=True, example=EXAMPLE_WEBHOOK_ID)
DELIVERY = param(
    "delivery", "path", "The delivery's id (a UUID).", UUID_SCHEMA, required=True, example=EXAMPLE_DELIVERY_ID
)
SECURITY: list[dict[str, list[str]]] = [{"bearerAuth": []}]
NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}
EVENT = {"type": "string", "enum": list(WebhookEvent.values)}
URL = {
    "type": "string",
    "minLength": 1,
    "maxLength": 2048,
    "pattern": r"^https?://[^\s/@]+(/[^\s]*)?$",
    "description": (
        "Where events are POSTed. In production it must not resolve to a loopback, private, link-local or "
        "metadata address (checked now and at every delivery); redirects are not followed."
    ),
}
DESCRIPTION = {
    "type": "string",
    "maxLength": 255,
    "pattern": r"^[^\u0000]*$",
    "description": "What the webhook is for, for the people who manage it.",
}
EVENTS = {
    "type": "array",
    "items": EVENT,
    "uniqueItems": True,
    "description": "The events it receives; every event when omitted or empty.",
}
WHO = (
    "Only the namespace's owners and admins (a user's own namespace: the user) manage its webhooks: 403 to its "
    "other members, 404 to callers who may not know the namespace exists."
)
ERRORS = {
    "403": "Not an owner or admin of the namespace (code 7).",
    "404": "Namespace or webhook missing, or not visible to the caller (code 5).",
}


EXAMPLE_WEBHOOK = {
    "name": f"namespaces/alice/webhooks/{EXAMPLE_WEBHOOK_ID}",
    "id": EXAMPLE_WEBHOOK_ID,
    "url": "https://ci.example.com/modelhub",
    "description": "Redeploy when a model changes",
    "events": ["model.updated", "model.renamed"],
    "active": True,
    "disabledReason": "",
    "failingSince": None,
    "createTime": "2026-01-05T09:30:00Z",
    "updateTime": "2026-01-05T09:30:00Z",
}
EXAMPLE_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
EXAMPLE_DELIVERY = {
    "id": EXAMPLE_DELIVERY_ID,
    "webhookId": "msg_" + EXAMPLE_DELIVERY_ID.replace("-", ""),
    "event": "model.updated",
    "status": "DELIVERED",
    "attempts": 1,
    "createTime": "2026-01-05T10:02:11Z",
    "nextAttemptTime": None,
    "lastAttempt": {
        "time": "2026-01-05T10:02:11Z",
        "statusCode": 200,
        "error": "",
        "durationMs": 84,
        "response": '{"ok": true}',
    },
}


def _errs(*codes: str) -> dict:
    errors = _errors(*codes)
    for code, description in ERRORS.items():
        if code in errors:
            errors[code] = {**errors[code], "description": description}
    return errors


WEBHOOK_SCHEMAS = {
    "Webhook": {
        "type": "object",
        "description": "A webhook: modelhub POSTs each event of the namespace's models to its URL, signed per "
        "Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).",
        "properties": {
            "name": STR,
            "id": STR,
            "url": STR,
            "description": STR,
            "events": {"type": "array", "items": EVENT},
            "active": {"type": "boolean", "description": "False once disabled (by hand, or after failing a day)."},
            "disabledReason": STR,
            "failingSince": NULLABLE_TIME,
            "createTime": {"type": "string", "format": "date-time"},
            "updateTime": {"type": "string", "format": "date-time"},
            "secret": {
                "type": "string",
                "pattern": "^whsec_",
                "description": "The signing secret: only in the answers of create and rotateSecret.",
            },
        },
        "required": ["name", "id", "url", "description", "events", "active", "disabledReason", "createTime"],
        "additionalProperties": False,
    },
    "WebhookCreate": {
        "type": "object",
        "properties": {"url": URL, "events": EVENTS, "description": DESCRIPTION},
        "required": ["url"],
        "additionalProperties": False,
    },
    "WebhookPatch": {
        "type": "object",
        "properties": {
            "url": URL,
            "events": EVENTS,
            "description": DESCRIPTION,
            "active": {"type": "boolean", "description": "true re-enables a disabled webhook."},
        },
        "minProperties": 1,
        "additionalProperties": False,
    },
    "WebhookResponse": {
        "type": "object",
        "properties": {"webhook": ref("Webhook")},
        "required": ["webhook"],
        "additionalProperties": False,
    },
    "ListWebhooksResponse": {
        "type": "object",
        "properties": {"webhooks": {"type": "array", "items": ref("Webhook")}},
        "required": ["webhooks"],
        "additionalProperties": False,
    },
    "DeleteWebhookResponse": {"type": "object", "properties": {}, "additionalProperties": False},
    "WebhookDelivery": {
        "type": "object",
        "description": "One event sent to the webhook, with its latest attempt.",
        "properties": {
            "id": STR,
            "webhookId": {"type": "string", "description": "The webhook-id header: the same on every attempt."},
            "event": EVENT,
            "status": {"type": "string", "enum": [s.upper() for s in DeliveryStatus.values]},
            "attempts": {"type": "integer", "minimum": 0},
            "createTime": {"type": "string", "format": "date-time"},
            "nextAttemptTime": NULLABLE_TIME,
            "lastAttempt": {
                "type": ["object", "null"],
                "properties": {
                    "time": {"type": "string", "format": "date-time"},
                    "statusCode": {"type": ["integer", "null"]},
                    "error": STR,
                    "durationMs": {"type": "integer", "minimum": 0},
                    "response": {"type": "string", "description": "The first KB of the answer."},
                },
                "required": ["time", "statusCode", "error", "durationMs", "response"],
                "additionalProperties": False,
            },
        },
        "required": ["id", "webhookId", "event", "status", "attempts", "createTime", "lastAttempt"],
        "additionalProperties": False,
    },
    "ListWebhookDeliveriesResponse": {
        "type": "object",
        "properties": {"deliveries": {"type": "array", "items": ref("WebhookDelivery")}},
        "required": ["deliveries"],
        "additionalProperties": False,
    },
    "WebhookDeliveryResponse": {
        "type": "object",
        "properties": {"delivery": ref("WebhookDelivery")},
        "required": ["delivery"],
        "additionalProperties": False,
    },
}


def _op(operation_id: str, summary: str, description: str, parameters: list, responses: dict, body=None) -> dict:
    operation = {
        "operationId": operation_id,
        "summary": summary,
        "description": f"{description}\n\n{WHO}",
        "tags": ["Webhook"],
        "security": SECURITY,
        "parameters": parameters,
        "responses": responses,
    }
    if body is not None:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": ref(body)}}}
    return operation


WITH_SECRET = {"webhook": {**EXAMPLE_WEBHOOK, "secret": EXAMPLE_SECRET}}
PENDING = {"delivery": {**EXAMPLE_DELIVERY, "status": "PENDING", "nextAttemptTime": "2026-01-05T11:00:00Z"}}


def webhook_operations() -> dict:
    example = {"url": "https://ci.example.com/modelhub", "events": ["model.updated"], "description": "Redeploy"}
    create = _op(
        "CreateNamespaceWebhook",
        "Create a webhook",
        "Subscribes a URL to the events of the namespace's models. The answer (201) carries the signing "
        "secret (whsec_…); it is shown this once.",
        [NS],
        {
            "201": _json("WebhookResponse", "The webhook, with its secret.", example=WITH_SECRET),
            **_errs("403", "404", "413", "415"),
        },
        "WebhookCreate",
    )
    create["requestBody"]["content"]["application/json"]["example"] = example
    return {
        HOOKS: {
            "get": _op(
                "ListNamespaceWebhooks",
                "List webhooks",
                "The namespace's webhooks (without their secrets).",
                [NS],
                {
                    "200": _json("ListWebhooksResponse", "The webhooks.", example={"webhooks": [EXAMPLE_WEBHOOK]}),
                    **_errs("403", "404"),
                },
            ),
            "post": create,
        },
        HOOK: {
            "get": _op(
                "GetNamespaceWebhook",
                "Get a webhook",
                "One webhook (without its secret); a disabled one says why.",
                [NS, WEBHOOK],
                {
                    "200": _json("WebhookResponse", "The webhook.", example={"webhook": EXAMPLE_WEBHOOK}),
                    **_errs("403", "404"),
                },
            ),
            "patch": _op(
                "UpdateNamespaceWebhook",
                "Update a webhook",
                "Changes its URL, events, description or state (active: true re-enables it).",
                [NS, WEBHOOK],
                {
                    "200": _json("WebhookResponse", "The webhook.", example={"webhook": EXAMPLE_WEBHOOK}),
                    **_errs("403", "404", "413", "415"),
                },
                "WebhookPatch",
            ),
            "delete": _op(
                "DeleteNamespaceWebhook",
                "Delete a webhook",
                "Removes it and its delivery log; its pending deliveries are not sent.",
                [NS, WEBHOOK],
                {"200": _json("DeleteWebhookResponse", "Deleted.", example={}), **_errs("403", "404")},
            ),
        },
        HOOK + "/rotateSecret": {
            "post": _op(
                "RotateNamespaceWebhookSecret",
                "Rotate a webhook's secret",
                "A new signing secret, shown this once; deliveries from now on are signed with it.",
                [NS, WEBHOOK],
                {
                    "200": _json("WebhookResponse", "The webhook, with its new secret.", example=WITH_SECRET),
                    **_errs("403", "404"),
                },
            ),
        },
        HOOK + "/deliveries": {
            "get": _op(
                "ListNamespaceWebhookDeliveries",
                "List a webhook's deliveries",
                "The delivery log, newest first (the latest 50): event, status, attempts and the latest "
                "attempt's time, HTTP status, response time and the first KB of the answer.",
                [NS, WEBHOOK],
                {
                    "200": _json(
                        "ListWebhookDeliveriesResponse", "The deliveries.", example={"deliveries": [EXAMPLE_DELIVERY]}
                    ),
                    **_errs("403", "404"),
                },
            ),
        },
        HOOK + "/deliveries/{delivery}/redeliver": {
            "post": _op(
                "RedeliverNamespaceWebhookDelivery",
                "Redeliver",
                "Sends a delivery again now, with the same webhook-id, and retries it for another day if it fails.",
                [NS, WEBHOOK, DELIVERY],
                {
                    "200": _json("WebhookDeliveryResponse", "The delivery, pending.", example=PENDING),
                    **_errs("403", "404"),
                },
            ),
        },
    }
