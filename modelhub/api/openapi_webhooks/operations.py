"""The webhook operations of the OpenAPI document: paths, parameters, examples and the errors
each answers."""

from modelhub.api.openapi_inputs import NS, param
from modelhub.api.openapi_responses import _errors, _json
from modelhub.api.openapi_schemas import ref
from modelhub.api.openapi_webhooks.schemas import UUID_SCHEMA

HOOKS = "/v1alpha/namespaces/{namespace}/webhooks"
HOOK = HOOKS + "/{webhook}"
EXAMPLE_WEBHOOK_ID = "6f1c2a9e-3b7d-4c55-9a43-2e8f0d1b7c10"
EXAMPLE_DELIVERY_ID = "0b9e7a52-61f4-4d0e-8c3a-5f2d9e1a7b44"
WEBHOOK = param("webhook", "path", "The webhook's id (a UUID).", UUID_SCHEMA, required=True, example=EXAMPLE_WEBHOOK_ID)
DELIVERY = param(
    "delivery", "path", "The delivery's id (a UUID).", UUID_SCHEMA, required=True, example=EXAMPLE_DELIVERY_ID
)
SECURITY: list[dict[str, list[str]]] = [{"bearerAuth": []}]
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
