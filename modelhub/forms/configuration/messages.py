"""Put jsonschema's errors at the inputs they concern, in words (pure; no Django).

jsonschema stays the authority (the service validates); this module only explains its
errors: `$.repository: 'x' does not match '^…$'` becomes "Repository: must look like
owner/repository on GitHub" under the Repository input.
"""

import json
from collections.abc import Iterable

from jsonschema import ValidationError as SchemaError

from modelhub.forms.configuration.inputs import Input

MAX_ERRORS = 20
_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
    "null": "empty (null)",
}


def json_path(parts) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _short(value, limit: int = 60) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else f"{text[:limit]}…"


def _plural(count, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def in_words(error: SchemaError) -> str:
    """One jsonschema error as a short phrase ("must be at most 8"), without where it is."""
    keyword, expected, schema = error.validator, error.validator_value, error.schema
    schema = schema if isinstance(schema, dict) else {}
    if keyword == "required":
        return "required"
    if keyword == "pattern":
        description = schema.get("description")
        if isinstance(description, str) and description:
            return f"must look like {_short(description, 120)}"
        return f"must match the pattern {_short(expected)}"
    if keyword == "type":
        kinds = expected if isinstance(expected, list) else [expected]
        return "must be " + " or ".join(_TYPE_WORDS.get(kind, str(kind)) for kind in kinds)
    if keyword == "enum" and isinstance(expected, list):
        shown = ", ".join(_short(choice, 30) for choice in expected[:10])
        return f"must be one of: {shown}{', …' if len(expected) > 10 else ''}"
    if keyword == "const":
        return f"must be {_short(expected)}"
    if keyword == "minLength":
        return "must not be empty" if expected == 1 else f"must be at least {_plural(expected, 'character')} long"
    if keyword == "maxLength":
        return f"must be at most {_plural(expected, 'character')} long"
    if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"):
        phrase = {
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMinimum": "greater than",
            "exclusiveMaximum": "less than",
            "multipleOf": "a multiple of",
        }[keyword]
        return f"must be {phrase} {_short(expected)}"
    if keyword == "minItems":
        return f"must have at least {_plural(expected, 'item')}"
    if keyword == "maxItems":
        return f"must have at most {_plural(expected, 'item')}"
    if keyword == "uniqueItems":
        return "must not list the same value twice"
    if keyword == "additionalProperties" and isinstance(error.instance, dict):
        known = schema.get("properties", {}) if isinstance(schema.get("properties"), dict) else {}
        extra = [key for key in error.instance if key not in known]
        return f"not settings of this definition: {', '.join(_short(key, 30) for key in extra[:10])}"
    if keyword == "format":
        return f"must be a valid {_short(expected)}"
    if keyword == "false" or schema is False:
        return "not allowed here"
    return _short(error.message, 200)


def _missing_property(error: SchemaError) -> str | None:
    """The property a `required` error is about (jsonschema reports one error per name)."""
    if not isinstance(error.instance, dict) or not isinstance(error.validator_value, list):
        return None
    for name in error.validator_value:
        if isinstance(name, str) and name not in error.instance and error.message.startswith(repr(name)):
            return name
    return None


def _index(root: Input) -> tuple[dict[tuple, Input], dict[str, str]]:
    """Inputs by JSON path, and each input's label as people read it ("Auth › Token")."""
    by_path, titles = {}, {}

    def walk(node: Input, trail: tuple[str, ...]):
        titles[node.name] = " › ".join(trail) or node.label
        by_path.setdefault(node.path, node)
        for child in node.children:
            walk(child, (*trail, child.label))
        if node.other is not None:
            titles[node.other.name] = node.other.label

    walk(root, ())
    return by_path, titles


def sentence(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:]


def place_errors(root: Input, errors: Iterable[SchemaError]) -> list[str]:
    """Attach each error to its input (`node.errors`, sentence case); return "Label: words" lines."""
    by_path, titles = _index(root)
    order = {node.name: number for number, node in enumerate(root.inputs)}
    placed = []
    for error in list(errors)[: MAX_ERRORS * 5]:
        path = tuple(error.absolute_path)
        if error.validator == "required" and (name := _missing_property(error)) is not None:
            path = (*path, name)
        depth = len(path)
        while path[:depth] not in by_path:
            depth -= 1
        node = by_path[path[:depth]]
        if error.validator == "additionalProperties" and node.other is not None and depth == len(path):
            node = node.other
        phrase = in_words(error)
        if rest := path[depth:]:
            phrase = f"at {json_path(rest)}: {phrase}"
        placed.append((order[node.name], node, phrase))
    placed.sort(key=lambda item: item[0])  # in the order the inputs are shown
    for _, node, phrase in placed[:MAX_ERRORS]:
        node.errors.append(sentence(phrase))
    return [f"{titles[node.name]}: {phrase}" for _, node, phrase in placed[:MAX_ERRORS]]


def place_messages(root: Input, messages: dict[str, str]) -> list[str]:
    """Attach messages keyed by input name (e.g. JSON that does not parse); return "Label: message" lines."""
    _, titles = _index(root)
    summary = []
    for node in root.inputs:
        if node.name in messages:
            node.errors.append(messages[node.name])
            summary.append(f"{titles[node.name]}: {messages[node.name]}")
    return summary
