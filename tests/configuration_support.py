"""Schemas and helpers for the Configuration editor's tests: what a browser posts for a form."""

import re
from html.parser import HTMLParser

from django.utils.datastructures import MultiValueDict

from modelhub.demo.cast import DEFINITIONS
from tests.api_support import model_url

DEMO_SPECS = {name: spec["model_spec"] for name, spec in DEFINITIONS.items()}

# Every kind of input the generator makes, a oneOf subtree it does not support, a $ref,
# and keywords it does not know (ignored: jsonschema still validates).
RICH_SPEC = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "x-ui-order": ["name"],
    "properties": {
        "name": {"type": "string", "title": "Display name", "minLength": 1, "maxLength": 40,
                 "description": "Shown in lists"},
        "mode": {"enum": ["fast", "accurate"], "default": "fast"},
        "enabled": {"type": "boolean"},
        "replicas": {"type": "integer", "minimum": 1, "maximum": 8, "default": 1},
        "threshold": {"type": "number", "minimum": 0, "maximum": 1, "multipleOf": 0.05},
        "endpoint": {"type": "string", "format": "uri"},
        "notes": {"type": "string", "maxLength": 5000},
        "labels": {"type": "array", "items": {"type": "string", "minLength": 1}, "uniqueItems": True},
        "auth": {
            "type": "object",
            "title": "Authentication",
            "properties": {"token": {"type": "string", "minLength": 8}, "scheme": {"const": "bearer"}},
            "required": ["token"],
        },
        "backend": {"oneOf": [{"type": "string"}, {"type": "object", "properties": {"url": {"type": "string"}}}]},
        "engine": {"$ref": "#/$defs/engine"},
        "flavour": {"type": "string", "x-widget": "fancy", "examples": ["vanilla"], "deprecated": False},
    },
    "required": ["name", "mode", "auth"],
    "additionalProperties": False,
    "$defs": {"engine": {"type": "string", "enum": ["cpu", "gpu"], "title": "Engine"}},
}  # fmt: skip

RICH_VALUE = {
    "name": "Detector",
    "mode": "accurate",
    "enabled": False,
    "replicas": 3,
    "threshold": 1.0,
    "endpoint": "https://example.com/infer",
    "notes": "line one\nline two",
    "labels": ["cat", "dog"],
    "auth": {"token": "s3cret-token", "scheme": "bearer"},
    "backend": {"url": "http://b"},
    "engine": "gpu",
    "flavour": "",
}


def browser_post(tree) -> MultiValueDict:
    """What a browser posts for the generated inputs of `tree`, unchanged."""
    data = MultiValueDict()
    for node in tree.inputs:
        if node.kind == "fieldset":
            continue
        if node.kind == "checkbox":
            data.appendlist(f"{node.name}#present", "1")
            if node.checked:
                data.appendlist(node.name, "on")
        elif node.kind == "list":
            data.appendlist(f"{node.name}#present", "1")
            for item in [*node.items, ""]:
                data.appendlist(node.name, item.replace("\n", "\r\n"))
        else:
            data.appendlist(node.name, node.text.replace("\n", "\r\n"))  # browsers send textareas with CRLF
    return data


class FormFields(HTMLParser):
    """The successful controls of the first <form method=post> of a page, as a browser without JavaScript submits it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self.buttons: list[tuple[str, str]] = []
        self._in_form = self._done = False
        self._select = self._textarea = None
        self._text: list[str] = []
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self._done:
            return
        if tag == "form" and (a.get("method") or "").lower() == "post" and "logout" not in (a.get("action") or ""):
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name is not None and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind == "submit":
                self.buttons.append((name, a.get("value", "")))
            elif kind != "file":
                self.fields.append((name, a.get("value", "")))
        elif tag == "button" and name is not None and (a.get("type") or "submit") == "submit":
            self.buttons.append((name, a.get("value", "")))
        elif tag == "select" and name is not None:
            self._select, self._options = name, []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and name is not None:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self._in_form:
            self._in_form, self._done = False, True
        elif tag == "select" and self._select is not None:
            chosen = [v for v, selected in self._options if selected] or [v for v, _ in self._options[:1]]
            self.fields.extend((self._select, v) for v in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            text = text[1:] if text.startswith("\n") else text
            self.fields.append((self._textarea, text.replace("\r\n", "\n").replace("\n", "\r\n")))
            self._textarea = None


def page_form(html: str, form_id: str | None = None) -> MultiValueDict:
    """The page's model form as a browser without JavaScript would post it (no button pressed).

    On the settings page each section is its own form: the one holding the Configuration
    editor, or the one with id `form_id`."""
    forms = re.findall(r"<form\b[^>]*>.*?</form>", html, re.S)
    if form_id:
        html = next(form for form in forms if f'id="{form_id}"' in form.split(">", 1)[0])
    elif len([form for form in forms if "data-configuration-editor" in form]) == 1:
        html = next(form for form in forms if "data-configuration-editor" in form)
    parser = FormFields()
    parser.feed(html)
    data = MultiValueDict()
    for name, value in parser.fields:
        data.appendlist(name, value)
    return data


def as_post(data: MultiValueDict) -> dict[str, list[str]]:
    """For django.test.Client.post (a list value posts one field per item)."""
    return {key: data.getlist(key) for key in data}


TITLES = {"container": "Container", "github": "GitHub", "huggingface": "Hugging Face"}


REPO = "configuration.repository"


def stored_configuration(client, aimodel) -> dict:
    """Read back through the API (the browser session works there too)."""
    response = client.get(model_url(aimodel), {"view": "VIEW_FULL"})
    assert response.status_code == 200
    return response.json()["model"]["configuration"]


def input_html(body: str, name: str) -> str:
    """The block of the generated input named `name` (its label, input, help and errors)."""
    match = re.search(rf'<div class="[^"]*" data-configuration-input="{re.escape(name)}">(.*?)\n</div>', body, re.S)
    assert match, f"no input {name}"
    return match.group(1)


def by_name(tree):
    return {node.name: node for node in tree.inputs}
