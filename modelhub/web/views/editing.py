"""Editing pages: the edit form, the new-model form, and the hardware options of a region (htmx)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from modelhub.forms import (
    CUSTOM_HARDWARE,
    LABELS,
    SPDX_SUGGESTIONS,
    AIModelForm,
    hardware_choices,
    wire_hardware_refresh,
)
from modelhub.models import ModelDefinition, Region, Visibility
from modelhub.models.aimodels import RESTORE_WINDOW_DAYS
from modelhub.permissions import can_edit
from modelhub.selectors import namespace_by_id, role_in_namespace
from modelhub.web.access import canonical_redirect, editable_aimodel, image_src
from modelhub.web.markdown import render_markdown
from modelhub.web.views.lifecycle import transfer_form

MAX_README_CHARS = 100_000


def _for_browser(form: AIModelForm) -> AIModelForm:
    """Wire the region dropdown to refresh the hardware options in place (htmx); no "remove" without an image.

    People read titles, not codes ("GCP europe-west4", not REGION_GCP_…); required dropdowns
    offer no "---------"; an over-long ID is refused in words, not cut by the browser."""
    if not form.instance.profile_image:
        form.fields["remove_profile_image"].widget = forms.HiddenInput()
    for name in ("model_definition", "region"):
        form.fields[name].empty_label = None
        form.fields[name].widget.choices = list(iter(form.fields[name].choices))  # one query (iter: no COUNT)
    for name in ("task", "visibility"):
        form.fields[name].choices = [(value, label) for value, label in form.fields[name].choices if value != ""]
    form.fields["model_id"].widget.attrs.pop("maxlength", None)
    form.fields["model_id"].widget.attrs.setdefault("autocomplete", "off")
    wire_hardware_refresh(form)
    return form


def _render_form(request, template: str, form: AIModelForm, **context):
    context |= {"form": _for_browser(form), "license_suggestions": SPDX_SUGGESTIONS, "can_edit": True}
    return render(request, template, context, status=400 if form.is_bound else 200)


def _saved_message(changed_fields: tuple[str, ...]) -> str:
    if not changed_fields:
        return "Nothing changed; nothing was saved."
    in_form_order = sorted(changed_fields, key=lambda field: list(LABELS).index(field) if field in LABELS else 99)
    return "Saved: " + ", ".join(LABELS.get(field, field) for field in in_form_order) + "."


def _render_edit(request, form: AIModelForm, aimodel):
    context = {
        "aimodel": aimodel,
        "image_src": image_src(aimodel),
        "window_days": RESTORE_WINDOW_DAYS,
        "transfer_form": transfer_form(request.user, aimodel),
    }
    return _render_form(request, "modelhub/aimodel_edit.html", form, **context)


@login_required
@require_http_methods(["GET", "POST"])
def aimodel_edit(request, namespace_id: str, model_id: str):
    aimodel = editable_aimodel(request, namespace_id, model_id)
    if moved := canonical_redirect(request, aimodel):
        return moved
    if request.method == "GET":
        form = AIModelForm(instance=aimodel)
        return _render_edit(request, form, aimodel)
    form = AIModelForm(request.POST, request.FILES, instance=aimodel)
    result = form.submit(actor=request.user, source="web") if form.is_valid() else None
    if result is None:
        return _render_edit(request, form, aimodel)
    messages.success(request, _saved_message(result.changed_fields))
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
    namespace = namespace_by_id(namespace_id)
    if namespace is None:
        raise Http404("No such namespace.")
    if not can_edit(request.user, role_in_namespace(request.user, namespace)):
        raise PermissionDenied("You may not create models in this namespace.")
    if request.method == "GET":
        form = AIModelForm(namespace=namespace, initial=_new_model_initial())
        return _render_form(request, "modelhub/aimodel_new.html", form, namespace=namespace)
    form = AIModelForm(request.POST, request.FILES, namespace=namespace)
    result = form.submit(actor=request.user, source="web") if form.is_valid() else None
    if result is None:
        return _render_form(request, "modelhub/aimodel_new.html", form, namespace=namespace)
    messages.success(request, f"Created {result.aimodel.name}.")
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
