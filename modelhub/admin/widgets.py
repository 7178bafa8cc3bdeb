"""Widgets of the admin's model form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from modelhub.forms.pending_image import unsign_pending_image


class KeptImageInput(forms.HiddenInput):
    """The hidden input of an image kept from a failed save, shown as a thumbnail in the admin
    (the edit page shows it in its own preview). The row is hidden while it holds none (admin.css)."""

    @property
    def is_hidden(self) -> bool:
        return False  # the admin hides rows of hidden widgets, and with it the thumbnail

    def render(self, name, value, attrs=None, renderer=None):
        hidden = super().render(name, value, attrs, renderer)
        try:
            image = unsign_pending_image(value)
        except ValidationError:
            image = ""
        if not image:
            return hidden
        return format_html(
            '{}<img class="modelhub-thumbnail" src="{}" alt="{}" width="128">',
            hidden,
            image,
            "The image you chose, saved with your next save",
        )
