"""A model's tags (Instill's `tags`): lower-case strings, de-duplicated, bounded in count and length."""

import re

MAX_TAGS = 20
MAX_TAG_CHARS = 32
TAG_RE = re.compile(r"\A[^\W_][\w.+-]*\Z")
_SHOWN_CHARS = 40


def _shown(tag: str) -> str:
    return tag if len(tag) <= _SHOWN_CHARS else f"{tag[:_SHOWN_CHARS]}…"


def normalize_tags(value):
    """Tags as stored: each lower-cased, duplicates dropped (the first kept, in order). Anything
    but a list of strings, or a list longer than MAX_TAGS before de-duplication (as the API's
    document bounds it), is left as it is, for `tag_errors` to refuse."""
    if not isinstance(value, (list, tuple)) or not all(isinstance(tag, str) for tag in value):
        return value
    if len(value) > MAX_TAGS:
        return list(value)
    return list(dict.fromkeys(tag.lower() for tag in value))


def tag_errors(value) -> list[str]:
    """Why `value` (normalised) cannot be stored as tags; [] when it can."""
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        return ["Tags must be a list of strings."]
    if len(value) > MAX_TAGS:
        return [f"At most {MAX_TAGS} tags are allowed (there are {len(value)})."]
    for tag in value:
        if not tag:
            return ["A tag cannot be empty."]
        if len(tag) > MAX_TAG_CHARS:
            return [f"Tag '{_shown(tag)}' is longer than {MAX_TAG_CHARS} characters."]
        if not TAG_RE.match(tag):
            return [
                f"Tag '{_shown(tag)}' is not valid: use letters, digits, '-', '_', '.' or '+', "
                "starting with a letter or digit."
            ]
    return []
