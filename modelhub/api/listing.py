"""List queries: `filter`, `visibility`, `order_by`, and keyset (cursor) pagination.

`page_token` is an opaque signed cursor holding the last row's (order value, uid) and a
digest of the listing it belongs to (filters, order, and the scope `bound_to` gives it:
route, namespace, caller), so deep pages cost the same as the first one and a token replayed
on another listing is refused instead of lending it its total.
"""

import dataclasses
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.db.models import Q, QuerySet

from modelhub.api.errors import field_error
from modelhub.api.proto import visibility_param
from modelhub.api.serialization import VIEW_FULL

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 100
# A VIEW_FULL page carries each model's configuration (at most 100,000 bytes) and README (at
# most 100,000 characters): its page_size is coerced to this (AIP-158), bounding a page's size.
MAX_FULL_VIEW_PAGE_SIZE = 20
ORDER_FIELDS = {"create_time": "create_time", "createTime": "create_time", "update_time": "update_time"}
ORDER_FIELDS |= {"updateTime": "update_time", "id": "model_id"}
DEFAULT_ORDER = ("create_time", "desc")
MAX_FILTER_TEXT = 255
# The forms the server takes, as patterns the OpenAPI document states verbatim (fullmatch here,
# ^...$ there): `q="text"` (the text's escapes count once, NUL never) and `field [asc|desc]`.
FILTER_PATTERN = r'\s*(?:q\s*=\s*"((?:[^"\\\u0000]|\\[^\u0000]){0,MAX})"\s*)?'.replace("MAX", str(MAX_FILTER_TEXT))
ORDER_BY_PATTERN = (
    r"\s*(?:(create_time|createTime|update_time|updateTime|id)(?:\s+([aA][sS][cC]|[dD][eE][sS][cC]))?\s*)?"
)
FILTER_RE = re.compile(FILTER_PATTERN)
ORDER_BY_RE = re.compile(ORDER_BY_PATTERN)
_signer = signing.Signer(salt="modelhub.api.page_token")


@dataclass(frozen=True)
class ListQuery:
    page_size: int
    text: str
    visibility: str
    order: tuple[str, str]  # (column, "asc"|"desc")
    page_token: str
    scope: str = ""  # the listing the page tokens are bound to (bound_to)

    @property
    def digest(self) -> str:
        key = f"{self.text}\x00{self.visibility}\x00{self.order}\x00{self.scope}"
        return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def page_size_param(raw: str | None) -> int:
    """1..MAX_PAGE_SIZE; absent or 0 (proto3's zero value) is the default."""
    if raw is None:
        return DEFAULT_PAGE_SIZE
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6 or int(raw) > MAX_PAGE_SIZE:
        why = f"Must be a whole number from 0 (the default, {DEFAULT_PAGE_SIZE}) to {MAX_PAGE_SIZE}."
        raise field_error("page_size", why)
    return int(raw) or DEFAULT_PAGE_SIZE


def for_view(query: "ListQuery", view: str) -> "ListQuery":
    """The query as a page of `view` is served: VIEW_FULL pages hold at most MAX_FULL_VIEW_PAGE_SIZE models."""
    if view == VIEW_FULL and query.page_size > MAX_FULL_VIEW_PAGE_SIZE:
        return dataclasses.replace(query, page_size=MAX_FULL_VIEW_PAGE_SIZE)
    return query


def _filter_text(raw: str | None) -> str:
    if not raw:
        return ""
    match = FILTER_RE.fullmatch(raw)
    if not match:
        raise field_error(
            "filter",
            f'Unsupported filter; use q="text" (matches id and description; at most {MAX_FILTER_TEXT} '
            "characters, without NUL).",
        )
    return re.sub(r"\\(.)", r"\1", match.group(1) or "", flags=re.DOTALL)


def _order(raw: str | None) -> tuple[str, str]:
    match = ORDER_BY_RE.fullmatch(raw or "")
    if match is None:
        raise field_error("order_by", "Use one of create_time, update_time or id, optionally followed by asc or desc.")
    if match.group(1) is None:
        return DEFAULT_ORDER
    return ORDER_FIELDS[match.group(1)], (match.group(2) or "asc").lower()


def parse_list_query(params) -> ListQuery:
    return ListQuery(
        page_size=page_size_param(params.get("page_size", params.get("pageSize"))),
        text=_filter_text(params.get("filter")),
        visibility=visibility_param(params),
        order=_order(params.get("order_by", params.get("orderBy"))),
        page_token=params.get("page_token", params.get("pageToken")) or "",
    )


def bound_to(query: ListQuery, *, route: str, caller, namespace=None) -> ListQuery:
    """The query with its page tokens bound to one listing: the route, the namespace (its pk)
    and the caller (their pk; anonymous callers share one scope)."""
    caller_key = caller.pk if getattr(caller, "is_authenticated", False) else ""
    namespace_key = getattr(namespace, "pk", "")
    return dataclasses.replace(query, scope=f"{route}\x00{namespace_key}\x00{caller_key}")


def _cursor_value(column: str, value):
    return value.isoformat() if isinstance(value, datetime) else value


def _encode_token(query: ListQuery, last, total: int) -> str:
    column = query.order[0]
    payload = {"q": query.digest, "v": _cursor_value(column, getattr(last, column)), "u": str(last.uid), "t": total}
    return _signer.sign_object(payload, compress=True)


def _decode_token(query: ListQuery) -> tuple:
    try:
        payload = _signer.unsign_object(query.page_token)
        if payload["q"] != query.digest:
            raise ValueError("The page token belongs to a different query.")
        value = payload["v"]
        if query.order[0] != "model_id":
            value = datetime.fromisoformat(value)
        return value, payload["u"], int(payload["t"])
    except (signing.BadSignature, ValueError, KeyError, TypeError) as exc:
        why = str(exc) if isinstance(exc, ValueError) and "different query" in str(exc) else "Invalid page token."
        raise field_error("page_token", why)


def filtered(qs: QuerySet, query: ListQuery) -> QuerySet:
    if query.text:
        qs = qs.filter(Q(model_id__icontains=query.text) | Q(description__icontains=query.text))
    if query.visibility:
        qs = qs.filter(visibility=query.visibility)
    return qs


def page(qs: QuerySet, query: ListQuery) -> tuple[list, str, int]:
    """One page of `qs` (already filtered) in the query's order, the next page's token and the total.

    The total is counted on the first page only; the page tokens carry it, so deep pages
    cost one query (on a large catalog a count costs more than the page itself).
    """
    column, direction = query.order
    sign = "-" if direction == "desc" else ""
    qs = qs.order_by(f"{sign}{column}", f"{sign}uid")
    if query.page_token:
        value, uid, total = _decode_token(query)
        op = "lt" if direction == "desc" else "gt"
        # `column <= v AND (column < v OR uid > u)` rather than `column < v OR (column = v AND
        # uid > u)`: the leading range lets both databases seek the index instead of scanning
        # from the top, so a deep page costs what the first one does.
        qs = qs.filter(Q(**{f"{column}__{op}e": value}), Q(**{f"{column}__{op}": value}) | Q(**{f"uid__{op}": uid}))
    else:
        total = qs.count()
    rows = list(qs[: query.page_size + 1])
    if len(rows) <= query.page_size:
        return rows, "", total
    rows = rows[: query.page_size]
    return rows, _encode_token(query, rows[-1], total), total
