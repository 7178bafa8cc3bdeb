"""The API reference's page model, read from the OpenAPI document (modelhub.api.openapi.document).

Nothing here restates the API: every operation, parameter, description, enum value, example and
response comes from the document the tests validate the server's answers against. An operation's
page slug is its summary, slugified ("Update a model" -> "update-a-model").
"""

import functools
import json
import re
from dataclasses import dataclass

from django.utils.text import slugify

from modelhub.api.openapi import document
from modelhub.docs.schema import constraints_text, required_properties, resolve, type_label

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class EnumValue:
    value: str
    description: str

    @property
    def is_alias(self) -> bool:
        """An empty value or a proto enum number: listed on one line, after the named values."""
        return not self.description and (self.value in ('""', "") or self.value.lstrip("-").isdigit())


@dataclass(frozen=True)
class Field:
    """A path, query or header parameter, or a property of the JSON body."""

    name: str
    location: str  # path, query, header or body
    type: str
    required: bool
    description: str
    enum: tuple[EnumValue, ...] = ()
    constraints: str = ""
    example: str = ""
    kept: bool = False  # an update's field the model must keep: it may change but not be cleared

    @property
    def named_values(self) -> list[EnumValue]:
        return [item for item in self.enum if not item.is_alias]

    @property
    def alias_values(self) -> list[EnumValue]:
        return [item for item in self.enum if item.is_alias]


@dataclass(frozen=True)
class ResponseDoc:
    status: str
    description: str
    content_types: tuple[str, ...]
    headers: tuple[str, ...]
    example: str  # pretty JSON, or "" where the document has none

    @property
    def is_success(self) -> bool:
        return self.status.startswith(("2", "3"))

    @property
    def badge(self) -> str:
        return "success" if self.is_success else "danger" if self.status.startswith("5") else "warning"


@dataclass(frozen=True)
class Operation:
    slug: str
    operation_id: str
    method: str  # upper case
    path: str  # the document's template, e.g. /v1alpha/namespaces/{namespace}/models/{model}
    summary: str
    description: str
    tag: str
    anonymous_allowed: bool
    token_accepted: bool
    parameters: tuple[Field, ...]
    body_description: str
    body_fields: tuple[Field, ...]
    body_example: str  # pretty JSON, or "" when the operation takes no body
    responses: tuple[ResponseDoc, ...]
    response_fields: tuple[Field, ...] = ()  # of the success answer's JSON body, one level deep

    @property
    def path_fields(self) -> tuple[Field, ...]:
        return tuple(p for p in self.parameters if p.location == "path")

    @property
    def query_fields(self) -> tuple[Field, ...]:
        return tuple(p for p in self.parameters if p.location == "query")

    @property
    def header_fields(self) -> tuple[Field, ...]:
        return tuple(p for p in self.parameters if p.location == "header")

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.description.split("\n\n") if p.strip()]

    @property
    def path_regex(self) -> str:
        """A regular expression matching the request paths of this operation (for the request log)."""
        parts = re.split(r"(\{[^}]+\})", self.path)
        return "^" + "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "$"

    @property
    def returns_json(self) -> bool:
        return any("application/json" in r.content_types for r in self.responses if r.is_success)


def _field(
    doc: dict, name: str, location: str, schema: dict, required: bool, description: str, example, kept=False
) -> Field:
    schema = resolve(doc, schema)
    value_descriptions = schema.get("x-enum-descriptions", {})
    return Field(
        name=name,
        location=location,
        type=type_label(doc, schema),
        required=required,
        description=description or schema.get("description", ""),
        enum=tuple(EnumValue(_enum_label(v), value_descriptions.get(v, "")) for v in schema.get("enum", ())),
        constraints=constraints_text(schema),
        example="" if example is None else str(example),
        kept=kept and not required,
    )


def _enum_label(value) -> str:
    return value if isinstance(value, str) and value else json.dumps(value)


def _pretty(value) -> str:
    return "" if value is None else json.dumps(value, indent=2, ensure_ascii=False)


def _body(doc: dict, operation: dict) -> tuple[str, tuple[Field, ...], str]:
    body = operation.get("requestBody")
    if not body:
        return "", (), ""
    media = body.get("content", {}).get("application/json", {})
    schema = resolve(doc, media.get("schema", {}))
    required = required_properties(schema)
    fields = tuple(
        _field(
            doc,
            name,
            "body",
            prop,
            name in required,
            prop.get("description", ""),
            None,
            prop.get("x-required-in-model"),
        )
        for name, prop in schema.get("properties", {}).items()
        if not prop.get("readOnly")
    )
    return body.get("description", "") or schema.get("description", ""), fields, _pretty(media.get("example", {}))


def _responses(operation: dict) -> tuple[ResponseDoc, ...]:
    answers = []
    for status, response in sorted(operation.get("responses", {}).items()):
        content = response.get("content", {})
        example = content.get("application/json", {}).get("example")
        answers.append(
            ResponseDoc(
                status=status,
                description=response.get("description", ""),
                content_types=tuple(content),
                headers=tuple(response.get("headers", {})),
                example=_pretty(example),
            )
        )
    return tuple(answers)


def _response_fields(doc: dict, operation: dict) -> tuple[Field, ...]:
    """The success answer's properties, and those of an object (or list of objects) in it: model.name, models[].id."""
    success = next((r for status, r in sorted(operation.get("responses", {}).items()) if status.startswith("2")), {})
    schema = resolve(doc, success.get("content", {}).get("application/json", {}).get("schema", {}))
    fields = []
    for name, prop in schema.get("properties", {}).items():
        fields.append(_field(doc, name, "response", prop, False, "", None))
        inner, label = resolve(doc, prop), name
        if inner.get("type") == "array":
            inner, label = resolve(doc, inner.get("items", {})), f"{name}[]"
        required = set(inner.get("required", ()))
        for key, sub in (
            inner.get("properties", {}).items() if "$ref" in prop or "$ref" in prop.get("items", {}) else ()
        ):
            fields.append(_field(doc, f"{label}.{key}", "response", sub, key in required, "", None))
    return tuple(fields)


def _parameters(shared, own) -> list:
    """Path-item parameters, overridden by the operation's own of the same name and location."""
    own_keys = {(p.get("name"), p.get("in")) for p in own}
    return [p for p in shared if (p.get("name"), p.get("in")) not in own_keys] + list(own)


def _operation(doc: dict, path: str, method: str, operation: dict, shared_params=()) -> Operation:
    security = operation.get("security", doc.get("security", []))
    anonymous_allowed = not security or {} in security
    summary = operation.get("summary") or operation.get("operationId") or f"{method.upper()} {path}"
    body_description, body_fields, body_example = _body(doc, operation)
    return Operation(
        slug=slugify(summary),
        operation_id=operation.get("operationId", ""),
        method=method.upper(),
        path=path,
        summary=summary,
        description=operation.get("description", ""),
        tag=(operation.get("tags") or ["API"])[0],
        anonymous_allowed=anonymous_allowed,
        token_accepted=any(requirement for requirement in security),
        parameters=tuple(
            _field(
                doc,
                p["name"],
                p["in"],
                p.get("schema", {}),
                bool(p.get("required")),
                p.get("description", ""),
                p.get("example"),
            )
            for p in (resolve(doc, p) for p in _parameters(shared_params, operation.get("parameters", ())))
        ),
        body_description=body_description,
        body_fields=body_fields,
        body_example=body_example,
        responses=_responses(operation),
        response_fields=_response_fields(doc, operation),
    )


@functools.cache
def operations() -> tuple[Operation, ...]:
    """Every operation of the document, in the document's order."""
    doc = document()
    return tuple(
        _operation(doc, path, method, item[method], item.get("parameters", ()))
        for path, item in doc["paths"].items()
        for method in METHODS
        if method in item
    )


def operation_by_slug(slug: str) -> Operation | None:
    return next((op for op in operations() if op.slug == slug), None)


def operations_by_tag() -> list[tuple[str, list[Operation]]]:
    groups: dict[str, list[Operation]] = {}
    for op in operations():
        groups.setdefault(op.tag, []).append(op)
    return list(groups.items())
