"""The model form shared by the browser edit page and the Django admin.

The form only parses input. What changed is decided against the values the user
loaded (a signed fingerprint of each field travels in `loaded_state`), so a field
another user changed meanwhile is not overwritten by this user's stale copy, and
every rule is checked by the service (modelhub.rules), the same as for the API.
"""

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.utils import ErrorDict

from modelhub.forms.choices import CUSTOM_HARDWARE, hardware_choices
from modelhub.forms.configuration import ConfigurationField, posted_action
from modelhub.forms.conflicts import conflict_message
from modelhub.forms.fields import TagsField, TypedTextField
from modelhub.forms.image_inputs import ImageInputs
from modelhub.forms.sections import with_companions
from modelhub.models import AIModel, Namespace, Region
from modelhub.models.fields_table import EDITABLE_FIELDS, FIELDS, LABELS
from modelhub.rules import normalize_changes
from modelhub.services import (
    ConflictError,
    UpdateResult,
    aimodel_create,
    aimodel_update,
    fingerprint,
    value_of,
)
from modelhub.validators import ID_RULE, validate_id_in_words

LOADED_STATE_SALT = "modelhub.forms.loaded-state"


class AIModelForm(ImageInputs, forms.ModelForm):
    loaded_state = forms.CharField(widget=forms.HiddenInput, required=False)
    hardware = forms.CharField(widget=forms.Select)
    custom_hardware = forms.CharField(label="Custom hardware", required=False, max_length=63)
    configuration = ConfigurationField()  # inputs generated from the definition's schema
    profile_image = forms.FileField(
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}),
    )
    remove_profile_image = forms.BooleanField(label="Remove the current image", required=False)
    pending_profile_image = forms.CharField(widget=forms.HiddenInput, required=False)
    tags = TagsField()

    class Meta:
        model = AIModel
        fields = list(EDITABLE_FIELDS)
        # Free text is saved as typed, line endings aside (Django would strip a README's final newline).
        field_classes = {"description": TypedTextField, "readme": TypedTextField, "license": TypedTextField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "readme": forms.Textarea(attrs={"rows": 10}),
            "license": forms.TextInput(attrs={"list": "spdx-licenses"}),
        }
        # Django's default message quotes the submitted value, however long it is.
        error_messages = {
            field: {"invalid_choice": "Select a valid choice. That choice is not one of the available choices."}
            for field in ("task", "visibility")
        }

    def __init__(self, *args, namespace: Namespace | None = None, only: tuple[str, ...] | None = None, **kwargs):
        """`only`: the table fields this form reads, checks and saves (a section of the edit
        page); the others are not fields of the form at all, so their posted values are ignored."""
        super().__init__(*args, **kwargs)
        self.namespace = namespace or (None if self.instance._state.adding else self.instance.namespace)
        if self.namespace is None:
            self.fields["namespace"] = forms.ModelChoiceField(Namespace.objects.all(), label="Namespace")
        current_region = None if self.instance._state.adding else self.instance.region_id
        self.fields["region"].queryset = Region.objects.filter(Q(is_active=True) | Q(name=current_region))
        self.fields["region"].label_from_instance = lambda region: region.title or region.name  # titles, not codes
        self.fields["hardware"].widget.choices = hardware_choices(self._selected_region())
        if not self.is_bound and not self.instance._state.adding:
            self.initial["loaded_state"] = self._sign(self._fingerprints(self.instance))
            self._split_custom_hardware()
        for spec in FIELDS:  # the table's words, also on the fields declared above
            self.fields[spec.name].label = spec.label
            self.fields[spec.name].help_text = spec.help_text or self.fields[spec.name].help_text
        # The service checks the ID too (and the API says RFC-1034); the page says the rule in words.
        self.fields["model_id"].validators.append(validate_id_in_words)
        self.fields["model_id"].help_text = ID_RULE
        if only is not None:
            kept = {"loaded_state", *with_companions(only)}
            for name in [name for name in self.fields if name not in kept]:
                del self.fields[name]

    # --- helpers -----------------------------------------------------------------

    def _selected_region(self) -> Region | None:
        name = self.data.get(self.add_prefix("region")) if self.is_bound else None
        if name is None and not self.instance._state.adding:
            name = self.instance.region_id
        if name is None:
            name = self.initial.get("region")
        if isinstance(name, Region):  # the new-model page's initial region
            return name
        return Region.objects.filter(name=name).first() if name else None

    def _split_custom_hardware(self) -> None:
        values = {value for value, _ in self.fields["hardware"].widget.choices}
        if self.instance.hardware and self.instance.hardware not in values and CUSTOM_HARDWARE in values:
            self.initial["hardware"] = CUSTOM_HARDWARE
            self.initial["custom_hardware"] = self.instance.hardware

    @staticmethod
    def _fingerprints(aimodel: AIModel) -> dict[str, str]:
        return {field: fingerprint(value_of(aimodel, field)) for field in EDITABLE_FIELDS}

    def _sign(self, fingerprints: dict[str, str]) -> str:
        return signing.dumps({"uid": str(self.instance.pk), "f": fingerprints}, salt=LOADED_STATE_SALT)

    def loaded_fingerprints(self) -> dict[str, str]:
        """What the user saw when the page was loaded (the current row if unknown)."""
        raw = self.cleaned_data.get("loaded_state") if hasattr(self, "cleaned_data") else None
        if raw:
            payload = signing.loads(raw, salt=LOADED_STATE_SALT)
            if payload.get("uid") == str(self.instance.pk):
                return payload["f"]
        return self._fingerprints(self.instance)

    # --- cleaning ----------------------------------------------------------------

    def editor_action(self) -> str | None:
        """The Configuration editor's button pressed without JavaScript ("Load fields", a view), if any."""
        if not self.is_bound or "configuration" not in self.fields:
            return None
        return posted_action(self.data, self.add_prefix("configuration"))

    def full_clean(self):
        # An editor button asks for other inputs, not for a save: the form is shown again as
        # posted, and nothing is checked or saved; only a chosen image is kept for the save after.
        if self.editor_action():
            self._errors, self.cleaned_data = ErrorDict(), {}
            if "profile_image" in self.fields:
                self._clean_image_fields()
                self._keep_chosen_image(self.cleaned_data)
            self._errors = ErrorDict()
            return
        super().full_clean()

    def is_valid(self):
        return super().is_valid() and not self.editor_action()

    def clean_loaded_state(self):
        raw = self.cleaned_data.get("loaded_state")
        if raw:
            try:
                signing.loads(raw, salt=LOADED_STATE_SALT)
            except signing.BadSignature as exc:
                raise ValidationError("This form is out of date or was altered; reload the page.") from exc
        return raw

    def clean(self):
        cleaned = super().clean()
        if "profile_image" in self.fields:
            self._keep_chosen_image(cleaned)
        if cleaned.get("hardware") == CUSTOM_HARDWARE:
            if not cleaned.get("custom_hardware"):
                self.add_error("custom_hardware", "Enter the name of your custom hardware.")
            cleaned["hardware"] = cleaned.get("custom_hardware", "")
        if cleaned.get("profile_image") and cleaned.get("remove_profile_image"):
            self.add_error(
                "remove_profile_image",
                "Upload a new image or remove the current one, not both.",
            )
        return cleaned

    def _post_clean(self):
        pass  # the model's rules are checked by the service (modelhub.rules), once

    # --- the change set and saving -----------------------------------------------

    def values(self) -> dict:
        """The submitted record, by API field names (foreign keys as their ids)."""
        data = self.cleaned_data
        out = {f: data.get(f) for f in EDITABLE_FIELDS if f not in ("model_definition", "region", "profile_image")}
        out["model_definition"] = data["model_definition"].definition_id if data.get("model_definition") else ""
        out["region"] = data["region"].name if data.get("region") else ""
        out = {f: ("" if v is None and f != "configuration" else v) for f, v in out.items()}
        if data.get("profile_image"):
            out["profile_image"] = data["profile_image"]
        elif data.get("remove_profile_image"):
            out["profile_image"] = ""
        return {f: v for f, v in out.items() if f in self.fields}

    def changes(self) -> dict:
        """The fields this user changed since loading the page, compared as the service
        stores them (line endings normalised: browsers submit textareas with CRLF)."""
        loaded = self.loaded_fingerprints()
        return {f: v for f, v in normalize_changes(self.values()).items() if fingerprint(v) != loaded.get(f)}

    def submit(self, *, actor, source: str, dry_run: bool = False) -> UpdateResult | None:
        """Create or update through the service; on failure, add the errors and return None.

        `dry_run`: the service's checks (rules, conflicts) without the write; the form's
        instance stays as it was."""
        try:
            if self.instance._state.adding:
                created = aimodel_create(
                    namespace=self.namespace or self.cleaned_data["namespace"],
                    data=self.values(),
                    actor=actor,
                    source=source,
                    dry_run=dry_run,
                )
                result = UpdateResult(aimodel=created, changed_fields=tuple(EDITABLE_FIELDS))
            else:
                result = aimodel_update(
                    aimodel=self.instance,
                    changes=self.changes(),
                    actor=actor,
                    source=source,
                    expected=self.loaded_fingerprints(),
                    dry_run=dry_run,
                )
        except ValidationError as exc:
            self._add_service_errors(exc)
            return None
        except ConflictError as exc:
            self._add_conflict_errors(exc)
            return None
        if not dry_run:
            self.instance = result.aimodel
        return result

    def _add_service_errors(self, exc: ValidationError) -> None:
        for field, messages in exc.message_dict.items():
            target = field if field in self.fields else None
            if field == "configuration" and target:
                messages = self["configuration"].editor.explain(messages)
            for message in messages:
                self.add_error(
                    target,
                    message if target else f"{LABELS.get(field, field)}: {message}",
                )

    def _add_conflict_errors(self, exc: ConflictError) -> None:
        loaded, yours = self.loaded_fingerprints(), normalize_changes(self.values())
        for field, theirs in exc.conflicts.items():
            message = conflict_message(
                field, LABELS[field], theirs, yours.get(field), region_name=self.instance.region_id
            )
            self.add_error(field if field in self.fields else None, message)
            loaded[field] = fingerprint(theirs)
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_state")] = self._sign(loaded)
