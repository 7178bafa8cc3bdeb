"""The pieces every schema is built from: plain strings, read-only times, references and enums."""

from typing import Any

STR = {"type": "string"}
TIME = {"type": "string", "format": "date-time", "readOnly": True}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def enum_schema(choices, description: str, value_descriptions: dict[str, str] | None = None) -> dict:
    schema: dict[str, Any] = {"type": "string", "enum": list(choices.values), "description": description}
    if value_descriptions:  # shown per value by the API reference (/docs/api/)
        schema["x-enum-descriptions"] = {value: value_descriptions[value] for value in choices.values}
    return schema
