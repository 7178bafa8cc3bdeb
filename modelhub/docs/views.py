"""The interactive API reference: /docs/api/ (index), one page per operation, its Recent Requests panel."""

import json
from dataclasses import dataclass
from http import HTTPStatus

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from modelhub.api.openapi import document
from modelhub.docs.reference import Operation, operation_by_slug, operations_by_tag
from modelhub.docs.samples import body_rows, code_samples, filled_path, path_values
from modelhub.docs.selectors import (
    free_model_id,
    own_example_model,
    own_namespaces,
    own_organizations,
    own_webhooks,
    recent_requests,
)
from modelhub.docs.user_agents import Client, parse
from modelhub.models import ApiRequest, WebhookDelivery
from modelhub.validators import RFC1034_RE

# Body properties that name a model ID to be taken (create's `id`, rename's `newModelId`): their
# example is replaced by an ID free in the request's namespace, so a Try It does not answer 409.
NEW_MODEL_ID_FIELDS = ("id", "newModelId")


def _operation_or_404(slug: str) -> Operation:
    operation = operation_by_slug(slug)
    if operation is None:
        raise Http404("No such API operation.")
    return operation


def _own_values(user, operation: Operation) -> dict[str, str]:
    """Path values from the user's own namespace, model and organization (by parameter name), if they
    have them; the organization is looked up only for the operations that name one."""
    if not user.is_authenticated:
        return {}
    values = {"user": user.get_username()}
    names_organization = any(field.name == "organization" for field in operation.path_fields)
    if names_organization and (organization := own_organizations(user).values_list("namespace_id", flat=True).first()):
        values["organization"] = organization
    aimodel = own_example_model(user)
    if aimodel is None:
        namespace = own_namespaces(user).first()
        return values | ({"namespace": namespace.namespace_id} if namespace else {})
    uid = str(aimodel.uid)
    values |= {
        "namespace": aimodel.namespace.namespace_id,
        "model": aimodel.model_id,
        "uid": uid,
        "model_uid": uid,
        "definition": aimodel.model_definition_id,
    }
    names = {field.name for field in operation.path_fields}
    webhooks = own_webhooks(user, values["namespace"]) if "webhook" in names else None
    if webhooks is not None and (webhook := webhooks.values_list("uid", flat=True).first()):
        values["webhook"] = str(webhook)
    if webhooks is not None and "delivery" in names:  # her newest delivery, and its webhook
        newest = WebhookDelivery.objects.filter(webhook__in=webhooks).order_by("-create_time").first()
        if newest is not None:
            values |= {"webhook": str(newest.webhook_id), "delivery": str(newest.uid)}
    return values


@dataclass(frozen=True)
class LoggedCall:
    """One row of Recent Requests: the logged request, its client in words, its status's phrase."""

    entry: ApiRequest
    client: Client

    @property
    def phrase(self) -> str:
        try:
            return HTTPStatus(self.entry.status).phrase
        except ValueError:
            return ""


@require_http_methods(["GET"])
def api_index(request):
    """The list of operations; `?operation=<slug>` (the phone's operation menu without JavaScript) opens one."""
    if "operation" in request.GET:
        return redirect("docs-api-operation", _operation_or_404(request.GET["operation"][:100]).slug)
    return render(request, "docs/index.html", {"groups": operations_by_tag(), "info": document()["info"]})


@require_http_methods(["GET"])
def api_operation(request, slug: str):
    """One operation's page. `?namespace=…&model=…` (any path parameter) prefills Try It and the samples."""
    operation = _operation_or_404(slug)
    chosen = {f.name: request.GET[f.name][:100] for f in operation.path_fields if request.GET.get(f.name, "").strip()}
    values = path_values(operation, {**_own_values(request.user, operation), **chosen})
    path = filled_path(operation, values)
    url = request.build_absolute_uri(path)
    body = _body_example(request, operation, values)
    context = {
        "operation": operation,
        "groups": operations_by_tag(),
        "samples": code_samples(operation, url, body),
        "body_example": body,
        "request_path": f"{operation.method} {path}",
        "body_rows": body_rows(body),
        "path_inputs": [(field, values[field.name]) for field in operation.path_fields],
        "api_requests": _recent(request, operation),
    }
    return render(request, "docs/operation.html", context)


def _body_example(request, operation: Operation, values: dict[str, str]) -> str:
    """The document's example body; for a signed-in user, a new model ID in it is one free in the namespace."""
    if not operation.body_example:
        return ""
    body = json.loads(operation.body_example)
    namespace = values.get("namespace")
    if not (request.user.is_authenticated and namespace and isinstance(body, dict)):
        return operation.body_example
    for key in NEW_MODEL_ID_FIELDS:
        if isinstance(body.get(key), str):
            base = f"{values['model']}-v2" if values.get("model") else body[key]
            chosen = free_model_id(request.user, namespace, base)
            body[key] = chosen if RFC1034_RE.match(chosen) else free_model_id(request.user, namespace, body[key])
    return json.dumps(body, indent=2, ensure_ascii=False)


def _recent(request, operation: Operation) -> list[LoggedCall] | None:
    if not request.user.is_authenticated:
        return None
    rows = recent_requests(request.user, operation.method, operation.path_regex)
    return [LoggedCall(entry, parse(entry.user_agent)) for entry in rows]


@require_http_methods(["GET"])
def api_recent_requests(request, slug: str):
    """The Recent Requests panel alone (htmx refreshes it after each Try It)."""
    operation = _operation_or_404(slug)
    context = {"operation": operation, "api_requests": _recent(request, operation)}
    return render(request, "docs/_recent_requests.html", context)
