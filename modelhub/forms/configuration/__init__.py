"""The Configuration editor: a form generated from a model definition's JSON Schema.

- inputs: schema + value -> a tree of input descriptors (pure)
- reading: POSTed input values -> the configuration (pure)
- messages: jsonschema errors -> the input they concern, in words (pure)
- values: defaults, moving a value to another definition (pure)
- field: the Django field and widget (one template, both views), and `attach_configuration_editor`
"""

from django import forms

from modelhub.forms.configuration.field import ConfigurationField, ConfigurationWidget, EditorState, Submission
from modelhub.forms.configuration.inputs import MISSING, Input, build_inputs
from modelhub.forms.configuration.messages import place_errors
from modelhub.forms.configuration.reading import read_inputs
from modelhub.forms.configuration.values import carry_over, defaults
from modelhub.models import ModelDefinition


def attach_configuration_editor(form: forms.BaseForm, *, name="configuration", definition_field="model_definition"):
    """Let `form`'s Configuration field generate its inputs from the model definition the form has selected."""
    widget: ConfigurationWidget = form.fields[name].widget
    instance = getattr(form, "instance", None)
    adding = instance is None or instance._state.adding
    widget.adding = adding and not form.is_bound
    widget.definition_input = form[definition_field].auto_id or ""

    def selected() -> ModelDefinition | None:
        cleaned = getattr(form, "cleaned_data", None) or {}
        if isinstance(cleaned.get(definition_field), ModelDefinition):
            return cleaned[definition_field]
        if not adding:
            return instance.model_definition
        initial = form.initial.get(definition_field)
        if isinstance(initial, ModelDefinition):
            return initial
        return ModelDefinition.objects.filter(definition_id=initial).first() if initial else None

    widget.select_definition = selected


__all__ = [
    "MISSING",
    "ConfigurationField",
    "ConfigurationWidget",
    "EditorState",
    "Input",
    "Submission",
    "attach_configuration_editor",
    "build_inputs",
    "carry_over",
    "defaults",
    "place_errors",
    "read_inputs",
]
