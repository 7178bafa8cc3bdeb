"""proto3 JSON as Instill's gateway reads it: enum values by name or by number, zero = default.

The numbers are those of Instill's protobufs (common/task/v1alpha/task.proto, model.proto's
Model.Visibility, model_definition.proto's View). In a JSON body an enum is a string name or
an integer; in a query string it is the name or the number's digits. The zero value
(`*_UNSPECIFIED`, or 0) of an optional query parameter means "not given".
"""

from typing import Any

from modelhub.api.errors import field_error
from modelhub.api.serialization import VIEW_BASIC, VIEW_FULL
from modelhub.models import Task, Visibility

VIEW_UNSPECIFIED = "VIEW_UNSPECIFIED"

TASK_NUMBERS = {
    Task.CLASSIFICATION: 1,
    Task.DETECTION: 2,
    Task.KEYPOINT: 3,
    Task.OCR: 4,
    Task.INSTANCE_SEGMENTATION: 5,
    Task.SEMANTIC_SEGMENTATION: 6,
    Task.TEXT_TO_IMAGE: 7,
    Task.IMAGE_TO_IMAGE: 11,
    Task.EMBEDDING: 12,
    Task.SPEECH_RECOGNITION: 13,
    Task.CHAT: 14,
    Task.COMPLETION: 15,
    Task.CUSTOM: 16,
}
VISIBILITY_NUMBERS = {Visibility.PRIVATE: 1, Visibility.PUBLIC: 2}
VIEW_NUMBERS = {VIEW_UNSPECIFIED: 0, VIEW_BASIC: 1, VIEW_FULL: 2}

# API field -> {name: number} of the enums a model body may carry.
BODY_ENUMS: dict[str, dict[Any, int]] = {"task": TASK_NUMBERS, "visibility": VISIBILITY_NUMBERS}
_BY_NUMBER = {field: {number: str(name) for name, number in enum.items()} for field, enum in BODY_ENUMS.items()}


def body_enum(field: str, value: Any) -> Any:
    """A body enum given as its proto number becomes its name; anything else is left to the rules."""
    if field in _BY_NUMBER and isinstance(value, int) and not isinstance(value, bool):
        return _BY_NUMBER[field].get(value, value)
    return value


def query_enum(params, name: str, numbers: dict, unspecified: str) -> str:
    """A query enum by name or number; "" when absent or the zero value. Unknown values are 400."""
    raw = params.get(name)
    if raw in (None, "", unspecified, "0"):
        return ""
    by_number = {str(number): str(value) for value, number in numbers.items()}
    if raw in by_number:
        return by_number[raw]
    if raw in numbers:
        return str(raw)
    allowed = " or ".join(f"{value} ({number})" for value, number in numbers.items())
    raise field_error(name, f"Must be {allowed}.")


def view_param(params) -> str:
    """`view` as VIEW_BASIC or VIEW_FULL (VIEW_UNSPECIFIED, 0 or absent: VIEW_BASIC)."""
    return query_enum(params, "view", {VIEW_BASIC: 1, VIEW_FULL: 2}, VIEW_UNSPECIFIED) or VIEW_BASIC


def visibility_param(params) -> str:
    return query_enum(params, "visibility", VISIBILITY_NUMBERS, "VISIBILITY_UNSPECIFIED")
