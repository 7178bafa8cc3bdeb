"""The rules a model record must satisfy, applied by the service on every write.

Cheap rules (types, lengths, formats, choices) run on the whole record every time.
Rules that consult other tables (the definition's JSON Schema, the region catalog,
id uniqueness) run when one of their inputs is among the changed fields, so that a
catalog change by staff never locks owners out of unrelated edits.
"""

import json
import math
from collections.abc import Collection

from django.core.exceptions import ValidationError
from jsonschema import Draft202012Validator

from modelhub.models import (
    AIModel,
    Hardware,
    ModelDefinition,
    ModerationState,
    Region,
    Visibility,
)
from modelhub.models.aimodels import EDITABLE_FIELDS, REQUIRED_FIELDS
from modelhub.validators import CUSTOM_HARDWARE_RE

MAX_CONFIGURATION_BYTES = 100_000
MAX_CONFIGURATION_DEPTH = 32
MODERATION_SOURCE = "moderation"
# IDs that would collide with the pages' own paths (/namespaces/{ns}/models/new/).
RESERVED_MODEL_IDS = frozenset({"new"})


def json_path(path) -> str:
    """['a', 0, 'b'] -> '$.a[0].b' (JSONPath, as shown to users)."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _contains_nul(value) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _contains_non_finite(value) -> bool:
    """NaN or ±Infinity: Python's json accepts them, JSON (and PostgreSQL's jsonb) does not."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return True
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


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
    size = len(json.dumps(configuration, ensure_ascii=False).encode())
    if size > MAX_CONFIGURATION_BYTES:
        return [f"Configuration is {size:,} bytes; at most {MAX_CONFIGURATION_BYTES:,} are allowed."]
    if _contains_nul(configuration):
        return ["Configuration must not contain NUL characters."]
    if _contains_non_finite(configuration):
        return ["Configuration must not contain NaN or Infinity (they are not JSON numbers)."]
    errors = sorted(
        definition_validator(definition).iter_errors(configuration),
        key=lambda e: list(e.path),
    )
    return [f"{json_path(e.absolute_path)}: {e.message}" for e in errors[:20]]


def _field_errors(aimodel: AIModel, fields: Collection[str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name in fields:
        field = AIModel._meta.get_field(name)
        value = getattr(aimodel, field.attname)
        if name in REQUIRED_FIELDS and value in (None, ""):
            errors[name] = ["This field is required."]
            continue
        if name == "configuration":
            if not isinstance(value, dict):
                errors[name] = ["Configuration must be a JSON object."]
            continue
        if value is None:
            value = ""
        if not isinstance(value, str):
            errors[name] = ["Must be a string."]
            continue
        if "\x00" in value:
            errors[name] = ["Must not contain NUL characters."]
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
        return {"region": [f"Unknown region '{aimodel.region_id}'."]}
    if not region.is_active:
        return {"region": [f"Region '{region.name}' is not available."]}
    values = list(Hardware.objects.filter(region=region).values_list("value", flat=True))
    if aimodel.hardware in values:
        return {}
    if region.allows_custom_hardware:
        if CUSTOM_HARDWARE_RE.match(aimodel.hardware):
            return {}
        return {"hardware": ["Custom hardware must be 1–63 letters, digits, underscores or hyphens."]}
    return {
        "hardware": [
            f"Hardware '{aimodel.hardware}' is not available in region '{region.name}'; "
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
    if "model_id" in changed and "model_id" not in errors:
        taken = (
            AIModel.objects.filter(namespace_id=aimodel.namespace_id, model_id=aimodel.model_id)
            .exclude(pk=aimodel.pk)
            .exists()
        )
        if taken:
            errors["model_id"] = [f"A model with ID '{aimodel.model_id}' already exists in this namespace."]
    if {"configuration", "model_definition"} & set(changed) and not {
        "configuration",
        "model_definition",
    } & set(errors):
        try:
            definition = aimodel.model_definition
        except ModelDefinition.DoesNotExist:
            errors["model_definition"] = [f"Unknown model definition '{aimodel.model_definition_id}'."]
        else:
            if messages := configuration_errors(aimodel.configuration, definition):
                errors["configuration"] = messages
    if {"region", "hardware"} & set(changed) and not {"region", "hardware"} & set(errors):
        errors.update(_region_errors(aimodel))
    if (
        "visibility" in changed
        and aimodel.visibility == Visibility.PUBLIC
        and aimodel.moderation_state == ModerationState.HIDDEN
        and source != MODERATION_SOURCE
    ):
        errors["visibility"] = ["This model was hidden by moderators; it cannot be made public until staff restore it."]
    if errors:
        raise ValidationError(errors)
