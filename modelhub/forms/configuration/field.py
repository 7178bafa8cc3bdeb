"""The Configuration form field: a thin Django shell around ConfigurationEditor.

The field's bound field builds the editor once per form, from the form's chosen model
definition, its value (stored, initial or posted) and the POST data; cleaning asks the
editor for the configuration, rendering renders the editor. The widget keeps no state.
The service (modelhub.rules, with jsonschema) still decides what is valid; its errors are
put back at the inputs they concern (`form["configuration"].editor.explain`).
"""

from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError

from modelhub.forms.configuration.editor import ConfigurationEditor, posted_fields_for
from modelhub.forms.configuration.inputs import MISSING, json_text
from modelhub.forms.configuration.reading import parse_json
from modelhub.models import ModelDefinition


class ConfigurationWidget(forms.Widget):
    use_fieldset = True

    class Media:  # for the Django admin; the site's pages load the script themselves
        js = ("js/configuration_form.js",)

    def id_for_label(self, id_):
        return ""  # the whole editor is a fieldset: its legend names it, each input has its own label

    def render(self, name, value, attrs=None, renderer=None):
        """Outside a form (no definition known): the JSON view only."""
        widget_id = (attrs or {}).get("id") or f"id_{name}"
        return ConfigurationEditor.showing(None, value, name=name).render(widget_id=widget_id)


class ConfigurationBoundField(forms.BoundField):
    """The Configuration field in a form: its editor, built once from the form."""

    @cached_property
    def editor(self) -> ConfigurationEditor:
        form, definition_field = self.form, self.field.definition_field
        instance = getattr(form, "instance", None)
        adding = instance is None or instance._state.adding
        if not form.is_bound:
            return ConfigurationEditor.showing(
                self._definition(form.initial.get(definition_field)) if adding else instance.model_definition,
                self.initial,
                name=self.html_name,
                prefill=adding,
            )
        chosen = (getattr(form, "cleaned_data", None) or {}).get(definition_field)
        if not isinstance(chosen, ModelDefinition):  # not cleaned (yet): the posted choice
            raw = form[definition_field].data
            chosen = instance.model_definition if raw in (None, "") and not adding else self._definition(raw)
        fields_for = posted_fields_for(form.data, self.html_name)
        previous = chosen if chosen is not None and fields_for == chosen.definition_id else self._definition(fields_for)
        return ConfigurationEditor.from_post(form.data, definition=chosen, previous=previous, name=self.html_name)

    @staticmethod
    def _definition(value) -> ModelDefinition | None:
        if isinstance(value, ModelDefinition) or not value:
            return value or None
        return ModelDefinition.objects.filter(definition_id=value).first()

    @property
    def data(self):
        """What cleaning receives: the editor (it has read the post)."""
        return self.editor

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        definition_input = self.form[self.field.definition_field].auto_id or ""
        return self.editor.render(widget_id=self.auto_id or f"id_{self.html_name}", definition_input=definition_input)


class ConfigurationField(forms.Field):
    """A JSON object, edited through inputs generated from the form's chosen definition's schema."""

    widget = ConfigurationWidget
    bound_field_class = ConfigurationBoundField
    default_error_messages = {"required": "This field is required."}

    def __init__(self, *, definition_field: str = "model_definition", **kwargs):
        self.definition_field = definition_field  # the form's field that chooses the model definition
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, (dict, list)):
            return json_text(value)
        return value

    def has_changed(self, initial, data):
        return True  # change detection is done against the loaded state instead

    def clean(self, value):
        if isinstance(value, ConfigurationEditor):
            value = value.configuration()
        elif isinstance(value, str):
            try:
                value = parse_json(value) if value.strip() else MISSING
            except ValueError as exc:
                raise ValidationError(str(exc), code="invalid") from exc
        if value is MISSING or value is None:
            raise ValidationError(self.error_messages["required"], code="required")
        return value
