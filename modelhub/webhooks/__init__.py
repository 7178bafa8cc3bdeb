"""Outbound webhooks: the events of audited changes, their signing and their safe delivery.

- events.py: which audit actions are events, and the payload of one;
- signing.py: Standard Webhooks signatures (`webhook-id`, `webhook-timestamp`, `webhook-signature`);
- outbound.py: the HTTP request, refused for targets that must not be reached (SSRF);
- tasks.py: the task the worker runs (`manage.py db_worker`) to send one delivery.

The writes (webhooks, deliveries, attempts) are in modelhub/services/webhooks.py.
"""
