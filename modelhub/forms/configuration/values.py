"""Configuration values for the generated form: defaults, carrying a value to another definition."""

import json
from typing import Any

from modelhub.forms.configuration.inputs import MISSING
from modelhub.forms.configuration.schema_walker import SchemaWalker


def canonical(value) -> str:
    """A value's JSON text with sorted keys: two values are the same JSON when these are equal."""
    return "" if value is MISSING or value is None else json.dumps(value, sort_keys=True, ensure_ascii=False)


def _object_schema(schema, builder: SchemaWalker) -> dict | None:
    schema = builder.resolve(schema)
    if isinstance(schema, dict) and isinstance(schema.get("properties"), dict):
        return schema
    return None


def defaults(schema, *, _builder: SchemaWalker | None = None, _depth: int = 0) -> dict[str, Any]:
    """The `default` of each property (nested objects too), in schema order."""
    builder = _builder or SchemaWalker(schema)
    resolved = _object_schema(schema, builder)
    if resolved is None or _depth > 8:
        return {}
    out = {}
    for key, sub in resolved["properties"].items():
        sub = builder.resolve(sub)
        if isinstance(sub, dict) and "default" in sub:
            out[key] = sub["default"]
        elif nested := defaults(sub, _builder=builder, _depth=_depth + 1):
            out[key] = nested
    return out


def carry_over(value, schema) -> dict[str, Any]:
    """`value` moved to a definition's schema: the settings it has, then its defaults for the rest.

    Keys the schema has no property for are left behind (they belonged to the other
    definition); a schema without properties keeps the whole value unless it allows no keys."""
    builder = SchemaWalker(schema)
    resolved = _object_schema(schema, builder)
    current = value if isinstance(value, dict) else {}
    if resolved is None:
        plain = builder.resolve(schema)
        closed = isinstance(plain, dict) and plain.get("additionalProperties") is False
        return {} if closed else dict(current)
    out = {key: current[key] for key in resolved["properties"] if key in current}
    for key, default in defaults(schema).items():
        out.setdefault(key, default)
    return out
