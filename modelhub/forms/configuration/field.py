"""The Configuration form field: inputs generated from the definition's `model_spec`, and JSON.

The widget renders ONE template (templates/modelhub/_configuration_fields.html) holding
both views: the generated inputs and "Edit as JSON". Both are posted with the value they
showed (`#shown`); the field takes the view the user changed (the JSON view when its text
no longer says the shown value, else the inputs). Two submit buttons work without
JavaScript and save nothing: "Load fields" (show the chosen definition's inputs) and the
view switch. The service (modelhub.rules, with jsonschema) still decides what is valid;
its errors are put back at the inputs they concern (`explain`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from modelhub.forms.configuration.inputs import MISSING, Input, build_inputs, json_text
from modelhub.forms.configuration.messages import place_errors, place_messages
from modelhub.forms.configuration.reading import parse_json, read_inputs
from modelhub.forms.configuration.values import canonical, carry_over
from modelhub.models import ModelDefinition

TEMPLATE = "modelhub/_configuration_fields.html"
SHOWN, VIEW, FIELDS_FOR, SWITCH, LOAD = "#shown", "#view", "#fields", "#switch", "#load"
VIEWS = ("fields", "json")


@dataclass
class Submission:
    """What a browser posted for the Configuration field (both views, and the buttons)."""

    name: str
    json_text: str | None
    shown_text: str | None
    fields_for: str | None  # the definition the posted inputs were generated for (None: no inputs posted)
    view: str
    switch: str | None
    load: bool
    data: Any


@dataclass
class EditorState:
    """What the editor shows: the definition's inputs for `value`, the JSON view, errors."""

    name: str
    definition: ModelDefinition | None
    value: Any = MISSING
    view: str = "fields"
    json_override: str | None = None  # the JSON view's text when it did not parse
    json_errors: list[str] = field(default_factory=list)  # for the JSON view (raw paths kept)
    input_messages: dict[str, str] = field(default_factory=dict)  # input name -> message
    raw_texts: dict[str, str] = field(default_factory=dict)  # input name -> text that did not parse
    input_summary: list[str] = field(default_factory=list)  # "Label: message" of input_messages
    _tree: Input | None = None

    @property
    def tree(self) -> Input | None:
        if self._tree is None and self.definition is not None:
            self._tree = build_inputs(self.definition.model_spec, self.value, name=self.name)
            for node in self._tree.inputs:
                if node.name in self.raw_texts:
                    node.text = self.raw_texts[node.name]
            self.input_summary = place_messages(self._tree, self.input_messages)
        return self._tree

    def context(self, widget_id: str, url: str, definition_input: str) -> dict:
        tree = self.tree
        return {
            "name": self.name,
            "id": widget_id,
            "url": url,
            "definition_input": definition_input,
            "definition": self.definition,
            "tree": tree,
            "has_inputs": bool(tree and (tree.kind != "fieldset" or tree.children or tree.other)),
            "view": self.view if tree is not None else "json",
            "other_view": "json" if self.view == "fields" else "fields",
            "shown_text": canonical(self.value),
            "json_text": self.json_override if self.json_override is not None else json_text(self.value),
            "json_errors": self.json_errors,
            "names": {"shown": self.name + SHOWN, "view": self.name + VIEW, "fields": self.name + FIELDS_FOR,
                      "switch": self.name + SWITCH, "load": self.name + LOAD},
        }  # fmt: skip


class ConfigurationWidget(forms.Widget):
    use_fieldset = True

    class Media:  # for the Django admin; the site's pages load the script themselves
        js = ("js/configuration_form.js",)

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.state: EditorState | None = None
        self.select_definition: Callable[[], ModelDefinition | None] = lambda: None
        self.adding = False  # a new model: defaults are prefilled
        self.definition_input = "id_model_definition"

    def value_from_datadict(self, data, files, name):
        def one(key):
            values = data.getlist(key) if hasattr(data, "getlist") else [data[key]] if key in data else []
            return values[-1] if values else None

        view = one(name + VIEW)
        return Submission(
            name=name,
            json_text=one(name),
            shown_text=one(name + SHOWN),
            fields_for=one(name + FIELDS_FOR),
            view=view if view in VIEWS else "fields",
            switch=one(name + SWITCH),
            load=one(name + LOAD) is not None,
            data=data,
        )

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + FIELDS_FOR not in data

    def id_for_label(self, id_):
        return ""  # the whole editor is a fieldset: its legend names it, each input has its own label

    def initial_state(self, name: str, value) -> EditorState:
        definition = self.select_definition()
        state = EditorState(name=name, definition=definition)
        if isinstance(value, Submission):
            value = value.shown_text
        if isinstance(value, str):
            try:
                value = parse_json(value) if value.strip() else MISSING
            except ValueError:
                state.json_override, state.view = value, "json"
                value = MISSING
        if self.adding and definition is not None:
            value = carry_over(value, definition.model_spec)
        state.value = {} if value is MISSING or value is None else value
        return state

    def render(self, name, value, attrs=None, renderer=None):
        state = self.state if self.state is not None and self.state.name == name else self.initial_state(name, value)
        widget_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        context = state.context(widget_id, reverse("configuration-fields"), self.definition_input)
        return render_to_string(TEMPLATE, context)


class ConfigurationField(forms.Field):
    """A JSON object, edited through inputs generated from the selected definition's schema."""

    widget = ConfigurationWidget
    default_error_messages = {"required": "This field is required."}

    def prepare_value(self, value):
        if isinstance(value, (dict, list)):
            return json_text(value)  # the JSON view's text (what a plain client posts back)
        return value

    def bound_data(self, data, initial):
        return data

    def has_changed(self, initial, data):
        return True  # change detection is done against the loaded state instead

    def clean(self, value):
        value = self._resolve(value)
        if value is MISSING or value is None:
            raise ValidationError(self.error_messages["required"], code="required")
        return value

    def _resolve(self, submission):
        """The configuration the user meant; raises (and keeps what to show) when nothing is to be saved."""
        widget: ConfigurationWidget = self.widget
        if not isinstance(submission, Submission):
            widget.state = widget.initial_state("configuration", submission)
            return widget.state.value
        definition = widget.select_definition()
        state = widget.state = EditorState(name=submission.name, definition=definition, view=submission.view)
        try:
            shown = parse_json(submission.shown_text) if submission.shown_text else MISSING
        except ValueError:
            shown = MISSING
        state.value = shown
        text = submission.json_text
        try:
            typed = parse_json(text) if text and text.strip() else MISSING
        except ValueError as exc:
            state.view, state.json_override, state.json_errors = "json", text, [str(exc)]
            raise ValidationError(str(exc), code="invalid") from exc
        json_changed = text is not None and canonical(typed) != canonical(shown)
        other_definition = submission.fields_for is not None and (
            definition is None or submission.fields_for != definition.definition_id
        )
        if json_changed or submission.fields_for is None:
            value = typed
        elif other_definition:
            value = shown  # the inputs posted belong to the definition chosen before
        else:
            value, state.input_messages, state.raw_texts = read_inputs(state.tree, submission.data)
            state._tree = None  # shown again for the value read (with what did not parse)
        state.value = value
        if definition is not None and (submission.load or (other_definition and not json_changed)):
            state.value, state.view = carry_over(value, definition.model_spec), "fields"
            state.input_messages, state.raw_texts = {}, {}
            raise ValidationError(
                "Showing the settings of %(title)s. Nothing was saved yet: fill them in, then save.",
                params={"title": definition}, code="reload",
            )  # fmt: skip
        if submission.switch in VIEWS and not state.input_messages:
            state.view = submission.switch
            raise ValidationError("Nothing was saved yet: switched the view of Configuration.", code="switch")
        if state.input_messages:
            state.view = "fields"
            state.tree  # noqa: B018 -- builds the inputs, placing each message at its input
            raise ValidationError(state.input_summary, code="invalid")
        return value

    def explain(self, messages: list[str]) -> list[str]:
        """The service's configuration errors in words, each put at its input; raw ones kept for the JSON view."""
        state = self.widget.state
        if state is None or state.definition is None or not isinstance(state.value, dict):
            return messages
        state.json_errors = list(messages)
        from modelhub.rules import definition_validator

        errors = list(definition_validator(state.definition).iter_errors(state.value))
        if not errors or state.tree is None:
            return messages
        summary = place_errors(state.tree, errors)
        return summary + [message for message in messages if not message.startswith("$")]
