"""A model's tags (Instill's `tags`): lower-case ASCII strings, de-duplicated, bounded in count and length.

Like IDs, tags are ASCII, so no tag can pass for another (a Cyrillic "а" in "vision", a
full-width "ｖｉｓｉｏｎ"). A tag is first NFKC-normalised, which turns compatibility forms
(full-width letters, ligatures, superscripts) into the plain characters they stand for:
"ＶＩＳＩＯＮ" is stored as "vision". What is still not ASCII after that, a letter of another
script that merely looks like a Latin one, is refused with a message naming the character.
"""

import re
import unicodedata

MAX_TAGS = 20
MAX_TAG_CHARS = 32
TAG_RE = re.compile(r"\A[a-z0-9][a-z0-9_.+-]*\Z")

# The characters a tag may be typed with: those NFKC turns into one ASCII letter or digit
# (ALNUM_RANGES), or into one of '_.+-' (MARK_RANGES). Derived from the Unicode database by
# tests/test_security_tags.py, which fails when Python's Unicode version changes them. The
# API's document states them as its pattern, so it says exactly what the server accepts.
ALNUM_RANGES = (
    (0x30, 0x39),
    (0x41, 0x5A),
    (0x61, 0x7A),
    (0xAA, 0xAA),
    (0xB2, 0xB3),
    (0xB9, 0xBA),
    (0x17F, 0x17F),
    (0x2B0, 0x2B0),
    (0x2B2, 0x2B3),
    (0x2B7, 0x2B8),
    (0x2E1, 0x2E3),
    (0x1D2C, 0x1D2C),
    (0x1D2E, 0x1D2E),
    (0x1D30, 0x1D31),
    (0x1D33, 0x1D3A),
    (0x1D3C, 0x1D3C),
    (0x1D3E, 0x1D43),
    (0x1D47, 0x1D49),
    (0x1D4D, 0x1D4D),
    (0x1D4F, 0x1D50),
    (0x1D52, 0x1D52),
    (0x1D56, 0x1D58),
    (0x1D5B, 0x1D5B),
    (0x1D62, 0x1D65),
    (0x1D9C, 0x1D9C),
    (0x1DA0, 0x1DA0),
    (0x1DBB, 0x1DBB),
    (0x2070, 0x2071),
    (0x2074, 0x2079),
    (0x207F, 0x2089),
    (0x2090, 0x2093),
    (0x2095, 0x209C),
    (0x2102, 0x2102),
    (0x210A, 0x210E),
    (0x2110, 0x2113),
    (0x2115, 0x2115),
    (0x2119, 0x211D),
    (0x2124, 0x2124),
    (0x2128, 0x2128),
    (0x212A, 0x212A),
    (0x212C, 0x212D),
    (0x212F, 0x2131),
    (0x2133, 0x2134),
    (0x2139, 0x2139),
    (0x2145, 0x2149),
    (0x2160, 0x2160),
    (0x2164, 0x2164),
    (0x2169, 0x2169),
    (0x216C, 0x2170),
    (0x2174, 0x2174),
    (0x2179, 0x2179),
    (0x217C, 0x217F),
    (0x2460, 0x2468),
    (0x24B6, 0x24EA),
    (0x2C7C, 0x2C7D),
    (0xA7F2, 0xA7F4),
    (0xFF10, 0xFF19),
    (0xFF21, 0xFF3A),
    (0xFF41, 0xFF5A),
    (0x107A5, 0x107A5),
    (0x1D400, 0x1D454),
    (0x1D456, 0x1D49C),
    (0x1D49E, 0x1D49F),
    (0x1D4A2, 0x1D4A2),
    (0x1D4A5, 0x1D4A6),
    (0x1D4A9, 0x1D4AC),
    (0x1D4AE, 0x1D4B9),
    (0x1D4BB, 0x1D4BB),
    (0x1D4BD, 0x1D4C3),
    (0x1D4C5, 0x1D505),
    (0x1D507, 0x1D50A),
    (0x1D50D, 0x1D514),
    (0x1D516, 0x1D51C),
    (0x1D51E, 0x1D539),
    (0x1D53B, 0x1D53E),
    (0x1D540, 0x1D544),
    (0x1D546, 0x1D546),
    (0x1D54A, 0x1D550),
    (0x1D552, 0x1D6A3),
    (0x1D7CE, 0x1D7FF),
    (0x1F12B, 0x1F12C),
    (0x1F130, 0x1F149),
    (0x1FBF0, 0x1FBF9),
)
MARK_RANGES = (
    (0x2B, 0x2B),
    (0x2D, 0x2E),
    (0x5F, 0x5F),
    (0x2024, 0x2024),
    (0x207A, 0x207A),
    (0x208A, 0x208A),
    (0xFB29, 0xFB29),
    (0xFE33, 0xFE34),
    (0xFE4D, 0xFE4F),
    (0xFE52, 0xFE52),
    (0xFE62, 0xFE63),
    (0xFF0B, 0xFF0B),
    (0xFF0D, 0xFF0E),
    (0xFF3F, 0xFF3F),
)


def _char_class(ranges) -> str:
    def escaped(cp: int) -> str:
        return chr(cp) if chr(cp).isalnum() and cp < 0x80 else f"\\u{cp:04X}" if cp <= 0xFFFF else f"\\U{cp:08X}"

    return "".join(escaped(a) if a == b else f"{escaped(a)}-{escaped(b)}" for a, b in ranges)


# A tag as typed (before NFKC and lower-casing), for the API's document.
TAG_INPUT_PATTERN = (
    f"^[{_char_class(ALNUM_RANGES)}][{_char_class(ALNUM_RANGES + MARK_RANGES)}]{{0,{MAX_TAG_CHARS - 1}}}$"
)
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
    return list(dict.fromkeys(_normalized(tag) for tag in value))


def _normalized(tag: str) -> str:
    """The tag NFKC-normalised and lower-cased, when each of its characters becomes exactly one
    ASCII character; otherwise as sent (a tag past the length limit too, never normalised)."""
    if len(tag) > MAX_TAG_CHARS:
        return tag
    normalized = unicodedata.normalize("NFKC", tag)
    return normalized.lower() if normalized.isascii() and len(normalized) == len(tag) else tag


def _first_foreign(tag: str) -> str:
    """The first character that is not (the compatibility form of) one ASCII character, named."""
    char = next(c for c in tag if not (len(n := unicodedata.normalize("NFKC", c)) == 1 and n.isascii()))
    name = unicodedata.name(char, "")
    return f"'{char}' (U+{ord(char):04X}{' ' + name if name else ''})"


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
        if not tag.isascii():
            return [
                f"Tag '{_shown(tag)}' contains {_first_foreign(tag)}, which is not an ASCII letter or "
                "digit: tags use a–z, 0–9, '-', '_', '.' or '+', like IDs, so that none can pass for another."
            ]
        if not TAG_RE.match(tag):
            return [
                f"Tag '{_shown(tag)}' is not valid: use the letters a–z, digits, '-', '_', '.' or '+', "
                "starting with a letter or digit."
            ]
    return []
