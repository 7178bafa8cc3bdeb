"""Reading a PATCH request into the service's change set (`changes`, by snake_case name).

The change set is the editable fields present in the body, or, with `?update_mask=a,b`,
exactly the masked fields taken from the body (a masked field absent from the body is set
to its empty value, as in Instill/AIP-134). Output-only fields are ignored; unknown
fields are an error. Values are not validated here beyond decoding: the service applies
the one set of rules (modelhub.rules) and its errors come back as field violations.
"""

import json
import math
from typing import Any

from django.conf import settings

from modelhub.api import limits
from modelhub.api.errors import InvalidArgument, PayloadTooLarge, UnsupportedMediaType, field_error
from modelhub.api.proto import body_enum
from modelhub.api.serialization import DEFINITION_PREFIX
from modelhub.images import InvalidImage, data_uri_to_normalized
from modelhub.models.fields_table import API_ALIASES, REQUIRED_FIELDS

# API name (camelCase and snake_case accepted) -> service field.
FIELD_ALIASES = API_ALIASES
OUTPUT_ONLY = frozenset(
    [
        "name",
        "uid",
        "owner",
        "ownerName",
        "owner_name",
        "createTime",
        "create_time",
        "updateTime",
        "update_time",
        "deleteTime",
        "delete_time",
        "moderationState",
        "moderation_state",
        "permission",
        "inputSchema",
        "input_schema",
        "outputSchema",
        "output_schema",
        "sampleInput",
        "sample_input",
        "sampleOutput",
        "sample_output",
        "stats",
        "versions",
    ]
)
JSON_TYPES = ("application/json", "application/merge-patch+json")


def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text[:20]} is out of range")
    return value


def _has_lone_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def read_json_object(request) -> dict:
    """The body as a JSON object; InvalidArgument, PayloadTooLarge or UnsupportedMediaType otherwise."""
    content_type = request.content_type or ""
    if content_type and content_type not in JSON_TYPES:
        raise UnsupportedMediaType(f"Unsupported content type '{content_type[:100]}'; send application/json.")
    limit = settings.API_MAX_BODY_BYTES
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit():
        raise InvalidArgument("Invalid Content-Length header.")
    if int(length) > limit:
        raise PayloadTooLarge(f"The request body is larger than {limit:,} bytes.")
    body = request.body  # RequestDataTooBig is answered 413 by the decorator
    if len(body) > limit:
        raise PayloadTooLarge(f"The request body is larger than {limit:,} bytes.")
    limits.check_json_body(body)  # counts on the raw bytes: nothing below walks more than it allows
    try:
        data = json.loads(body, parse_constant=_reject_constant, parse_float=_finite_float)
    except RecursionError:
        raise InvalidArgument("Malformed JSON: nested too deeply.")
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, huge integers, NaN
        raise InvalidArgument(f"Malformed JSON: {str(exc)[:200]}")
    if not isinstance(data, dict):
        raise InvalidArgument("The request body must be a JSON object (the model's fields).")
    if _has_lone_surrogate(data):
        raise InvalidArgument("Malformed JSON: a string contains an unpaired surrogate (\\ud800–\\udfff).")
    return data


def _short(name: str) -> str:
    return name if len(name) <= 64 else name[:61] + "..."


def _body_fields(body: dict) -> dict[str, tuple[str, Any]]:
    """{service field: (name as sent, value)} for the editable fields of the body."""
    fields: dict[str, tuple[str, Any]] = {}
    violations = []
    for key, value in body.items():
        if key in OUTPUT_ONLY:
            continue
        field = FIELD_ALIASES.get(key)
        if field is None:
            violations.append((_short(key), "Unknown field."))
        elif field in fields:
            violations.append((key, f"Given twice (also as '{fields[field][0]}')."))
        else:
            fields[field] = (key, value)
    if violations:
        shown, more = limits.capped(violations)
        raise InvalidArgument("Invalid fields: " + ", ".join(f for f, _ in shown) + more, shown)
    return fields


def _mask_fields(raw_mask: str) -> list[str]:
    names, violations, refused = [], [], set()
    for name in (part.strip() for part in raw_mask.split(",")):
        if not name or name in refused:  # a name repeated is reported once
            continue
        field = FIELD_ALIASES.get(name)
        if field is None:
            refused.add(name)
            why = "Output-only fields cannot be updated." if name in OUTPUT_ONLY else "Unknown field."
            violations.append(("update_mask", f"'{_short(name)}': {why}"))
        elif field not in names:
            names.append(field)
    if violations:
        shown, more = limits.capped(violations)
        raise InvalidArgument("update mask error: " + "; ".join(d for _, d in shown) + more, shown)
    return names


def _value(field: str, value: Any) -> Any:
    """Decode one API value into the service's terms (no rules: those are the service's)."""
    if value is None:
        return None if field in REQUIRED_FIELDS else ""
    if field == "model_definition" and isinstance(value, str) and value.startswith(DEFINITION_PREFIX):
        return value[len(DEFINITION_PREFIX) :]
    return body_enum(field, value)  # proto3 JSON: an enum may be given by its number


def values_from_body(body: dict) -> dict[str, Any]:
    """A create body's fields by service name, decoded as for a PATCH (the image left raw)."""
    return {field: _value(field, value) for field, (_, value) in _body_fields(body).items()}


def image_value(value: Any) -> Any:
    """A data URI normalised by modelhub.images; "" removes the image; non-strings go to the rules."""
    if not isinstance(value, str) or not value:
        return value
    try:
        return data_uri_to_normalized(value)
    except InvalidImage as exc:
        raise field_error("profileImage", str(exc))


def changes_from_request(request, body: dict) -> dict[str, Any]:
    """The change set by service field name. The image is left raw: see `image_value`."""
    fields = _body_fields(body)
    raw_mask = request.GET.get("update_mask", request.GET.get("updateMask"))
    if raw_mask is not None:
        masked = _mask_fields(raw_mask)
        fields = {f: fields.get(f, (f, None)) for f in masked}
    if not fields:
        raise InvalidArgument(
            "update mask error: the request names no field to update; send the fields to change "
            '(e.g. {"description": "..."}) or list them in ?update_mask=.',
            [("update_mask", "No field to update.")],
        )
    return {field: _value(field, value) for field, (_, value) in fields.items()}
