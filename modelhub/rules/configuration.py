"""A configuration checked against its definition's JSON Schema, and the size and depth
limits every surface shares."""

import json
import math

from jsonschema import Draft202012Validator

from modelhub.models import ModelDefinition
from modelhub.rules.changes import MAX_CONFIGURATION_DEPTH, text_problem

MAX_CONFIGURATION_BYTES = 100_000
# As JSON text (escapes, indentation) a configuration may be spelled longer than its compact
# form; text beyond this is refused before it is parsed (API body scan, form field).
MAX_CONFIGURATION_TEXT_BYTES = 4 * MAX_CONFIGURATION_BYTES


def json_path(path) -> str:
    """['a', 0, 'b'] -> '$.a[0].b' (JSONPath, as shown to users)."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _json_problem(value) -> str | None:
    """Why `value` is not plain JSON (iteratively; None when it is)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if problem := text_problem(item):
                return {
                    "NUL": "Configuration must not contain NUL characters.",
                    "surrogate": "Configuration must be valid Unicode text (no lone surrogates).",
                }[problem]
        elif isinstance(item, dict):
            if not all(isinstance(key, str) for key in item):
                return "Configuration keys must be strings."
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, float) and not math.isfinite(item):
            return "Configuration must be plain JSON: NaN and Infinity are not allowed."
        elif item is not None and not isinstance(item, (bool, int, float)):
            return f"Configuration must be plain JSON; a value of type '{type(item).__name__}' is not."
    return None


def _depth(value) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            if depth > MAX_CONFIGURATION_DEPTH:
                return depth
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


_validator_cache: dict[tuple, Draft202012Validator] = {}


def definition_validator(definition: ModelDefinition) -> Draft202012Validator:
    """The definition's compiled validator, built once per (definition, version)."""
    key = (
        definition.pk,
        definition.update_time.isoformat() if definition.update_time else "",
    )
    if key not in _validator_cache:
        _validator_cache[key] = Draft202012Validator(definition.model_spec)
        if len(_validator_cache) > 256:
            _validator_cache.pop(next(iter(_validator_cache)))
    return _validator_cache[key]


def configuration_errors(configuration, definition: ModelDefinition) -> list[str]:
    if not isinstance(configuration, dict):
        return ["Configuration must be a JSON object."]
    if _depth(configuration) > MAX_CONFIGURATION_DEPTH:
        return [f"Configuration is nested more than {MAX_CONFIGURATION_DEPTH} levels deep."]
    if problem := _json_problem(configuration):
        return [problem]
    size = len(json.dumps(configuration, ensure_ascii=False).encode())
    if size > MAX_CONFIGURATION_BYTES:
        return [f"Configuration is {size:,} bytes; at most {MAX_CONFIGURATION_BYTES:,} are allowed."]
    errors = sorted(
        definition_validator(definition).iter_errors(configuration),
        key=lambda e: list(e.path),
    )
    return [f"{json_path(e.absolute_path)}: {e.message}" for e in errors[:20]]
