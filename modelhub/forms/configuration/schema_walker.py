"""Turn a Draft 2020-12 JSON Schema and a value into a tree of form inputs (pure; no Django).

Each node says how one part of the configuration is edited: an object is a fieldset of
its properties (in schema order), `enum`/`const` a select, `boolean` a checkbox,
`integer`/`number` a number input, `string` a text, URL or multi-line input, an array of
scalars a list of inputs. Anything else (`oneOf`, `anyOf`, `patternProperties`, a `$ref`
that cannot be resolved, arrays of objects, a stored value of another type than the
schema says, ...) is edited as JSON, for that subtree only, so no data is ever dropped.
Keywords this module does not know (`examples`, `x-order`, ...) are ignored: they do not
change the shape of the value, and jsonschema (the authority) still validates it.
"""

import json
import math
import re
from typing import Any

from modelhub.forms.configuration.hints import is_number, number_hints, number_text, string_hints
from modelhub.forms.configuration.inputs import MISSING, Input, Option, escape_name, humanize, json_text

# Keywords that make the shape of a value depend on something a fixed set of inputs
# cannot express: their subtree is edited as JSON.
SHAPE_KEYWORDS = frozenset(
    {
        "oneOf", "anyOf", "allOf", "not", "if", "then", "else", "dependentSchemas",
        "patternProperties", "prefixItems", "unevaluatedProperties", "unevaluatedItems",
        "$dynamicRef", "$recursiveRef",
    }
)  # fmt: skip
SCALAR_TYPES = ("string", "integer", "number", "boolean")
MAX_DEPTH = 8  # nested objects deeper than this are edited as JSON
LONG_TEXT = 200  # a string that may be longer than this gets a textarea
TEXTAREA_FORMATS = frozenset({"textarea", "multiline", "markdown"})
URL_FORMATS = frozenset({"uri", "url", "iri", "uri-reference", "iri-reference"})


class SchemaWalker:
    def __init__(self, root_schema):
        self.root = root_schema

    def resolve(self, schema, seen=()):
        """Follow a local `$ref` (#/$defs/x, #/definitions/x); None if it cannot be followed."""
        while isinstance(schema, dict) and "$ref" in schema:
            ref = schema["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#") or ref in seen or len(seen) > 16:
                return None
            seen = (*seen, ref)
            target = self.root
            for part in filter(None, ref[1:].split("/")):
                part = part.replace("~1", "/").replace("~0", "~")
                if not isinstance(target, dict) or part not in target:
                    return None
                target = target[part]
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            if not isinstance(target, dict):
                return None if siblings else target
            schema = {**target, **siblings}
        return schema

    def build(self, schema, value, *, name, path, label, required, depth) -> Input:
        node = Input(kind="json", name=name, path=path, label=label, required=required, value=value, depth=depth)
        schema = self.resolve(schema)
        if schema is None:
            return self._json(node, "its $ref cannot be followed")
        if not isinstance(schema, dict):
            return self._json(node, "its schema allows any value" if schema is True else "its schema allows no value")
        node.label = schema.get("title") if isinstance(schema.get("title"), str) and schema["title"] else label
        node.help = schema["description"] if isinstance(schema.get("description"), str) else ""
        if shape := sorted(SHAPE_KEYWORDS & set(schema)):
            return self._json(node, f"the form cannot show {', '.join(shape)}")
        if "const" in schema or "enum" in schema:
            return self._select(node, schema)
        kind = self._type(schema)
        if kind == "object":
            if depth >= MAX_DEPTH:
                return self._json(node, "it is nested too deeply")
            return self._object(node, schema, depth)
        if kind == "array":
            return self._array(node, schema)
        if kind in SCALAR_TYPES:
            return self._scalar(node, schema, kind)
        return self._json(node, "its type is not one the form can show")

    @staticmethod
    def _type(schema) -> str | None:
        kind = schema.get("type")
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            kind = kinds[0] if len(kinds) == 1 and len(kind) <= 2 else None
        if kind is None and "properties" in schema:
            kind = "object"
        return kind if isinstance(kind, str) else None

    @staticmethod
    def _json(node: Input, reason: str) -> Input:
        node.kind, node.reason, node.text = "json", reason, json_text(node.value)
        node.children, node.other = [], None
        return node

    def _select(self, node: Input, schema) -> Input:
        choices = [schema["const"]] if "const" in schema else schema["enum"]
        if not isinstance(choices, list) or not choices:
            return self._json(node, "its list of choices is empty")
        node.kind = "select"
        tokens = {}  # option value -> choice, in schema order
        for choice in choices:
            tokens.setdefault(json.dumps(choice, sort_keys=True), choice)
        current = MISSING if node.value is MISSING else json.dumps(node.value, sort_keys=True)
        node.options = [Option("", "Choose…" if node.required else "—", current is MISSING)]
        node.options += [Option(token, _choice_label(choice), token == current) for token, choice in tokens.items()]
        if current is not MISSING and current not in tokens:
            tokens[current] = node.value  # a stored value the schema no longer offers: kept, and shown
            node.options.append(Option(current, f"{_choice_label(node.value)} (current value)", True))
        node.choices = tokens
        node.text = "" if current is MISSING else current
        return node

    def _object(self, node: Input, schema, depth) -> Input:
        value = {} if node.value is MISSING else node.value
        if not isinstance(value, dict):
            return self._json(node, "the stored value is not an object")
        properties = schema.get("properties", {})
        if not isinstance(properties, dict):
            return self._json(node, "its properties are not a mapping")
        required_list = [key for key in schema.get("required", []) if key in properties] if isinstance(
            schema.get("required"), list
        ) else []  # fmt: skip
        required = set(required_list)
        node.kind = "fieldset"
        for key, sub in property_order(properties, required_list):
            node.children.append(
                self.build(
                    sub,
                    value.get(key, MISSING),
                    name=f"{node.name}.{escape_name(key)}",
                    path=(*node.path, key),
                    label=humanize(key),
                    required=key in required,
                    depth=depth + 1,
                )
            )
        extra = {k: v for k, v in value.items() if k not in properties}
        if extra:
            other = Input(
                kind="json",
                name=f"{node.name}#other",
                path=node.path,
                label="Other settings" if not node.path else f"Other settings of {node.label}",
                value=extra,
                depth=depth + 1,
            )
            node.other = self._json(other, "these keys are not among the definition's settings")
        return node

    def _array(self, node: Input, schema) -> Input:
        items = self.resolve(schema.get("items", True))
        if not isinstance(items, dict) or SHAPE_KEYWORDS & set(items) or "enum" in items or "const" in items:
            return self._json(node, "the form shows lists of plain values only")
        item_type = self._type(items)
        if item_type not in ("string", "integer", "number"):
            return self._json(node, "the form shows lists of text or numbers only")
        value = [] if node.value is MISSING else node.value
        if not isinstance(value, list) or not all(_fits(item, item_type) for item in value):
            return self._json(node, "the stored value is not a list of that kind")
        probe = self._scalar(Input(kind="", name="", path=(), label=""), items, item_type)
        node.kind, node.item_kind, node.item_type, node.attrs = "list", probe.kind, item_type, probe.attrs
        node.items = [v if isinstance(v, str) else number_text(v) for v in value]
        if probe.kind == "textarea":
            node.item_kind = "text"
        return node

    def _scalar(self, node: Input, schema, kind) -> Input:
        if node.value is not MISSING and not _fits(node.value, kind):
            return self._json(node, f"the stored value is not a {_TYPE_WORDS[kind]}")
        node.json_type = kind
        if kind == "boolean":
            node.kind, node.checked = "checkbox", node.value is True
            node.text = "on" if node.checked else ""
            return node
        if kind in ("integer", "number"):
            node.kind = "number"
            node.text = "" if node.value is MISSING else number_text(node.value)
            node.attrs = number_hints(schema, kind)
            return node
        fmt = schema.get("format")
        max_length = schema.get("maxLength")
        if fmt in TEXTAREA_FORMATS or (is_number(max_length) and max_length > LONG_TEXT):
            node.kind = "textarea"
        elif fmt in URL_FORMATS:
            node.kind = "url"
        elif fmt == "email":
            node.kind = "email"
        else:
            node.kind = "text"
        node.text = "" if node.value is MISSING else node.value
        node.attrs = string_hints(schema)
        return node


_TYPE_WORDS = {"string": "text", "integer": "whole number", "number": "number", "boolean": "true/false value"}


def _fits(value, kind) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return is_number(value) and float(value).is_integer()
    if kind == "number":
        return is_number(value)
    return isinstance(value, bool)


def _choice_label(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def property_order(properties: dict, required: list[str]) -> list[tuple[str, Any]]:
    """Properties in the order people see them: an explicit `x-order` (or `propertyOrder`) first,
    then the `required` list's order, then the stored order. PostgreSQL's jsonb does not keep a
    schema's key order, so the `required` list is what keeps "Repository, Tag" on every database."""

    def key(item):
        position, (name, sub) = item
        explicit = sub.get("x-order", sub.get("propertyOrder")) if isinstance(sub, dict) else None
        explicit = explicit if is_number(explicit) else math.inf
        return (explicit, required.index(name) if name in required else len(required), position)

    return [pair for _, pair in sorted(enumerate(properties.items()), key=key)]


def build_inputs(schema, value, *, name: str = "configuration") -> Input:
    """The input tree for `schema`, showing `value` (the current configuration)."""
    root = SchemaWalker(schema).build(schema, value, name=name, path=(), label="Configuration", required=True, depth=0)
    for number, node in enumerate(root.inputs):
        node.id = f"id_{re.sub(r'[^A-Za-z0-9_-]', '-', name)}-{number}"
    return root
