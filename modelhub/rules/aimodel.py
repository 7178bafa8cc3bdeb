"""The whole record: each editable field's own checks, then the rules that consult other
tables (ID uniqueness, the definition's schema, the region catalog) when their inputs change."""

import re
from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError

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
from modelhub.rules.changes import shown, text_problem
from modelhub.rules.configuration import configuration_errors
from modelhub.tags import tag_errors
from modelhub.validators import validate_custom_hardware

MODERATION_SOURCE = "moderation"
# IDs that would collide with the pages' own paths (/namespaces/{ns}/models/new/).
RESERVED_MODEL_IDS = frozenset({"new"})
# What modelhub.images produces; anything else (HTML, SVG, raw text) is never stored, so
# the image endpoint can only ever serve a real, re-encoded raster image.
STORED_IMAGE_RE = re.compile(r"\Adata:image/(?:png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}\Z")


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
        if problem := text_problem(value):
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
