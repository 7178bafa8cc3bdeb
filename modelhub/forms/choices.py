"""Choices offered by the model form: hardware per region and license suggestions."""

from django.urls import reverse

from modelhub.models import Hardware, Region

CUSTOM_HARDWARE = "__custom__"
SPDX_SUGGESTIONS = (
    "Apache-2.0", "MIT", "BSD-3-Clause", "BSD-2-Clause", "GPL-3.0-only", "LGPL-3.0-only",
    "MPL-2.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC0-1.0", "OpenRAIL", "Llama-3", "Other",
)  # fmt: skip


def hardware_choices(region: Region | None) -> list[tuple[str, str]]:
    if region is None:
        return [("", "Choose a region first")]
    choices = [(h.value, h.title) for h in Hardware.objects.filter(region=region)]
    if region.allows_custom_hardware:
        choices.append((CUSTOM_HARDWARE, "Custom…"))
    return choices


def wire_hardware_refresh(form) -> None:
    """Choosing a Region refreshes the Hardware options in place (htmx GET of the
    hardware-options endpoint, keeping the chosen hardware if the region has it): the
    same on the edit page, the new-model page and the Django admin. The server still
    checks the pair without JavaScript."""
    region = form.fields["region"].widget
    region = getattr(region, "widget", region)  # the admin wraps it (its add/change links)
    hardware = f"#{form['hardware'].id_for_label}"
    region.attrs.update(
        {
            "hx-get": reverse("hardware-options"),
            "hx-target": hardware,
            "hx-include": hardware,
            "hx-trigger": "change",
            "hx-swap": "innerHTML",
        }
    )
