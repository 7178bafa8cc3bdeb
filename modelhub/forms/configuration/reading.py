"""Read a configuration back from the generated inputs' POSTed values (pure; no Django).

An input posted back exactly as it was shown keeps the value it showed, so loading a page
and saving it unchanged changes nothing (not even `1.0` into `1`, or `""` into absent).
A changed input is parsed; an emptied optional input is left out of the configuration
(never stored as `""` or `null`). Text that does not parse as the schema's type is kept as
text, so jsonschema (the authority) reports it at that input; JSON that does not parse is
an error at its input, with the user's text kept for the page shown again.
"""

import json
import math
import re
from typing import Any

from modelhub.forms.configuration.inputs import MISSING, Input

PRESENT = "#present"  # posted with every list and checkbox: an empty list, an unchecked box is seen
_INTEGER = re.compile(r"-?\d{1,300}")


def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


# Text longer than this is refused before it is parsed: a configuration is at most 100,000
# bytes of compact JSON (modelhub.rules; tests/test_forms_limits.py keeps the two in step),
# and escapes or indentation cannot make a real one four times longer.
MAX_COMPACT_BYTES = 100_000
MAX_JSON_TEXT_CHARS = 4 * MAX_COMPACT_BYTES


def parse_json(text: str):
    """json.loads without NaN/Infinity; raises ValueError with a message in words."""
    if len(text) > MAX_JSON_TEXT_CHARS:  # bounded before anything walks it
        raise ValueError(
            f"Configuration is {len(text):,} characters of JSON text; "
            f"at most {MAX_COMPACT_BYTES:,} are allowed (as compact JSON)."
        )
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ValueError(f"Invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}.") from exc
    except RecursionError as exc:
        raise ValueError("The JSON is nested too deeply.") from exc
    except ValueError as exc:
        raise ValueError(f"Invalid JSON: {str(exc)[:120]}.") from exc


def _values(data, key) -> list[str] | None:
    if hasattr(data, "getlist"):
        return data.getlist(key) if key in data else None
    if key not in data:
        return None
    value = data[key]
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_number(text: str, json_type: str):
    """'3' -> 3, '2.5' -> 2.5, '4.0' -> 4 for an integer; anything else stays text."""
    stripped = text.strip()
    if _INTEGER.fullmatch(stripped):
        return int(stripped)
    try:
        number = float(stripped)
    except ValueError:
        return text
    if not math.isfinite(number):
        return text
    if json_type == "integer" and number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


class _Reader:
    def __init__(self, data):
        self.data = data
        self.errors: dict[str, str] = {}  # input name -> message
        self.raw: dict[str, str] = {}  # input name -> the text that did not parse

    def read(self, node: Input) -> Any:
        if node.kind == "fieldset":
            return self._fieldset(node)
        if node.kind == "list":
            return self._list(node)
        posted = _values(self.data, node.name)
        if node.kind == "checkbox":
            if _values(self.data, f"{node.name}{PRESENT}") is None and posted is None:
                return node.value  # the checkbox was not on the page that posted
            checked = posted is not None
            return node.value if checked == node.checked else checked
        if posted is None:
            return node.value  # not posted: unchanged
        text = _lf(posted[-1])
        if text == _lf(node.text):
            return node.value
        if text == "":
            return MISSING
        if node.kind == "number":
            return parse_number(text, node.json_type)
        if node.kind == "select":
            if text in node.choices:
                return node.choices[text]
            try:
                return parse_json(text)
            except ValueError:
                return text
        if node.kind == "json":
            try:
                return parse_json(text)
            except ValueError as exc:
                self.errors[node.name], self.raw[node.name] = str(exc), text
                return node.value
        return text

    def _fieldset(self, node: Input) -> Any:
        out = {}
        for child in node.children:
            value = self.read(child)
            if value is not MISSING:
                out[child.path[-1]] = value
        if node.other is not None:
            other = self.read(node.other)
            if isinstance(other, dict):
                out.update({key: value for key, value in other.items() if key not in out})
            elif other is not MISSING:
                self.errors[node.other.name] = "Must be a JSON object of setting names and values."
                self.raw[node.other.name] = _lf(_values(self.data, node.other.name)[-1])
                out.update(node.other.value if isinstance(node.other.value, dict) else {})
        if out or node.value is not MISSING or not node.path:  # the root is always an object
            return out
        return MISSING

    def _list(self, node: Input) -> Any:
        posted = _values(self.data, node.name)
        if posted is None and _values(self.data, f"{node.name}{PRESENT}") is None:
            return node.value
        texts = [_lf(text) for text in posted or [] if text != ""]
        if texts == node.items:
            return node.value
        items = texts if node.item_type == "string" else [parse_number(text, node.item_type) for text in texts]
        return items if items or node.required else MISSING


def read_inputs(root: Input, data) -> tuple[Any, dict[str, str], dict[str, str]]:
    """(configuration, {input name: parse error}, {input name: unparsed text}) from POSTed `data`.

    `root` is the tree the page showed (built from the value it showed); `data` is a
    QueryDict or a plain dict (a list value for several inputs of one name)."""
    reader = _Reader(data)
    value = reader.read(root)
    return value, reader.errors, reader.raw
