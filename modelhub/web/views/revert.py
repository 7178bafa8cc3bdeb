"""Restore one field's earlier value from a model's history page ("Restore this value").

Editors only (404 to those who may not read the model, 403 to readers). A field changed since
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
from modelhub.services import ConflictError
from modelhub.services.revert import aimodel_revert_field
from modelhub.web.access import editable_aimodel
from modelhub.web.display import catalog_titles
from modelhub.web.history import shown_value


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
