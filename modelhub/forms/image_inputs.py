"""The model form's image inputs: a new file (checked and normalised by modelhub.images), the
image chosen before a failed save (modelhub.forms.pending_image), and "remove"."""

import math

from django import forms
from django.core.exceptions import ValidationError

from modelhub.forms.pending_image import KEPT_HELP_TEXT, sign_pending_image, unsign_pending_image
from modelhub.forms.sections import with_companions
from modelhub.images import MAX_ENCODED_BYTES, InvalidImage, image_to_data_uri

IMAGE_INPUTS = with_companions(("profile_image",))


class ImageInputs:
    """The cleaning of AIModelForm's image inputs (the form declares the inputs)."""

    pending_image = ""  # a checked image chosen before a failed save, shown in the preview

    def _clean_image_fields(self) -> None:
        for name in IMAGE_INPUTS:
            field, bound = self.fields[name], self[name]
            try:
                args = (bound.data, bound.initial) if isinstance(field, forms.FileField) else (bound.data,)
                self.cleaned_data[name] = field.clean(*args)
                if clean_field := getattr(self, f"clean_{name}", None):
                    self.cleaned_data[name] = clean_field()
            except ValidationError:
                self.cleaned_data[name] = None

    def clean_profile_image(self):
        upload = self.cleaned_data.get("profile_image")
        if not upload or not hasattr(upload, "read"):
            return None  # nothing uploaded (FileField then returns the stored data URI: not a change)
        if upload.size > MAX_ENCODED_BYTES:  # refused before it is read into memory
            mb = math.ceil(upload.size * 10 / (1024 * 1024)) / 10
            raise ValidationError(f"The file is {mb:.1f} MB; at most 10 MB is allowed.")
        try:
            return image_to_data_uri(upload.read())
        except InvalidImage as exc:
            raise ValidationError(str(exc)) from exc

    def clean_pending_profile_image(self):
        try:
            return unsign_pending_image(self.cleaned_data.get("pending_profile_image"))
        except ValidationError as exc:
            self.add_error("profile_image", exc)
            return ""

    def _keep_chosen_image(self, cleaned: dict) -> None:
        """Take back an image chosen before a failed save, and carry the chosen one on (a
        refused new file or "remove" replaces the one chosen before)."""
        pending = cleaned.get("pending_profile_image", "")
        if "profile_image" in self._errors or cleaned.get("remove_profile_image"):
            pending = ""
        chosen = cleaned.get("profile_image") or pending
        if chosen:
            cleaned["profile_image"] = self.pending_image = chosen
            self.fields["profile_image"].help_text = self["profile_image"].help_text = KEPT_HELP_TEXT
        self.data = self.data.copy()
        self.data[self.add_prefix("pending_profile_image")] = sign_pending_image(chosen) if chosen else ""
