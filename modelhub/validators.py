"""Single-value rules shared by models, forms, the service and the API."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

RFC1034_RE = re.compile(r"\A[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\Z", re.ASCII)
CUSTOM_HARDWARE_RE = re.compile(r"\A[A-Za-z0-9_-]{1,63}\Z", re.ASCII)


def validate_rfc1034(value: str) -> None:
    if not isinstance(value, str) or not RFC1034_RE.match(value):
        raise ValidationError(
            "Must conform to RFC-1034: start with a letter, contain only letters, digits "
            "and hyphens, end with a letter or digit, and be at most 63 characters.",
            code="rfc1034",
        )


# The same rule as people read it: the hint under an ID input, and its error on the pages.
ID_RULE = "Letters, digits and hyphens; starts with a letter and ends with a letter or digit; 1–63 characters."


def validate_id_in_words(value: str) -> None:
    """validate_rfc1034 for the pages: the rule in words, without the standard's name."""
    if not isinstance(value, str) or not RFC1034_RE.match(value):
        raise ValidationError(
            "Not a valid ID: use only letters, digits and hyphens, start with a letter and end "
            "with a letter or digit (at most 63 characters).",
            code="rfc1034",
        )


def validate_custom_hardware(value: str) -> None:
    if not isinstance(value, str) or not CUSTOM_HARDWARE_RE.match(value):
        raise ValidationError(
            "Custom hardware must be 1–63 letters, digits, underscores or hyphens.",
            code="custom_hardware",
        )


_URL_MESSAGE = "Enter a valid http:// or https:// URL."
_http_url = URLValidator(schemes=["http", "https"], message=_URL_MESSAGE)
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def validate_http_url(value: str) -> None:
    if value:
        if not isinstance(value, str) or _CONTROL_RE.search(value):  # NUL, newlines, tabs, C1 controls
            raise ValidationError(_URL_MESSAGE, code="invalid")
        _http_url(value)
