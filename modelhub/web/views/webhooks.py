"""A namespace's Webhooks page: add (the secret is shown once), enable or disable, rotate the
secret, delete, and each webhook's delivery log with Redeliver.

Its owners and admins (a user's own namespace: the user) and superusers manage them; anyone
else who may know the namespace gets 403, everyone else 404. Writes go through
modelhub.services.webhooks.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from modelhub.forms.webhooks import WebhookForm
from modelhub.models import Namespace, Webhook, WebhookDelivery, WebhookEvent
from modelhub.permissions import can_manage_webhooks
from modelhub.services.webhooks import (
    delivery_redeliver,
    webhook_create,
    webhook_delete,
    webhook_rotate_secret,
    webhook_update,
)
from modelhub.web.access import known_namespace
from modelhub.webhooks.selectors import deliveries_of, webhooks_of

DELIVERIES_SHOWN = 20


def _namespace(request, namespace_id: str) -> Namespace:
    return known_namespace(
        request,
        namespace_id,
        allowed=can_manage_webhooks,
        refusal="Only the namespace's owners and admins manage its webhooks.",
    )


def _webhook(namespace: Namespace, webhook_id: str) -> Webhook:
    try:
        hook = Webhook.objects.filter(namespace=namespace, uid=webhook_id).first()
    except ValidationError:
        hook = None
    if hook is None:
        raise Http404("No such webhook.")
    return hook


def webhooks_url(namespace_id: str) -> str:
    return reverse("webhook-list", args=[namespace_id])


def _page(request, namespace: Namespace, *, form=None, new_secret=None, status: int = 200):
    hooks = []
    for hook in webhooks_of(namespace):
        hooks.append(
            {
                "webhook": hook,
                "events": [WebhookEvent(event).label for event in hook.events],
                "deliveries": list(deliveries_of(hook)[:DELIVERIES_SHOWN]),
            }
        )
    context = {
        "namespace": namespace,
        "hooks": hooks,
        "form": form or WebhookForm(action=webhooks_url(namespace.namespace_id)),
        "new_secret": new_secret,
    }
    response = render(request, "modelhub/webhook_list.html", context, status=status)
    if new_secret:
        response["Cache-Control"] = "no-store"  # the secret is in this answer only
    return response


@login_required
@require_http_methods(["GET", "POST"])
def webhook_list(request, namespace_id: str):
    namespace = _namespace(request, namespace_id)
    if request.method == "GET" and namespace.namespace_id != namespace_id:
        return HttpResponsePermanentRedirect(webhooks_url(namespace.namespace_id))
    if request.method == "GET":
        return _page(request, namespace)
    form = WebhookForm(request.POST, action=webhooks_url(namespace.namespace_id))
    if form.is_valid():
        try:
            hook, secret = webhook_create(
                namespace=namespace,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                description=form.cleaned_data["description"],
                actor=request.user,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(
                request, f"Added the webhook for {hook.url}. Copy its secret now: it will not be shown again."
            )
            return _page(request, namespace, new_secret={"webhook": hook, "secret": secret})
    return _page(request, namespace, form=form, status=400)


@login_required
@require_http_methods(["POST"])
def webhook_rotate_view(request, namespace_id: str, webhook_id: str):
    namespace = _namespace(request, namespace_id)
    hook, secret = webhook_rotate_secret(webhook=_webhook(namespace, webhook_id))
    messages.success(request, f"New secret for {hook.url}. Copy it now: it will not be shown again.")
    return _page(request, namespace, new_secret={"webhook": hook, "secret": secret})


@login_required
@require_http_methods(["POST"])
def webhook_active_view(request, namespace_id: str, webhook_id: str):
    namespace = _namespace(request, namespace_id)
    active = request.POST.get("active") == "true"
    hook, _ = webhook_update(webhook=_webhook(namespace, webhook_id), changes={"active": active})
    messages.success(request, f"{'Enabled' if active else 'Disabled'} the webhook for {hook.url}.")
    return redirect(webhooks_url(namespace.namespace_id))


@login_required
@require_http_methods(["POST"])
def webhook_delete_view(request, namespace_id: str, webhook_id: str):
    namespace = _namespace(request, namespace_id)
    hook = _webhook(namespace, webhook_id)
    webhook_delete(webhook=hook)
    messages.success(request, f"Deleted the webhook for {hook.url}.")
    return redirect(webhooks_url(namespace.namespace_id))


@login_required
@require_http_methods(["POST"])
def delivery_redeliver_view(request, namespace_id: str, webhook_id: str, delivery_id: str):
    namespace = _namespace(request, namespace_id)
    hook = _webhook(namespace, webhook_id)
    try:
        delivery = WebhookDelivery.objects.filter(webhook=hook, uid=delivery_id).first()
    except ValidationError:
        delivery = None
    if delivery is None:
        raise Http404("No such delivery.")
    delivery_redeliver(delivery=delivery)
    messages.success(request, f"Sending the {delivery.get_event_display().lower()} event again to {hook.url}.")
    return redirect(webhooks_url(namespace.namespace_id) + f"#webhook-{hook.uid}")
