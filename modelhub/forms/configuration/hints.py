"""HTML hints for generated inputs: min/max/step of numbers, lengths and pattern of text."""

import json
import math
import re

# Python-only regex syntax: such a pattern is not offered to the browser as a hint.
_NOT_ECMA = re.compile(r"\(\?[PiLmsux#<]|\\[AZz]")


def number_text(value) -> str:
    return json.dumps(value)


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def number_hints(schema, kind) -> list[tuple[str, str]]:
    hints = []
    low, high = schema.get("minimum"), schema.get("maximum")
    exclusive_low, exclusive_high = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if kind == "integer" and is_number(exclusive_low):
        low = math.floor(exclusive_low) + 1 if not is_number(low) else max(low, math.floor(exclusive_low) + 1)
    if kind == "integer" and is_number(exclusive_high):
        high = math.ceil(exclusive_high) - 1 if not is_number(high) else min(high, math.ceil(exclusive_high) - 1)
    if is_number(low):
        hints.append(("min", number_text(low)))
    if is_number(high):
        hints.append(("max", number_text(high)))
    step = schema.get("multipleOf")
    if is_number(step) and step > 0:
        hints.append(("step", number_text(step)))
    else:
        hints.append(("step", "1" if kind == "integer" else "any"))
    return hints


def string_hints(schema) -> list[tuple[str, str]]:
    hints = []
    for keyword, attr in (("minLength", "minlength"), ("maxLength", "maxlength")):
        if isinstance(schema.get(keyword), int) and not isinstance(schema[keyword], bool) and schema[keyword] >= 0:
            hints.append((attr, str(schema[keyword])))
    if (pattern := html_pattern(schema.get("pattern"))) is not None:
        hints.append(("pattern", pattern))
    return hints


def html_pattern(pattern) -> str | None:
    """A JSON Schema pattern (unanchored, ECMA-262) as an HTML `pattern` (whole value, `v` flag).

    None where it cannot be said safely (Python-only syntax, anything unusual)."""
    if not isinstance(pattern, str) or not pattern or len(pattern) > 500 or _NOT_ECMA.search(pattern):
        return None
    body = pattern
    anchored_start, anchored_end = body.startswith("^"), body.endswith("$") and not body.endswith("\\$")
    body = body[1 if anchored_start else 0 : -1 if anchored_end else None]
    out, in_class, i = [], False, 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            out.append(body[i : i + 2])
            i += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
            elif char == "-":
                prev, nxt = body[i - 1], body[i + 1] if i + 1 < len(body) else "]"
                char = "-" if prev not in "[^" and nxt != "]" else "\\-"
            elif char in "()[{}/|":
                char = "\\" + char
        elif char == "[":
            in_class = True
            if body[i + 1 : i + 2] == "^":
                out.append("[^")
                i += 2
                continue
        out.append(char)
        i += 1
    if in_class:
        return None
    return f"{'' if anchored_start else '.*'}(?:{''.join(out)}){'' if anchored_end else '.*'}"
