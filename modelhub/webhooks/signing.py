"""Standard Webhooks signing (https://www.standardwebhooks.com/), with its reference library."""

import base64
import secrets
from datetime import datetime

from standardwebhooks.webhooks import Webhook as StandardWebhook

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    """A signing secret in the `whsec_` + base64 format every Standard Webhooks library reads."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def signed_headers(*, secret: str, message_id: str, timestamp: datetime, body: bytes) -> dict[str, str]:
    """The three headers: `webhook-id` stays the same on every retry (the receiver's idempotency key)."""
    signature = StandardWebhook(secret).sign(msg_id=message_id, timestamp=timestamp, data=body)
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": signature,
    }
