"""If-Match (RFC 9110 section 13.1.1): `*` or a comma-separated list of entity tags.

If-Match uses the strong comparison: a weak tag (`W/"..."`) never matches, and neither does
an element that is not a quoted entity tag. A malformed header therefore matches nothing
(the write is refused with 412, as for a stale tag) rather than everything.
"""

import re

from modelhub.api.errors import FailedPrecondition

# One list element: an optional weak prefix and a quoted opaque tag (etagc: 0x21, 0x23-0x7E, obs-text).
_ELEMENT_RE = re.compile(r'[ \t]*(W/)?("[\x21\x23-\x7e\x80-\xff]*")[ \t]*(?:,|\Z)')


def entity_tags(header: str) -> list[tuple[bool, str]] | None:
    """[(weak, '"tag"'), ...] of a list header; None if any element is malformed."""
    tags, position = [], 0
    while position < len(header):
        if header[position:].strip(" \t,") == "":
            break
        match = _ELEMENT_RE.match(header, position)
        if match is None or match.end() == position:
            return None
        tags.append((bool(match.group(1)), match.group(2)))
        position = match.end()
    return tags


def if_match_allows(header: str | None, current: str) -> bool:
    """Whether a write guarded by this If-Match header may proceed on a resource whose ETag is `current`."""
    if header is None:
        return True
    if header.strip(" \t") == "*":
        return True
    tags = entity_tags(header)
    return bool(tags) and any(not weak and tag == current for weak, tag in tags)


def check_if_match(request, current: str) -> None:
    """412 (code 9) with the current ETag unless the request's If-Match allows the write."""
    header = request.headers.get("If-Match")
    if not if_match_allows(header, current):
        message = f"If-Match does not match the model's current ETag {current}; nothing was changed."
        raise FailedPrecondition(message, headers={"ETag": current})
