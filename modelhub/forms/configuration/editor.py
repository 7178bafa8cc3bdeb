"""The Configuration editor as a plain object: what it shows, built from a definition and a value,
or from what a browser posted (no Django form involved).

The page holds ONE template (templates/modelhub/_configuration_fields.html) with both views:
the inputs generated from the definition's `model_spec`, and "Edit as JSON". What the page
showed travels with it (`#shown`: the value, `#view`: the view, `#fields`: the definition the
inputs were made for), so a post says which view the user changed. `#kept` holds what the
user entered for other definitions during the visit, so choosing one again brings it back.

The editor's buttons post `#action`: "load" (the chosen definition's inputs) or a view.
They ask for other inputs and save nothing: the in-place endpoint answers them (with
JavaScript), and without JavaScript the page shows the form again without checking it.
"""

import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from modelhub.forms.configuration.inputs import MISSING, Input, humanize, json_text
from modelhub.forms.configuration.messages import place_errors, place_messages
from modelhub.forms.configuration.reading import MAX_JSON_TEXT_CHARS, parse_json, read_inputs
from modelhub.forms.configuration.schema_walker import build_inputs
from modelhub.forms.configuration.values import canonical, carry_over
from modelhub.models import ModelDefinition

TEMPLATE = "modelhub/_configuration_fields.html"
SHOWN, VIEW, FIELDS_FOR, KEPT, ACTION = "#shown", "#view", "#fields", "#kept", "#action"
VIEWS = ("fields", "json")
LOAD = "load"
MAX_LISTED = 10  # settings named in a notice


def _last(data, key) -> str | None:
    values = data.getlist(key) if hasattr(data, "getlist") else [data[key]] if key in data else []
    return values[-1] if values else None


def _parse_or_missing(text: str | None) -> Any:
    try:
        return parse_json(text) if text and text.strip() else MISSING
    except ValueError:
        return MISSING


def posted_action(data, name: str = "configuration") -> str | None:
    """The editor button a browser pressed ("load", "fields", "json"), or None (a save)."""
    action = _last(data, name + ACTION)
    return action if action in (LOAD, *VIEWS) else None


def posted_fields_for(data, name: str = "configuration") -> str | None:
    """The definition the posted inputs were generated for (None: no inputs were posted)."""
    return _last(data, name + FIELDS_FOR)


def _kept(text: str | None) -> dict[str, Any]:
    kept = _parse_or_missing(text)
    if not isinstance(kept, dict):
        return {}
    return {key: value for key, value in kept.items() if isinstance(key, str)}


def _names(labels: list[str]) -> str:
    shown = labels[:MAX_LISTED] + (["…"] if len(labels) > MAX_LISTED else [])
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _setting_label(key: str, definition: ModelDefinition | None) -> str:
    spec = definition.model_spec if definition is not None else None
    properties = spec.get("properties") if isinstance(spec, dict) else None
    schema = properties.get(key) if isinstance(properties, dict) else None
    title = schema.get("title") if isinstance(schema, dict) else None
    return title if isinstance(title, str) and title else humanize(key)


@dataclass(eq=False)
class ConfigurationEditor:
    """What the Configuration editor shows: the definition's inputs for `value`, the JSON view,
    each problem at its input, and a notice of what was done."""

    name: str
    definition: ModelDefinition | None
    value: Any = MISSING
    view: str = "fields"
    action: str | None = None  # the editor button that was pressed; None when the form was submitted
    notice: str = ""  # what the editor did for the user ("Showing the settings of …")
    problems: list[str] = field(default_factory=list)  # why what was posted cannot be saved as it is
    json_override: str | None = None  # the JSON view's text when it did not parse
    json_errors: list[str] = field(default_factory=list)  # for the JSON view (raw paths kept)
    input_messages: dict[str, str] = field(default_factory=dict)  # input name -> message
    raw_texts: dict[str, str] = field(default_factory=dict)  # input name -> text that did not parse
    kept: dict[str, Any] = field(default_factory=dict)  # definition id -> what was entered for it
    _tree: Input | None = None
    _summary: list[str] = field(default_factory=list)

    # --- building ----------------------------------------------------------------

    @classmethod
    def showing(cls, definition: ModelDefinition | None, value, *, name="configuration", prefill=False):
        """The editor for a stored (or initial) value; `prefill`: a new model gets the defaults."""
        editor = cls(name=name, definition=definition)
        if isinstance(value, str):
            try:
                value = parse_json(value) if value.strip() else MISSING
            except ValueError:
                editor.json_override, editor.view, value = value, "json", MISSING
        if prefill and definition is not None:
            value = carry_over(value, definition.model_spec)
        editor.value = {} if value is MISSING or value is None else value
        return editor

    @classmethod
    def from_post(cls, data, *, definition: ModelDefinition | None, previous: ModelDefinition | None = None,
                  name="configuration"):  # fmt: skip
        """The editor for what a browser posted: the configuration the user meant, and what to show.

        `definition` is the one chosen now; `previous` the one the posted inputs were made for."""
        view = _last(data, name + VIEW)
        editor = cls(
            name=name,
            definition=definition,
            view=view if view in VIEWS else "fields",
            action=posted_action(data, name),
            kept=_kept(_last(data, name + KEPT)),
        )
        text, fields_for = _last(data, name), posted_fields_for(data, name)
        shown = _parse_or_missing(_last(data, name + SHOWN))
        try:
            typed = parse_json(text) if text and text.strip() else MISSING
        except ValueError as exc:
            editor.value, editor.view, editor.json_override = shown, "json", text
            editor.json_errors = editor.problems = [str(exc)]
            return editor
        json_changed = text is not None and canonical(typed) != canonical(shown)
        other_definition = fields_for is not None and (definition is None or fields_for != definition.definition_id)
        if json_changed or fields_for is None:
            editor.value = typed
        elif other_definition:  # the inputs posted belong to the definition chosen before
            tree = build_inputs(previous.model_spec, shown, name=name) if previous is not None else None
            editor.value = read_inputs(tree, data)[0] if tree is not None else shown
        else:
            tree = build_inputs(definition.model_spec, shown, name=name)
            editor.value, editor.input_messages, editor.raw_texts = read_inputs(tree, data)
        if definition is not None and (editor.action == LOAD or (other_definition and not json_changed)):
            editor._load(previous if other_definition else definition)
            if editor.action is None:  # saved without loading the chosen definition's inputs first
                before = f"those of {previous}" if previous is not None else "another definition's"
                editor.problems = [f"The settings shown were {before}: fill in those of {definition}, then save."]
            return editor
        if editor.action in VIEWS and not editor.input_messages:
            editor.view = editor.action
            shown_as = "as JSON" if editor.view == "json" else "as a form"
            editor.notice = f"Showing the configuration {shown_as}. Nothing was saved yet."
        if editor.input_messages:
            editor.view = "fields"
            editor.problems = editor.input_summary
        return editor

    def _load(self, previous: ModelDefinition | None) -> None:
        """Show the chosen definition's inputs: what the user entered for it earlier in the visit,
        else the current value carried over (its defaults for the rest), saying what is left out."""
        definition, entered = self.definition, self.value
        same = previous is not None and previous.definition_id == definition.definition_id
        if previous is not None and not same and entered is not MISSING:
            self.kept[previous.definition_id] = entered
        remembered = self.kept.pop(definition.definition_id, MISSING)
        self.view, self.input_messages, self.raw_texts, self._tree = "fields", {}, {}, None
        if remembered is not MISSING and not same:
            self.value = remembered
            self.notice = f"Showing the settings of {definition} as you left them. Nothing was saved yet."
            return
        self.value = carry_over(entered, definition.model_spec)
        self.notice = f"Showing the settings of {definition}. Nothing was saved yet."
        if same or entered is MISSING:
            return
        if isinstance(entered, dict):
            left = [_setting_label(key, previous) for key in entered if key not in self.value]
            if left and previous is not None:
                self.notice += (
                    f" Not carried over: {_names(left)}, {'a setting' if len(left) == 1 else 'settings'} of "
                    f"{previous} only; choose {previous} again to get {'it' if len(left) == 1 else 'them'} back."
                )
            elif left:
                self.notice += f" Not carried over: {_names(left)}, not settings of {definition}."
        elif entered not in ({}, None):
            self.notice += " The configuration before was not a JSON object: it was not carried over."

    # --- what is saved -------------------------------------------------------------

    def configuration(self) -> Any:
        """The configuration to save; ValidationError (in words) when there is none to save yet."""
        if self.problems:
            raise ValidationError(self.problems, code="invalid")
        return self.value

    def explain(self, messages: list[str]) -> list[str]:
        """The service's configuration errors in words, each put at its input; raw ones kept for the JSON view."""
        if self.definition is None or not isinstance(self.value, dict):
            return messages
        self.json_errors = list(messages)
        from modelhub.rules.configuration import definition_validator

        errors = list(definition_validator(self.definition).iter_errors(self.value))
        if not errors or self.tree is None:
            return messages
        summary = place_errors(self.tree, errors)
        return summary + [message for message in messages if not message.startswith("$")]

    # --- what is shown -------------------------------------------------------------

    @property
    def tree(self) -> Input | None:
        """The generated inputs for `value` (with what did not parse, and each message at its input)."""
        if self._tree is None and self.definition is not None:
            self._tree = build_inputs(self.definition.model_spec, self.value, name=self.name)
            for node in self._tree.inputs:
                if node.name in self.raw_texts:
                    node.text = self.raw_texts[node.name]
            self._summary = place_messages(self._tree, self.input_messages)
        return self._tree

    @property
    def input_summary(self) -> list[str]:
        """ "Label: message" of each input's message."""
        self.tree  # noqa: B018 -- places the messages
        return self._summary

    def kept_text(self) -> str:
        """`kept` as the page carries it, within the JSON text limit (the most recent entries first)."""
        out: dict[str, Any] = {}
        for key, value in reversed(list(self.kept.items())):
            if self.definition is not None and key == self.definition.definition_id:
                continue
            candidate = {key: value, **out}
            if len(json.dumps(candidate, ensure_ascii=False)) > MAX_JSON_TEXT_CHARS:
                break
            out = candidate
        return json.dumps(out, ensure_ascii=False) if out else ""

    def context(self, *, widget_id: str, definition_input: str) -> dict:
        tree = self.tree
        view = self.view if tree is not None else "json"
        return {
            "name": self.name,
            "id": widget_id,
            "url": reverse("configuration-fields"),
            "definition_input": definition_input,
            "definition": self.definition,
            "tree": tree,
            "has_inputs": bool(tree and (tree.kind != "fieldset" or tree.children or tree.other)),
            "view": view,
            "other_view": "json" if view == "fields" else "fields",
            "notice": self.notice,
            "shown_text": canonical(self.value),
            "kept_text": self.kept_text(),
            "json_text": self.json_override if self.json_override is not None else json_text(self.value),
            "json_errors": self.json_errors,
            "names": {"shown": self.name + SHOWN, "view": self.name + VIEW, "fields": self.name + FIELDS_FOR,
                      "kept": self.name + KEPT, "action": self.name + ACTION},
        }  # fmt: skip

    def render(self, *, widget_id: str = "id_configuration", definition_input: str = "id_model_definition") -> str:
        return render_to_string(TEMPLATE, self.context(widget_id=widget_id, definition_input=definition_input))
