"""If-Match (RFC 9110 section 13.1.1): `*` or a comma-separated list of entity tags.

If-Match uses the strong comparison: a weak tag (`W/"..."`) never matches. A header that is
not such a list (`IF_MATCH_PATTERN`, which the OpenAPI document states verbatim) is a bad
request (400, the header named), not a stale version: nothing is written either way.
"""

import re

from modelhub.api.errors import FailedPrecondition, field_error

_TAG = r'(?:W/)?"[\x21\x23-\x7e\x80-\xff]*"'
# `*`, or entity tags separated by commas; RFC 9110 section 5.6.1: empty list elements are allowed.
IF_MATCH_PATTERN = rf"[ \t]*(?:\*|(?:,[ \t]*)*{_TAG}(?:[ \t]*,(?:[ \t]*{_TAG})?)*)[ \t]*"
IF_MATCH_RE = re.compile(IF_MATCH_PATTERN)

_TAG_RE = re.compile(r'(W/)?("[\x21\x23-\x7e\x80-\xff]*")')


def entity_tags(header: str) -> list[tuple[bool, str]] | None:
    """[(weak, '"tag"'), ...] of a list header; None if it is not a list of entity tags."""
    if not IF_MATCH_RE.fullmatch(header) or header.strip(" \t") == "*":
        return None
    # A well-formed list: its quoted strings are its tags (a tag holds no quote).
    return [(bool(weak), tag) for weak, tag in _TAG_RE.findall(header)]


def if_match_allows(header: str | None, current: str) -> bool:
    """Whether a write guarded by this If-Match header may proceed on a resource whose ETag is `current`."""
    if header is None:
        return True
    if header.strip(" \t") == "*":
        return True
    tags = entity_tags(header)
    return tags is not None and any(not weak and tag == current for weak, tag in tags)


def check_if_match(request, current: str) -> None:
    """400 (code 3) for a malformed If-Match; 412 (code 9) with the current ETag unless it allows the write."""
    header = request.headers.get("If-Match")
    if header is not None and not IF_MATCH_RE.fullmatch(header):
        raise field_error("If-Match", 'Must be "*" or a comma-separated list of quoted ETags, e.g. "6618fff86ae64".')
    if not if_match_allows(header, current):
        message = f"If-Match does not match the model's current ETag {current}; nothing was changed."
        raise FailedPrecondition(message, headers={"ETag": current})
