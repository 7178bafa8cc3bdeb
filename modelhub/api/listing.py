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
from django.db.models import QuerySet

from modelhub import paging, search
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
# A clause's text may be long; search reads its first modelhub.search.MAX_TEXT characters.
MAX_FILTER_TEXT = 4096
MAX_FILTER_CLAUSES = 9
# The forms the server takes, as patterns the OpenAPI document states verbatim (fullmatch here,
# ^...$ there): `q="text"` and `tag="name"` clauses (the text's escapes count once),
# separated by spaces or AND; and `field [asc|desc]`.
_CLAUSE = r'(?:q|tag)\s*=\s*"(?:[^"\\]|\\[\s\S]){0,MAX}"'.replace("MAX", str(MAX_FILTER_TEXT))
FILTER_PATTERN = rf"\s*(?:{_CLAUSE}(?:\s+(?:AND\s+)?{_CLAUSE}){{0,{MAX_FILTER_CLAUSES - 1}}}\s*)?"
ORDER_BY_PATTERN = (
    r"\s*(?:(create_time|createTime|update_time|updateTime|id)(?:\s+([aA][sS][cC]|[dD][eE][sS][cC]))?\s*)?"
)
FILTER_RE = re.compile(FILTER_PATTERN)
_CLAUSE_RE = re.compile(r'(q|tag)\s*=\s*"((?:[^"\\]|\\.)*)"', re.DOTALL)
ORDER_BY_RE = re.compile(ORDER_BY_PATTERN)
_signer = signing.Signer(salt="modelhub.api.page_token")


@dataclass(frozen=True)
class ListQuery:
    page_size: int
    text: str
    tags: tuple[str, ...]
    visibility: str
    order: tuple[str, str]  # (column, "asc"|"desc")
    page_token: str
    scope: str = ""  # the listing the page tokens are bound to (bound_to)

    @property
    def search(self) -> search.Search:
        return search.parse(self.text, self.tags)

    @property
    def digest(self) -> str:
        key = f"{self.text}\x00{self.visibility}\x00{self.order}\x00{self.scope}"
        key += "".join(f"\x00{tag}" for tag in self.tags)
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


def _filter_clauses(raw: str | None) -> tuple[str, tuple[str, ...]]:
    """(search text, tags) of a filter: q clauses joined by a space, every tag clause kept."""
    if not raw:
        return "", ()
    if not FILTER_RE.fullmatch(raw):
        raise field_error(
            "filter",
            f'Unsupported filter; use q="text" (searches id, description and tags) and tag="name", '
            f"separated by spaces or AND (each at most {MAX_FILTER_TEXT} characters; a backslash escapes"
            ' \\" and \\\\).',
        )
    texts: list[str] = []
    tags: list[str] = []
    for name, value in _CLAUSE_RE.findall(raw):
        (texts if name == "q" else tags).append(re.sub(r"\\(.)", r"\1", value, flags=re.DOTALL))
    return " ".join(texts), tuple(tags)


def _order(raw: str | None) -> tuple[str, str]:
    match = ORDER_BY_RE.fullmatch(raw or "")
    if match is None:
        raise field_error("order_by", "Use one of create_time, update_time or id, optionally followed by asc or desc.")
    if match.group(1) is None:
        return DEFAULT_ORDER
    return ORDER_FIELDS[match.group(1)], (match.group(2) or "asc").lower()


def parse_list_query(params) -> ListQuery:
    text, tags = _filter_clauses(params.get("filter"))
    return ListQuery(
        page_size=page_size_param(params.get("page_size", params.get("pageSize"))),
        text=text,
        tags=tags,
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
    """The rows of `qs` the query's filter and visibility keep (search: modelhub.search)."""
    qs = search.matching(qs, query.search)
    if query.visibility:
        qs = qs.filter(visibility=query.visibility)
    return qs


def page(qs: QuerySet, query: ListQuery, *, at_least: QuerySet | None = None) -> tuple[list, str, int]:
    """One page of `qs` (already filtered) in the query's order, the next page's token and the total.

    A search puts the models whose ID is the text, or starts with it, first (on the first
    page; the rest of the pages leave them out). The total (exact up to
    paging.COUNT_LIMIT, an estimate beyond) is counted on the first page only; the page
    tokens carry it, so a deep page costs one index range read. `at_least`: rows of `qs`
    cheaper to count (modelhub.paging.bounded_count), unfiltered (the query's are applied here).
    """
    column, direction = query.order
    order = paging.Order(column, direction == "desc")
    top = []
    if query.search.id_prefix and query.page_size > 1:
        top = search.top_id_matches(qs, query.search)[: query.page_size - 1]
    rest = qs.exclude(pk__in=[row.pk for row in top]) if top else qs
    if query.page_token:
        value, uid, total = _decode_token(query)
        rows = list(paging.seek(rest, order, value, uid)[: query.page_size + 1])
        top = []
    else:
        anyone = at_least  # filtered only when the count asks for it (SQLite)
        total = paging.estimated_count(qs, at_least=(lambda: filtered(anyone, query)) if anyone is not None else None)
        rows = list(paging.ordered(rest, order)[: query.page_size - len(top) + 1])
    more = len(rows) > query.page_size - len(top)
    rows = rows[: query.page_size - len(top)]
    token = _encode_token(query, rows[-1], total) if more and rows else ""
    return top + rows, token, total
