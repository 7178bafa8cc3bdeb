"""Bounds on an API request body, checked on the raw bytes before anything walks them.

A body may be 15 MB (a 10 MB image as base64), but only the profile image may be big:
every other field is small (a configuration is at most 100,000 bytes of compact JSON, a
README 100,000 characters). What costs a worker is not the bytes but the number of JSON
values: each becomes a Python object that the parser builds and that the checks after it
(surrogates, shapes, depth, JSON encoding) walk one by one. So before `json.loads`:

* one pass over the bytes (C-speed searches, constant memory) counts the body's tokens
  (strings, `{ } [ ] , :`) and stops at the first bound exceeded: at most `MAX_TOKENS`
  tokens, nesting at most `MAX_DEPTH` deep, and a configuration at most
  `MAX_CONFIGURATION_RAW_BYTES` of JSON text as sent. Python code runs once per token, so
  the scan itself costs at most `MAX_TOKENS` steps, whatever the body holds.
* a refusal names the field it happened in when it can (a field violation), or the body.

Error details are capped too (`capped`): never more than `MAX_VIOLATIONS` violations and
a count of the rest, so an answer stays a few kilobytes whatever was sent.
"""

import json
import re
from collections.abc import Sequence

from modelhub.api.errors import ApiError, InvalidArgument, PayloadTooLarge, api_field_name, field_error
from modelhub.rules.configuration import MAX_CONFIGURATION_BYTES, MAX_CONFIGURATION_TEXT_BYTES

# A legitimate body holds a few dozen tokens, plus those of its configuration: a compact
# configuration of 100,000 bytes has at most ~50,000 (`[[], [], …]`).
MAX_TOKENS = 100_000
# The rules allow a configuration 32 levels deep; JSON's C parser recurses per level.
MAX_DEPTH = 256
MAX_CONFIGURATION_RAW_BYTES = MAX_CONFIGURATION_TEXT_BYTES
# Backslash escapes make a string slow to skip (each one is a step of the regex): a 10 MB
# image from an encoder that writes "/" as "\\/" has ~220,000 of them.
MAX_ESCAPES = 400_000
MAX_VIOLATIONS = 20

# The next structural character; strings are skipped with bytes.find (memchr speed: a
# 13 MB base64 image is one token), and only a string holding escapes needs the regex.
_STRUCTURAL = re.compile(rb'[{}\[\],:"]')
_ESCAPED_STRING_REST = re.compile(rb'[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_OPEN, _CLOSE, _QUOTE, _COLON, _COMMA = frozenset(b"{["), frozenset(b"}]"), ord('"'), ord(":"), ord(",")
_CONFIGURATION_KEY = b'"configuration"'
_LONGEST_KEY = 200  # raw bytes: "configuration" spelled with \u escapes fits


def _string_end(body: bytes, start: int) -> int:
    """The index after the string whose opening quote is at start - 1; -1 when unterminated."""
    end = body.find(b'"', start)
    if end == -1:
        return -1
    if body.find(b"\\", start, end) == -1:
        return end + 1
    match = _ESCAPED_STRING_REST.match(body, start)
    return match.end() if match else -1


def _key(raw: bytes) -> str:
    """A top-level key as the parser will read it (keys are short; anything else is no field)."""
    if len(raw) > _LONGEST_KEY:
        return ""
    try:
        key = json.loads(raw)
    except ValueError:
        return ""
    return key if isinstance(key, str) else ""


def _too_many(field: str) -> ApiError:
    if field == "configuration":
        return field_error(
            "configuration",
            f"Configuration holds more than {MAX_TOKENS:,} JSON keys and values; "
            f"at most {MAX_CONFIGURATION_BYTES:,} bytes are allowed.",
        )
    if field:
        return field_error(api_field_name(field)[:64], f"Holds more than {MAX_TOKENS:,} JSON keys and values.")
    return PayloadTooLarge(f"The request body holds more than {MAX_TOKENS:,} JSON keys and values.")


def _too_deep(field: str) -> ApiError:
    if field:
        name = api_field_name(field)[:64]
        return field_error(name, f"The value is nested too deeply (more than {MAX_DEPTH} levels).")
    return InvalidArgument("Malformed JSON: nested too deeply.")


def check_json_body(body: bytes) -> None:
    """Refuse a body whose JSON would cost more than its limits, without parsing it.

    Called on the raw body before `json.loads`; malformed JSON passes through (the parser
    then refuses it, having built no more than this scan allowed).
    """
    if body.count(b"\\") > MAX_ESCAPES:
        raise PayloadTooLarge(f"The request body holds more than {MAX_ESCAPES:,} backslash escapes.")
    depth = tokens = 0
    key = (0, 0)  # where the last string at depth 1 is (a key, when a colon follows)
    field = None  # where the current top-level value's key is, while the scan is inside it
    in_configuration = False
    value_start = pos = 0
    while (match := _STRUCTURAL.search(body, pos)) is not None:
        tokens += 1
        if tokens > MAX_TOKENS:
            raise _too_many(_key(body[field[0] : field[1]]) if field else "")
        at = match.start()
        char = body[at]
        pos = at + 1
        if char == _QUOTE:
            pos = _string_end(body, pos)
            if pos < 0:
                return  # unterminated: the parser refuses it
            if depth == 1:
                key = (at, pos)
        elif char in _OPEN:
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(_key(body[field[0] : field[1]]) if field else "")
        elif char in _CLOSE:
            depth -= 1
            if depth == 0:
                field, in_configuration = None, False
        elif depth == 1:
            if char == _COLON:
                field, value_start = key, pos
                raw = body[key[0] : key[1]]
                in_configuration = raw == _CONFIGURATION_KEY or (b"\\" in raw and _key(raw) == "configuration")
            elif char == _COMMA:
                field, in_configuration = None, False
        if in_configuration and pos - value_start > MAX_CONFIGURATION_RAW_BYTES:
            raise field_error(
                "configuration",
                f"Configuration is more than {MAX_CONFIGURATION_RAW_BYTES:,} bytes of JSON text; "
                f"at most {MAX_CONFIGURATION_BYTES:,} bytes (compact) are allowed.",
            )


def capped(violations: Sequence[tuple[str, str]]) -> tuple[list[tuple[str, str]], str]:
    """The first MAX_VIOLATIONS violations, and a note of how many more there were ("" if none)."""
    rest = len(violations) - MAX_VIOLATIONS
    return list(violations[:MAX_VIOLATIONS]), (f" (and {rest:,} more)" if rest > 0 else "")
