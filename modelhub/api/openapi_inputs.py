"""What the API takes, as the OpenAPI document states it: parameters and request bodies.

Tight by construction: the patterns are the server's own (ID, filter, order_by, update_mask),
enums list every spelling the server accepts (proto3 names and numbers), bodies refuse
unknown keys. What a schema cannot say (a definition or region must exist, the configuration
must satisfy the definition's modelSpec, a URL must have a real host name, an image must
decode) is said in the descriptions and answered 400 with a field violation.
"""

import re

from modelhub.api.etags import IF_MATCH_PATTERN
from modelhub.api.listing import (
    DEFAULT_PAGE_SIZE,
    FILTER_PATTERN,
    MAX_FULL_VIEW_PAGE_SIZE,
    MAX_PAGE_SIZE,
    ORDER_BY_PATTERN,
)
from modelhub.api.patch import FIELD_ALIASES, OUTPUT_ONLY
from modelhub.api.proto import TASK_NUMBERS, VIEW_NUMBERS, VISIBILITY_NUMBERS
from modelhub.models.fields_table import FIELDS
from modelhub.tags import MAX_TAGS, TAG_INPUT_PATTERN

RFC1034_PATTERN = r"^[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"
NO_NUL_PATTERN = r"^[^\u0000]*$"


def rfc1034(**extra) -> dict:
    return {"type": "string", "minLength": 1, "maxLength": 63, "pattern": RFC1034_PATTERN, **extra}


def param(name: str, where: str, description: str, schema: dict | None = None, required: bool = False, example=None):
    param = {"name": name, "in": where, "required": required, "description": description}
    param["schema"] = schema or {"type": "string"}
    if example is not None:
        param["example"] = example
    return param


def _query_enum(numbers: dict, extra: tuple = ()) -> dict:
    """Names and numbers; "" is the same as leaving the parameter out."""
    return {"type": "string", "enum": ["", *extra, *map(str, numbers), *(str(n) for n in numbers.values())]}


NS = param("namespace", "path", "Namespace ID", rfc1034(), required=True, example="alice")
MODEL = param("model", "path", "Model ID", rfc1034(), required=True, example="resnet-50")
DEFINITION = param("definition", "path", "Model definition ID", rfc1034(), required=True, example="github")
UID = param(
    "uid",
    "path",
    "The model's uid (its permalink is models/{uid}).",
    {"type": "string", "format": "uuid", "pattern": "^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"},
    required=True,
    example="61716644-7565-4298-806b-7b5ada407644",
)
VIEW = param(
    "view",
    "query",
    "VIEW_BASIC (default; also VIEW_UNSPECIFIED, 0 or 1) or VIEW_FULL (2): with configuration, readme and image.",
    _query_enum(VIEW_NUMBERS),
)
LIST_VIEW = param(
    "view",
    "query",
    "VIEW_BASIC (default; also VIEW_UNSPECIFIED, 0 or 1) or VIEW_FULL (2): each model with its configuration "
    f"and readme (not its image), at most {MAX_FULL_VIEW_PAGE_SIZE} models a page (a larger page_size is "
    "coerced to it).",
    _query_enum(VIEW_NUMBERS),
)
PAGE_SIZE = param(
    "page_size",
    "query",
    f"1..{MAX_PAGE_SIZE}; 0 or absent: {DEFAULT_PAGE_SIZE}.",
    {"type": "integer", "minimum": 0, "maximum": MAX_PAGE_SIZE},
)
LIST_PAGE_SIZE = param(
    "page_size",
    "query",
    f"1..{MAX_PAGE_SIZE}; 0 or absent: {DEFAULT_PAGE_SIZE}. With view=VIEW_FULL, a value above "
    f"{MAX_FULL_VIEW_PAGE_SIZE} is coerced to {MAX_FULL_VIEW_PAGE_SIZE} (the page then ends with a nextPageToken).",
    {"type": "integer", "minimum": 0, "maximum": MAX_PAGE_SIZE},
)
PAGE_TOKEN = param("page_token", "query", "nextPageToken of the previous page (same filter, visibility and order_by).")
LIST_PARAMS = [
    LIST_PAGE_SIZE,
    PAGE_TOKEN,
    param(
        "filter",
        "query",
        'q="text" searches ID, description and tags (every word must match; case-insensitive; '
        "words of 3 or more letters or digits, at most 8, from the first 255 characters; a model whose "
        "ID is the text comes first, then IDs starting with it, then the rest in the list's order); "
        'tag="name" keeps models with that tag. Clauses are separated by spaces or AND; a backslash '
        'escapes \\" and \\\\.',
        {"type": "string", "pattern": f"^(?:{FILTER_PATTERN})$"},
        example='q="resnet" AND tag="vision"',
    ),
    param(
        "visibility",
        "query",
        "Only models of this visibility (VISIBILITY_UNSPECIFIED or 0: any).",
        _query_enum(VISIBILITY_NUMBERS, ("VISIBILITY_UNSPECIFIED", "0")),
    ),
    param(
        "order_by",
        "query",
        "create_time, update_time or id (camelCase too), then asc (default) or desc; absent: 'create_time desc'.",
        {
            "type": "string",
            "pattern": f"^(?:{ORDER_BY_PATTERN})$",
            "examples": ["create_time desc", "update_time desc", "id", "id asc"],
        },
    ),
    LIST_VIEW,
]

# update_mask: comma-separated field names (camelCase or snake_case), at least one.
_MASK_NAMES = "|".join(sorted(map(re.escape, FIELD_ALIASES), key=lambda n: (-len(n), n)))
UPDATE_MASK_PATTERN = rf"^\s*(?:,\s*)*(?:{_MASK_NAMES})\s*(?:,\s*(?:(?:{_MASK_NAMES})\s*)?)*$"
UPDATE_MASK = param(
    "update_mask",
    "query",
    "Comma-separated fields to update (e.g. description,readme); a listed field absent from the body is cleared.",
    {"type": "string", "pattern": UPDATE_MASK_PATTERN},
)
IF_MATCH = param(
    "If-Match",
    "header",
    'Write only if the model\'s ETag is one of these (RFC 9110: "*" or a comma-separated list of ETags); '
    "otherwise 412 and nothing is written. A value that is not such a list is 400 (the header named).",
    {"type": "string", "pattern": f"^(?:{IF_MATCH_PATTERN})$"},
    example='"6618fff86ae64"',
)

# --- the model as a request body ---------------------------------------------------

_TEXT = {"type": ["string", "null"], "pattern": NO_NUL_PATTERN}
_URL = {
    "type": ["string", "null"],
    "maxLength": 255,
    "pattern": r"^(?:[hH][tT][tT][pP][sS]?://[^\s\u0000]*)?$",
}
# Each editable field's schema, by API name; INPUT_PROPERTIES puts them in the field table's order.
_INPUT_SCHEMAS = {
    "id": rfc1034(**{"not": {"pattern": "^[Nn][Ee][Ww]$"}}),
    "description": {**_TEXT, "maxLength": 1023},
    "modelDefinition": {
        "type": "string",
        "pattern": r"^(?:model-definitions/)?[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$",
    },
    "configuration": {"type": "object"},
    "task": {"enum": [*map(str, TASK_NUMBERS), *TASK_NUMBERS.values()]},
    "visibility": {"enum": [*map(str, VISIBILITY_NUMBERS), *VISIBILITY_NUMBERS.values()]},
    "region": {"type": "string", "minLength": 1, "maxLength": 63, "pattern": r"^[A-Z][A-Z0-9_]*$"},
    "hardware": {"type": "string", "pattern": r"^[A-Za-z0-9_-]{1,63}$"},
    "readme": {**_TEXT, "maxLength": 100000},
    "sourceUrl": _URL,
    "documentationUrl": _URL,
    "license": {**_TEXT, "maxLength": 255},
    "profileImage": {
        "type": ["string", "null"],
        "pattern": r"^(?:data:image/(?:png|jpeg|webp|gif);base64,[A-Za-z0-9+/]*={0,2})?$",
    },
    # modelhub.tags: typed in ASCII or its compatibility forms (full-width...); stored NFKC-normalised,
    # lower-cased and de-duplicated; counted as sent.
    "tags": {
        "type": ["array", "null"],
        "maxItems": MAX_TAGS,
        "items": {"type": "string", "pattern": TAG_INPUT_PATTERN},
    },
}
INPUT_PROPERTIES = {spec.api_name: _INPUT_SCHEMAS[spec.api_name] for spec in FIELDS}
# The snake_case spelling of each two-word field.
SNAKE_ALIASES = {spec.snake_alias: spec.api_name for spec in FIELDS if spec.snake_alias}
REQUIRED_INPUTS = [spec.api_name for spec in FIELDS if spec.required]


def _exact(name: str) -> str:
    return f"^{re.escape(name)}$"


def model_input_schema(description_by_field: dict[str, dict], *, create: bool) -> dict:
    """A model body: camelCase `properties` (with the documented descriptions), the snake_case
    aliases and the ignored output-only fields as exact-name `patternProperties`, nothing else."""
    properties = {name: {**description_by_field.get(name, {}), **schema} for name, schema in INPUT_PROPERTIES.items()}
    pattern_properties = {_exact(snake): INPUT_PROPERTIES[camel] for snake, camel in SNAKE_ALIASES.items()}
    pattern_properties |= {_exact(name): {"description": "Output only: ignored."} for name in sorted(OUTPUT_ONLY)}
    twice = {camel: {"not": {"required": [snake]}} for snake, camel in SNAKE_ALIASES.items()}
    schema = {
        "type": "object",
        "properties": properties,
        "patternProperties": pattern_properties,
        "additionalProperties": False,
        "dependentSchemas": twice,
    }
    if create:
        single = [name for name in REQUIRED_INPUTS if name not in SNAKE_ALIASES.values()]
        schema["required"] = single
        schema["allOf"] = [
            {"anyOf": [{"required": [camel]}, {"required": [snake]}]}
            for snake, camel in SNAKE_ALIASES.items()
            if camel in REQUIRED_INPUTS
        ]
    else:
        editable = [*INPUT_PROPERTIES, *SNAKE_ALIASES]
        schema["anyOf"] = [{"required": [name]} for name in editable]
    return schema


_NEW_ID = rfc1034(**{"not": {"pattern": "^[Nn][Ee][Ww]$"}})
RENAME_BODY = {
    "type": "object",
    "description": (
        "The model's new ID (new_model_id is accepted too); its old ID stays an alias of the model "
        "until another model takes it."
    ),
    "properties": {"newModelId": {**_NEW_ID, "description": "The new resource ID (RFC-1034)."}},
    "patternProperties": {"^new_model_id$": _NEW_ID},
    "additionalProperties": False,
    "minProperties": 1,
    "maxProperties": 1,
}

TRANSFER_BODY = {
    "type": "object",
    "description": (
        "The namespace to move the model to, and optionally a new ID in it (snake_case keys are accepted "
        "too); the model's old name stays an alias of it until another model takes it."
    ),
    "properties": {
        "namespaceId": {**rfc1034(), "description": "The ID of a namespace where the caller may create models."},
        "newModelId": {**_NEW_ID, "description": "The model's ID in that namespace (default: its current ID)."},
    },
    "patternProperties": {"^namespace_id$": rfc1034(), "^new_model_id$": _NEW_ID},
    "additionalProperties": False,
    # the namespace once (in either spelling), the new ID at most once
    "oneOf": [{"required": ["namespaceId"]}, {"required": ["namespace_id"]}],
    "not": {"required": ["newModelId", "new_model_id"]},
}
