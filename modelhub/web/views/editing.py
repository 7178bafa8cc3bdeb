"""Editing pages: the edit form, the new-model form, and the hardware options of a region (htmx)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from modelhub.forms import (
    CUSTOM_HARDWARE,
    LABELS,
    SPDX_SUGGESTIONS,
    AIModelForm,
    hardware_choices,
    wire_hardware_refresh,
)
from modelhub.forms.sections import SaveGroup, page_sections, save_groups
from modelhub.models import ModelDefinition, Region, Visibility
from modelhub.models.aimodels import RESTORE_WINDOW_DAYS
from modelhub.moderation.selectors import hidden_lock_of
from modelhub.permissions import can_edit
from modelhub.web.access import canonical_redirect, editable_aimodel, image_src, known_namespace
from modelhub.web.markdown import render_markdown
from modelhub.web.views.lifecycle import transfer_form

MAX_README_CHARS = 100_000


def _for_browser(form: AIModelForm) -> AIModelForm:
    """Wire the region dropdown to refresh the hardware options in place (htmx); no "remove" without an image.

    People read titles, not codes ("GCP europe-west4", not REGION_GCP_…); required dropdowns
    offer no "---------"; an over-long ID is refused in words, not cut by the browser."""
    fields = form.fields
    if not form.instance.profile_image and "remove_profile_image" in fields:
        fields["remove_profile_image"].widget = forms.HiddenInput()
    for name in ("model_definition", "region"):
        if name in fields:
            fields[name].empty_label = None
            fields[name].widget.choices = list(iter(fields[name].choices))  # one query (iter: no COUNT)
    for name in ("task", "visibility"):
        if name in fields:
            fields[name].choices = [(value, label) for value, label in fields[name].choices if value != ""]
    if "model_id" in fields:
        fields["model_id"].widget.attrs.pop("maxlength", None)
        fields["model_id"].widget.attrs.setdefault("autocomplete", "off")
    if "tags" in fields:
        fields["tags"].widget.attrs["data-tag-chips"] = ""  # static/js/tag_chips.js shows them as chips
    if "region" in fields and "hardware" in fields:
        wire_hardware_refresh(form)
    return form


def _render_form(request, template: str, form: AIModelForm, *, posted: AIModelForm | None = None, **context):
    """The page; `posted`: a section's form that was not saved, shown as posted among the others."""
    if posted is not None:
        _for_browser(posted)
    sections = page_sections(form, creating=form.instance._state.adding, posted=posted)
    shown = posted if posted is not None else form
    context |= {
        "form": _for_browser(form),
        "shown": shown,
        "sections": sections,
        "license_suggestions": SPDX_SUGGESTIONS,
    }
    context["can_edit"] = True
    return render(request, template, context, status=400 if shown.errors else 200)


def _saved_message(changed_fields: tuple[str, ...], *, old_id: str, new_id: str) -> str:
    """What a save did, as a person says it: the rename in its own words, then the other fields."""
    if not changed_fields:
        return "Nothing changed; nothing was saved."
    said = []
    if "model_id" in changed_fields:
        said.append(f"Renamed {old_id} to {new_id}; the old address redirects.")
    others = [field for field in changed_fields if field != "model_id"]
    if others:
        in_form_order = sorted(others, key=lambda field: list(LABELS).index(field) if field in LABELS else 99)
        said.append("Saved: " + ", ".join(LABELS.get(field, field) for field in in_form_order) + ".")
    return " ".join(said)


def _render_edit(request, form: AIModelForm, aimodel, *, posted=None, failed_anchor="", saved=None):
    context = {
        "aimodel": aimodel,
        "image_src": image_src(aimodel),
        "window_days": RESTORE_WINDOW_DAYS,
        "hidden_lock": hidden_lock_of(aimodel),
        "transfer_form": transfer_form(request.user, aimodel),
        "saved": saved,
        "failed_anchor": failed_anchor,
    }
    return _render_form(request, "modelhub/aimodel_edit.html", form, posted=posted, **context)


SAVED_SESSION_KEY = "modelhub.settings-saved"


def _section_saved_message(group: SaveGroup, result, *, old_id: str) -> str:
    aimodel = result.aimodel
    name = f"{aimodel.namespace.namespace_id}/{aimodel.model_id}"
    if not result.changed_fields:
        return f"Nothing changed in {group.title}; nothing was saved."
    if "model_id" in result.changed_fields:
        return f"Renamed {aimodel.namespace.namespace_id}/{old_id} to {name}; the old address redirects."
    labels = ", ".join(LABELS[field] for field in group.fields if field in result.changed_fields)
    if group.fields == (group.key,):
        return f"Saved {group.title} of {name}."
    return f"Saved {group.title} settings of {name}: {labels}."


def _save_section(request, aimodel, group: SaveGroup):
    """One section's Save: only its fields are read, checked and written; back to that section."""
    old_id = aimodel.model_id
    posted = AIModelForm(request.POST, request.FILES, instance=aimodel, only=group.fields)
    result = posted.submit(actor=request.user, source="web") if posted.is_valid() else None
    if result is None:
        form = AIModelForm(instance=aimodel)
        return _render_edit(request, form, aimodel, posted=posted, failed_anchor=group.anchor)
    text = _section_saved_message(group, result, old_id=old_id)
    # Said inside the section the page returns to (the page's top is scrolled out of view).
    request.session[SAVED_SESSION_KEY] = {"uid": str(result.aimodel.pk), "anchor": group.anchor, "text": text}
    edit_url = reverse("aimodel-edit", args=[result.aimodel.namespace.namespace_id, result.aimodel.model_id])
    return redirect(f"{edit_url}#{group.anchor}")


@login_required
@require_http_methods(["GET", "POST"])
def aimodel_edit(request, namespace_id: str, model_id: str):
    aimodel = editable_aimodel(request, namespace_id, model_id)
    if moved := canonical_redirect(request, aimodel):
        return moved
    if request.method == "GET":
        form = AIModelForm(instance=aimodel)
        saved = request.session.pop(SAVED_SESSION_KEY, None)
        if saved and saved.get("uid") != str(aimodel.pk):  # said on that model's page only
            saved = None
        return _render_edit(request, form, aimodel, saved=saved)
    if group := save_groups().get(request.POST.get("section", "")):
        return _save_section(request, aimodel, group)
    # A post of the whole form (as before sections saved on their own): every field.
    old_id = aimodel.model_id
    form = AIModelForm(request.POST, request.FILES, instance=aimodel)
    result = form.submit(actor=request.user, source="web") if form.is_valid() else None
    if result is None:
        return _render_edit(request, form, aimodel)
    messages.success(request, _saved_message(result.changed_fields, old_id=old_id, new_id=result.aimodel.model_id))
    return redirect(result.aimodel)


def _new_model_initial() -> dict:
    region = Region.objects.filter(is_active=True).first()
    definition = ModelDefinition.objects.filter(definition_id="container").first() or ModelDefinition.objects.first()
    return {
        "region": region,
        "model_definition": definition,
        "configuration": {},
        "visibility": Visibility.PRIVATE,  # nothing is published by accident
    }


@login_required
@require_http_methods(["GET", "POST"])
def aimodel_new(request, namespace_id: str):
    namespace = known_namespace(request, namespace_id)  # 404 where the user sees nothing
    if not can_edit(request.user, namespace.caller_role):
        raise PermissionDenied("You may not create models in this namespace.")
    if request.method == "GET":
        form = AIModelForm(namespace=namespace, initial=_new_model_initial())
        return _render_form(request, "modelhub/aimodel_new.html", form, namespace=namespace)
    form = AIModelForm(request.POST, request.FILES, namespace=namespace)
    result = form.submit(actor=request.user, source="web") if form.is_valid() else None
    if result is None:
        return _render_form(request, "modelhub/aimodel_new.html", form, namespace=namespace)
    messages.success(request, f"Created {result.aimodel.model_id} in {namespace.namespace_id}.")
    return redirect(result.aimodel)


@require_http_methods(["GET"])
def hardware_options(request):
    """The <option>s of the Hardware dropdown for ?region=, keeping ?hardware= selected if it still applies."""
    region = Region.objects.filter(name=request.GET.get("region", ""), is_active=True).first()
    choices = hardware_choices(region)
    current = request.GET.get("hardware", "")
    values = [value for value, _ in choices]
    selected = current if current in values else values[0] if region else ""
    context = {"choices": choices, "selected": selected, "custom": CUSTOM_HARDWARE}
    return render(request, "modelhub/_hardware_options.html", context)


@login_required
@require_http_methods(["POST"])
def readme_preview(request):
    """The README as the model page will show it: rendered and sanitised by the page's own renderer (htmx)."""
    text = request.POST.get("readme", "")
    if len(text) > MAX_README_CHARS:
        message = f"The README has {len(text):,} characters; at most {MAX_README_CHARS:,} are allowed."
        return render(request, "modelhub/_readme_preview.html", {"error": message})
    return render(request, "modelhub/_readme_preview.html", {"readme_html": render_markdown(text)})
