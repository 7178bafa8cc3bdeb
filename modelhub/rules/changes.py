"""A change set made comparable: line endings, cleared optional fields, tags, and values
no JSON document can hold refused before anything recursive touches them."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError

from modelhub.models.aimodels import EDITABLE_FIELDS, REQUIRED_FIELDS
from modelhub.tags import normalize_tags

MAX_CONFIGURATION_DEPTH = 32
_SHOWN_CHARS = 64
MAX_INT_BITS = 1024  # far beyond any real setting; json.dumps fails past ~4300 digits


def shown(value) -> str:
    """A value as quoted in an error message: never more than a short prefix of it."""
    text = str(value)
    return text if len(text) <= _SHOWN_CHARS else f"{text[:_SHOWN_CHARS]}…"


def normalize_line_endings(text: str) -> str:
    """CRLF and lone CR become LF: browsers submit textareas with CRLF (HTML spec), other
    clients send LF, and the same text must compare and store the same from every surface."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _normalize_json_strings(value):
    """A copy of a JSON value with every string value's line endings normalised (keys are
    left as they are). Recursive: only called on values _shape_problem has bounded in depth."""
    if isinstance(value, str):
        return normalize_line_endings(value)
    if isinstance(value, dict):
        return {key: _normalize_json_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalize_json_strings(item) for item in value]
    return value


def normalize_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Prepare a change set before it is compared or stored (called by the service first,
    and by the form before it decides what the user changed).

    None clears an optional text field (stored as ""). Line endings become LF in every
    text, configuration strings included; nothing else about the text is changed. A value
    no JSON document can hold (nested deeper than MAX_CONFIGURATION_DEPTH, non-string keys,
    a number of thousands of digits) is refused here, before anything recursive
    (comparison, hashing, JSON encoding, normalising) touches it.
    """
    out, errors = {}, {}
    for field, value in changes.items():
        if value is None and field not in REQUIRED_FIELDS and field in EDITABLE_FIELDS:
            value = [] if field == "tags" else ""
        if field == "tags":  # null or "" clears them, as for every optional field
            value = normalize_tags([] if value == "" else value)
        if problem := _shape_problem(value):
            errors[field] = [problem if field == "configuration" else "Must be a string."]
        else:
            value = _normalize_json_strings(value)
        out[field] = value
    if errors:
        raise ValidationError(errors)
    return out


def _shape_problem(value) -> str | None:
    """Iteratively: why `value` cannot be compared, hashed or encoded as JSON safely."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, int) and not isinstance(item, bool) and item.bit_length() > MAX_INT_BITS:
            return "Configuration contains a number that is too large."
        if isinstance(item, (dict, list)):
            if depth > MAX_CONFIGURATION_DEPTH:
                return f"Configuration is nested more than {MAX_CONFIGURATION_DEPTH} levels deep."
            if isinstance(item, dict):
                if not all(isinstance(key, str) for key in item):
                    return "Configuration keys must be strings."
                stack.extend((child, depth + 1) for child in item.values())
            else:
                stack.extend((child, depth + 1) for child in item)
    return None


def text_problem(value: str) -> str | None:
    if "\x00" in value:
        return "NUL"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "surrogate"
    return None
