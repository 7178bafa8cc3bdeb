"""The rules a model record must satisfy, applied by the service on every write.

Cheap rules (types, lengths, formats, choices) run on the whole record every time.
Rules that consult other tables (the definition's JSON Schema, the region catalog,
id uniqueness) run when one of their inputs is among the changed fields, so that a
catalog change by staff never locks owners out of unrelated edits.
"""

import json
import math
import re
from collections.abc import Collection, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from jsonschema import Draft202012Validator

from modelhub.images import MAX_DATA_URI_CHARS
from modelhub.model_ids import ModelIdTaken, id_holder
from modelhub.models import (
    AIModel,
    Hardware,
    ModelDefinition,
    ModerationState,
    Region,
    Visibility,
)
from modelhub.models.aimodels import EDITABLE_FIELDS, REQUIRED_FIELDS
from modelhub.tags import normalize_tags, tag_errors
from modelhub.validators import validate_custom_hardware

MAX_CONFIGURATION_BYTES = 100_000
# As JSON text (escapes, indentation) a configuration may be spelled longer than its compact
# form; text beyond this is refused before it is parsed (API body scan, form field).
MAX_CONFIGURATION_TEXT_BYTES = 4 * MAX_CONFIGURATION_BYTES
MAX_CONFIGURATION_DEPTH = 32
MODERATION_SOURCE = "moderation"
# IDs that would collide with the pages' own paths (/namespaces/{ns}/models/new/).
RESERVED_MODEL_IDS = frozenset({"new"})
# What modelhub.images produces; anything else (HTML, SVG, raw text) is never stored, so
# the image endpoint can only ever serve a real, re-encoded raster image.
STORED_IMAGE_RE = re.compile(r"\Adata:image/(?:png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}\Z")
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


def json_path(path) -> str:
    """['a', 0, 'b'] -> '$.a[0].b' (JSONPath, as shown to users)."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _text_problem(value: str) -> str | None:
    if "\x00" in value:
        return "NUL"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "surrogate"
    return None


def _json_problem(value) -> str | None:
    """Why `value` is not plain JSON (iteratively; None when it is)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if problem := _text_problem(item):
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


def _field_errors(aimodel: AIModel, fields: Collection[str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name in fields:
        field: Any = AIModel._meta.get_field(name)  # a concrete field; a relation has target_field
        value = getattr(aimodel, field.attname)
        if name in REQUIRED_FIELDS and value in (None, ""):
            errors[name] = ["This field is required."]
            continue
        if name == "configuration":
            if not isinstance(value, dict):
                errors[name] = ["Configuration must be a JSON object."]
            continue
        if name == "tags":
            if messages := tag_errors(value):
                errors[name] = messages
            continue
        if value is None:
            value = ""
        if not isinstance(value, str):
            errors[name] = ["Must be a string."]
            continue
        if problem := _text_problem(value):
            errors[name] = ["Must not contain NUL characters." if problem == "NUL" else "Must be valid Unicode text."]
            continue
        max_length = field.target_field.max_length if field.is_relation else field.max_length
        if max_length and len(value) > max_length:
            errors[name] = [f"Ensure this value has at most {max_length} characters (it has {len(value)})."]
            continue
        if field.is_relation or name == "hardware":
            continue  # checked against their tables below
        try:
            field.clean(value, aimodel)
        except ValidationError as exc:
            errors[name] = exc.messages
    return errors


def _region_errors(aimodel: AIModel) -> dict[str, list[str]]:
    region = Region.objects.filter(name=aimodel.region_id).first()
    if region is None:
        return {"region": [f"Unknown region '{shown(aimodel.region_id)}'."]}
    if not region.is_active:
        return {"region": [f"Region '{region.name}' is not available."]}
    values = list(Hardware.objects.filter(region=region).values_list("value", flat=True))
    if aimodel.hardware in values:
        return {}
    if region.allows_custom_hardware:
        try:
            validate_custom_hardware(aimodel.hardware)
        except ValidationError as exc:
            return {"hardware": exc.messages}
        return {}
    return {
        "hardware": [
            f"Hardware '{shown(aimodel.hardware)}' is not available in region '{region.name}'; "
            f"choose one of: {', '.join(values)}."
        ]
    }


def validate_aimodel(aimodel: AIModel, *, changed: Collection[str], source: str) -> None:
    """Raise ValidationError({field: [messages]}) unless the record is valid.

    Moderation checks only what it changes: hiding must work even on a record that an
    older rule let through.
    """
    fields = [f for f in EDITABLE_FIELDS if f in changed] if source == MODERATION_SOURCE else EDITABLE_FIELDS
    errors = _field_errors(aimodel, fields)
    if "model_id" in changed and "model_id" not in errors and aimodel.model_id.lower() in RESERVED_MODEL_IDS:
        errors["model_id"] = [f"'{aimodel.model_id}' is reserved; choose another ID."]
    taken_by = None
    if "model_id" in changed and "model_id" not in errors:
        taken_by = id_holder(namespace_pk=aimodel.namespace_id, model_id=aimodel.model_id, other_than=aimodel.pk)
        if taken_by is not None:
            errors.update(ModelIdTaken(aimodel.model_id, deleted=taken_by.is_deleted).message_dict)
    if {"configuration", "model_definition"} & set(changed) and not {
        "configuration",
        "model_definition",
    } & set(errors):
        try:
            definition = aimodel.model_definition
        except ModelDefinition.DoesNotExist:
            errors["model_definition"] = [f"Unknown model definition '{shown(aimodel.model_definition_id)}'."]
        else:
            if messages := configuration_errors(aimodel.configuration, definition):
                errors["configuration"] = messages
    if {"region", "hardware"} & set(changed) and not {"region", "hardware"} & set(errors):
        errors.update(_region_errors(aimodel))
    image = aimodel.profile_image
    if (
        "profile_image" in changed
        and "profile_image" not in errors
        and image
        and (len(image) > MAX_DATA_URI_CHARS or not STORED_IMAGE_RE.match(image))
    ):
        errors["profile_image"] = [
            "Not a normalized image: upload a PNG, JPEG, WebP or GIF image (the API takes a base64 data URI)."
        ]
    if (
        "visibility" in changed
        and aimodel.visibility == Visibility.PUBLIC
        and aimodel.moderation_state == ModerationState.HIDDEN
        and source != MODERATION_SOURCE
    ):
        errors["visibility"] = ["This model was hidden by moderators; it cannot be made public until staff restore it."]
    if taken_by is not None and list(errors) == ["model_id"]:
        raise ModelIdTaken(aimodel.model_id, deleted=taken_by.is_deleted)
    if errors:
        raise ValidationError(errors)
