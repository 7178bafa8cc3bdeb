"""Deleting a model (typed confirmation of its ID), transferring it to another namespace (confirmed on
a page of its own), a namespace's "Deleted models" page and Restore.

Every write goes through modelhub.services.lifecycle. Who may do what:
- Delete: the model's editors (as for the edit page: 404 to those who may not read it, 403 to
  those who may only read it). The POST carries `confirm`, which must equal the model's ID.
- Transfer: the model's editors, to a namespace where they may create models (the choices offer
  no other). The first POST shows what will happen; the one carrying `confirm` moves the model.
- The Deleted models page and Restore: the namespace's editors and staff (moderators,
  superusers). A viewer of the namespace gets 403 (they may know the namespace), anyone else
  404; anonymous callers are sent to log in. Editors restore within the restore window, staff
  at any time until the model is purged (the service decides).
"""

import math
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from modelhub.forms.transfer import TransferForm
from modelhub.models import Namespace
from modelhub.models.aimodels import RESTORE_WINDOW_DAYS
from modelhub.paging import Order
from modelhub.permissions import READ_ROLES, can_edit, is_staff_moderator, sees_purge_records
from modelhub.selectors import (
    aimodel_resolve,
    aimodels_deleted_in,
    namespace_with_role,
    namespaces_editable_by,
    purge_records_of,
)
from modelhub.services.lifecycle import (
    LifecycleRefused,
    aimodel_delete,
    aimodel_restore,
    aimodel_transfer,
    restore_deadline,
)
from modelhub.web.access import editable_aimodel, known_namespace
from modelhub.web.paging import bounded_count, keyset_page, listing_scope

DELETED_PER_PAGE = 50
# The order of the partial index on (namespace, -delete_time, uid) of deleted rows.
MOST_RECENTLY_DELETED = Order("delete_time", descending=True)
PURGED_SHOWN = 50


def _deleted_models_namespace(request, namespace_id: str) -> Namespace:
    """The namespace if the user may see its deleted models.

    404 if they may not know of it, 403 if they may only read it."""
    namespace = known_namespace(request, namespace_id)
    if can_edit(request.user, namespace.caller_role) or is_staff_moderator(request.user):
        return namespace
    if namespace.caller_role in READ_ROLES:
        raise PermissionDenied("Only the namespace's editors and staff see its deleted models.")
    raise Http404("No such namespace.")


def _short(aimodel) -> str:
    return f"{aimodel.namespace.namespace_id}/{aimodel.model_id}"


def deleted_models_url(namespace_id: str) -> str:
    return reverse("namespace-deleted", args=[namespace_id])


def days_left_text(deadline, now) -> str:
    """ "30 days left to restore", "1 day left…", "Less than a day left…" (rounded up to whole days)."""
    left = deadline - now
    if left < timedelta(days=1):
        return "Less than a day left to restore"
    days = math.ceil(left / timedelta(days=1))
    return f"{days} days left to restore" if days != 1 else "1 day left to restore"


@login_required
@require_http_methods(["POST"])
def aimodel_delete_view(request, namespace_id: str, model_id: str):
    """Soft-delete a model once its ID is typed in `confirm`; otherwise a page that asks for it (nothing deleted)."""
    aimodel = editable_aimodel(request, namespace_id, model_id)
    typed = request.POST.get("confirm", "").strip()
    if typed != aimodel.model_id:
        if typed:
            error = f"“{typed[:100]}” is not this model's ID. Nothing was deleted."
        else:
            error = "Type the model's ID to confirm. Nothing was deleted."
        context = {"aimodel": aimodel, "error": error, "typed": typed[:100], "window_days": RESTORE_WINDOW_DAYS}
        return render(request, "modelhub/aimodel_delete.html", context, status=400)
    try:
        aimodel_delete(aimodel=aimodel, actor=request.user, source="web")
    except LifecycleRefused as refusal:
        messages.error(request, refusal.reason)
    else:
        messages.success(
            request,
            f"Deleted {_short(aimodel)}. Its namespace's editors can restore it here for {RESTORE_WINDOW_DAYS} days.",
        )
    return redirect(deleted_models_url(aimodel.namespace.namespace_id))


@login_required
@require_http_methods(["GET"])
def namespace_deleted(request, namespace_id: str):
    """The namespace's deleted models: when and by whom, how long editors may still restore them."""
    namespace = _deleted_models_namespace(request, namespace_id)
    if namespace.namespace_id != namespace_id:
        return HttpResponsePermanentRedirect(deleted_models_url(namespace.namespace_id))
    staff = is_staff_moderator(request.user)
    now = timezone.now()
    deleted = aimodels_deleted_in(namespace)
    page = keyset_page(deleted, request.GET, DELETED_PER_PAGE, MOST_RECENTLY_DELETED, scope=listing_scope(request))
    count, more = bounded_count(deleted)
    rows = []
    for aimodel in page:
        deadline = restore_deadline(aimodel)
        in_window = now <= deadline
        rows.append(
            {
                "aimodel": aimodel,
                "deadline": deadline,
                "in_window": in_window,
                "days_left": days_left_text(deadline, now) if in_window else "",
                "can_restore": staff or in_window,
            }
        )
    purged = None
    if sees_purge_records(request.user, namespace.caller_role):
        purged = list(purge_records_of(namespace)[: PURGED_SHOWN + 1])
    context = {
        "namespace": namespace,
        "page": page,
        "rows": rows,
        "count": count,
        "count_is_more": more,
        "count_label": f"{count:,}+" if more else f"{count:,}",
        "staff": staff,
        "window_days": RESTORE_WINDOW_DAYS,
        "purged": purged[:PURGED_SHOWN] if purged is not None else None,
        "purged_more": purged is not None and len(purged) > PURGED_SHOWN,
        "purged_shown": PURGED_SHOWN,
    }
    return render(request, "modelhub/namespace_deleted.html", context)


@login_required
@require_http_methods(["POST"])
def aimodel_restore_view(request, namespace_id: str, model_id: str):
    """Restore a deleted model of the namespace (through the service), then show it."""
    namespace = _deleted_models_namespace(request, namespace_id)
    aimodel, _ = aimodel_resolve(request.user, namespace.namespace_id, model_id, include_deleted=True)
    if aimodel is None or aimodel.namespace_id != namespace.pk or not aimodel.is_deleted:
        raise Http404("No such deleted model.")
    try:
        aimodel_restore(aimodel=aimodel, actor=request.user, source="web")
    except LifecycleRefused as refusal:
        messages.error(request, refusal.reason)
        return redirect(deleted_models_url(namespace.namespace_id))
    messages.success(request, f"Restored {_short(aimodel)}, with its history.")
    return redirect(aimodel)


def transfer_targets(user, aimodel) -> list[str]:
    """The IDs of the namespaces `user` may move `aimodel` to: where they may create models, but its own."""
    editable = namespaces_editable_by(user).exclude(pk=aimodel.namespace_id).order_by("namespace_id")
    return list(editable.values_list("namespace_id", flat=True).distinct())


def transfer_form(user, aimodel, data=None) -> TransferForm:
    return TransferForm(data, namespace_ids=transfer_targets(user, aimodel), current_id=aimodel.model_id)


@login_required
@require_http_methods(["POST"])
def aimodel_transfer_view(request, namespace_id: str, model_id: str):
    """Move a model to another namespace: a page that says what will happen, then (with `confirm`) the move."""
    aimodel = editable_aimodel(request, namespace_id, model_id)
    form = transfer_form(request.user, aimodel, request.POST)
    if form.is_valid() and form.cleaned_data["confirm"]:
        target = namespace_with_role(request.user, form.cleaned_data["namespace"])
        try:
            moved = aimodel_transfer(
                aimodel=aimodel,
                namespace=target,
                new_model_id=form.cleaned_data["new_model_id"],
                actor=request.user,
                source="web",
            )
        except LifecycleRefused as refusal:
            form.add_error(None, refusal.reason)
        except ValidationError as error:
            for message in error.message_dict.get("model_id", error.messages):
                form.add_error("new_model_id", message)
        else:
            messages.success(
                request,
                f"Moved {namespace_id}/{aimodel.model_id} to {_short(moved)}. "
                "Links to its old address lead here until another model takes that ID.",
            )
            return redirect(moved)
    context = {"aimodel": aimodel, "form": form, "confirming": form.is_valid()}
    return render(request, "modelhub/aimodel_transfer.html", context, status=200 if form.is_valid() else 400)
