"""Reading JSON Schema for the API reference: references, type labels, constraints, required properties."""


def resolve(doc: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


JSON_TYPES = {str: "string", bool: "boolean", int: "integer", float: "number", dict: "object", list: "array"}


def enum_type(values) -> str:
    names = dict.fromkeys(JSON_TYPES.get(type(v), "null") for v in values)
    return " or ".join(names)


def type_label(doc: dict, schema: dict) -> str:
    schema = resolve(doc, schema)
    if "anyOf" in schema or "oneOf" in schema:
        labels = (type_label(doc, s) for s in schema.get("anyOf", schema.get("oneOf")))
        return " or ".join(dict.fromkeys(labels))
    inferred = enum_type(schema["enum"]) if "enum" in schema else "object" if "properties" in schema else "any"
    kind = schema.get("type", inferred)
    if isinstance(kind, list):
        kind = " or ".join(kind)
    if kind == "array":
        return f"array of {type_label(doc, schema.get('items', {}))}"
    if schema.get("format"):
        kind = f"{kind} ({schema['format']})"
    return f"{kind} enum" if "enum" in schema else kind


def constraints_text(schema: dict) -> str:
    parts = []
    if "minimum" in schema and "maximum" in schema:
        parts.append(f"{schema['minimum']} to {schema['maximum']}")
    if "maxLength" in schema:
        parts.append(f"at most {schema['maxLength']:,} characters")
    return ", ".join(parts)


def required_properties(schema: dict) -> set[str]:
    """The properties a body must carry: its `required`, each named property of an `allOf` entry that
    requires one of several spellings (`modelDefinition` or `model_definition`), and the only named
    property of a body that must not be empty (rename's `newModelId`). None for an update."""
    names = set(schema.get("required", ()))
    for entry in schema.get("allOf", ()):
        spellings = [alt.get("required", [None])[0] for alt in entry.get("anyOf", ())]
        names.update(name for name in spellings if name in schema.get("properties", {}))
    if schema.get("minProperties", 0) >= 1 and len(schema.get("properties", {})) == 1:
        names.update(schema["properties"])
    return names
