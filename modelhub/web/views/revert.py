"""From a model's history page: restore one field's earlier value ("Restore this value"), and
the model as it was after an entry ("View the model at this point").

Restoring is for editors (404 to those who may not read the model, 403 to readers); the view at
a point for whoever may read the history, of an entry they may see there. A field changed since
the entry is refused with a page showing both values and "Restore anyway"; the write goes
through modelhub.services.revert (the one write path, audited as a revert).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from modelhub.forms import LABELS
from modelhub.models import AuditEntry, AuditSource
from modelhub.permissions import can_edit, sees_moderation
from modelhub.selectors import audit_entries_shown_to
from modelhub.services import ConflictError, value_of
from modelhub.services.revert import aimodel_revert_field
from modelhub.web.access import canonical_redirect, editable_aimodel, viewable_aimodel
from modelhub.web.display import catalog_titles
from modelhub.web.history import action_label, shown_value
from modelhub.web.history_point import state_after


@login_required
@require_http_methods(["POST"])
def aimodel_revert_view(request, namespace_id: str, model_id: str, entry_id: int):
    aimodel = editable_aimodel(request, namespace_id, model_id)
    entry = AuditEntry.objects.filter(aimodel=aimodel, pk=entry_id).first()
    if entry is None:
        raise Http404("No such history entry.")
    field = request.POST.get("field", "")[:64]
    label = LABELS.get(field, field.replace("_", " ").capitalize())
    history = reverse("aimodel-history", args=[aimodel.namespace.namespace_id, aimodel.model_id])
    try:
        result = aimodel_revert_field(
            aimodel=aimodel,
            entry=entry,
            field=field,
            actor=request.user,
            source=AuditSource.WEB,
            confirmed=request.POST.get("confirm") == "yes",
        )
    except ConflictError as conflict:
        titles = catalog_titles()
        context = {
            "aimodel": aimodel,
            "entry": entry,
            "field": field,
            "label": label,
            "current": shown_value(field, conflict.conflicts[field], titles, aimodel.region_id),
            "restoring": shown_value(field, entry.changes[field]["old"], titles, aimodel.region_id),
            "history_url": history,
        }
        return render(request, "modelhub/aimodel_revert_conflict.html", context, status=409)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, f"{label} was not restored: {message}")
        return redirect(history)
    if result.changed:
        messages.success(request, f"Restored the earlier {label}.")
    else:
        messages.info(request, f"{label} already has that value; nothing changed.")
    return redirect(history)


@login_required
@require_http_methods(["GET"])
def aimodel_history_point(request, namespace_id: str, model_id: str, entry_id: int):
    """The model as it was after one entry of its history (one the viewer may see)."""
    aimodel = viewable_aimodel(request, namespace_id, model_id)
    if moved := canonical_redirect(request, aimodel):
        return moved
    entries = audit_entries_shown_to(aimodel, sees_moderation=sees_moderation(request.user, aimodel.caller_role))
    entry = entries.filter(pk=entry_id).first()
    if entry is None:
        raise Http404("No such history entry.")
    entry.action_label = action_label(entry.action)
    state = state_after(aimodel, entry)
    titles = catalog_titles()
    now = {field: value_of(aimodel, field) for field in state}
    rows = [
        {
            "field": field,
            "label": LABELS.get(field, field.replace("_", " ").capitalize()),
            "value": shown_value(field, value, titles, state.get("region")),
            "changed": value != now[field],
        }
        for field, value in state.items()
    ]
    editor = can_edit(request.user, aimodel.caller_role)
    context = {"aimodel": aimodel, "entry": entry, "rows": rows, "can_edit": editor}
    return render(request, "modelhub/aimodel_history_point.html", context)
