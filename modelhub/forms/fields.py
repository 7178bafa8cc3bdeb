"""Form fields shared by the model forms."""

import json
import re

from django import forms
from django.core.exceptions import ValidationError

from modelhub.rules.changes import normalize_line_endings


class TypedTextField(forms.CharField):
    """Free text as the user typed it, but for its line endings: CRLF and CR become LF
    (browsers submit textareas with CRLF) before the length is checked, as the service
    stores it. Not stripped unless asked: an untouched value comes back exactly as stored."""

    def __init__(self, *, strip: bool = False, **kwargs):
        super().__init__(strip=strip, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_line_endings(value) if isinstance(value, str) else value


def _reject_constant(name: str):
    raise ValidationError("%(name)s is not valid JSON.", params={"name": name}, code="invalid")


class PrettyJSONField(forms.JSONField):
    """A JSON textarea: pretty-printed, and parse errors say where."""

    def prepare_value(self, value):
        if isinstance(value, str):
            return value
        return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return json.loads(value, parse_constant=_reject_constant)
        except json.JSONDecodeError as exc:
            raise ValidationError(
                "Invalid JSON at line %(line)s, column %(col)s: %(msg)s.",
                params={"line": exc.lineno, "col": exc.colno, "msg": exc.msg},
                code="invalid",
            ) from exc
        except RecursionError as exc:
            raise ValidationError("The JSON is nested too deeply.", code="invalid") from exc
        except ValueError as exc:  # e.g. a number of more than 4300 digits
            raise ValidationError("Invalid JSON: %(msg)s.", params={"msg": str(exc)[:120]}, code="invalid") from exc

    def validate(self, value):
        # Only a missing value is empty: {} is a valid configuration (the `container` definition).
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial, data):
        return True  # change detection is done against the loaded state instead


class TagsField(forms.CharField):
    """Tags typed as one line, separated by commas or spaces; a list of strings once cleaned.

    The service lower-cases and de-duplicates them and applies the limits (modelhub.tags).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return ", ".join(str(tag) for tag in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [tag for tag in re.split(r"[,\s]+", text) if tag]

    def has_changed(self, initial, data):
        return True  # change detection is done against the loaded state instead
