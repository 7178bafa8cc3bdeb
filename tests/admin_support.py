"""Helpers for the Django admin's tests: its URLs and a change form as a browser would post it back."""

from django.urls import reverse

CHANGELIST = "/admin/modelhub/aimodel/"
ADD = "/admin/modelhub/aimodel/add/"


def change_url(aimodel) -> str:
    return reverse("admin:modelhub_aimodel_change", args=[aimodel.pk])


def form_data(response) -> dict:
    """What a browser would post back from an admin change form, unchanged."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False or name in ("profile_image",):
            continue
        data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management[name].html_name: management[name].value() for name in management.fields})
    return data
