"""The webhook and delivery schemas of the OpenAPI document."""

from modelhub.api.openapi_schemas import STR, ref
from modelhub.models import DeliveryStatus, WebhookEvent

UUID_SCHEMA = {"type": "string", "pattern": "^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"}
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
