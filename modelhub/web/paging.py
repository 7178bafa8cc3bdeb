"""The model list page's pages: links that carry a signed cursor (modelhub.paging's keyset).

A numbered page N costs an OFFSET of N × 20 rows, and "page N of M" a COUNT of every
visible row. Here a page link carries the sort value and uid of the row it continues from
(and that row's rank, only to label the page), so every page costs one index range read;
the count is modelhub.paging's bounded one ("10,000+ models"). A cursor is bound to the
listing it was made for (`scope`: the path, the filters and the visitor): elsewhere it is
ignored, and the first page shown.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.db.models import QuerySet

from modelhub.paging import COUNT_LIMIT, Order, bounded_count, ordered, seek

__all__ = ["COUNT_LIMIT", "Page", "bounded_count", "keyset_page"]
NEWEST_FIRST = Order("create_time", descending=True)
_signer = signing.Signer(salt="modelhub.web.list_cursor")


@dataclass(frozen=True)
class Page:
    rows: list
    start: int  # rank of the first row, from 1 (0 when the page is empty)
    next_cursor: str  # "" when this is the last page
    previous_cursor: str  # "" when this is the first page

    @property
    def end(self) -> int:
        return self.start + len(self.rows) - 1 if self.rows else 0

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def listing_scope(request, *, ignore=("after", "before")) -> str:
    """A digest of the listing a request shows: its path, query parameters (but the cursors)
    and visitor."""
    params = sorted((key, value) for key, values in request.GET.lists() if key not in ignore for value in values)
    caller = request.user.pk if request.user.is_authenticated else ""
    key = f"{request.path}\x00{params!r}\x00{caller}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _cursor(row, order: Order, rank: int, scope: str) -> str:
    value = getattr(row, order.column)
    value = value.isoformat() if isinstance(value, datetime) else value
    return _signer.sign_object({"t": value, "u": str(row.uid), "n": rank, "c": order.column, "s": scope})


def _decode(raw: str | None, order: Order, scope: str):
    """(sort value, uid, rank) of a valid cursor of this order and listing; None for a missing,
    stale, forged or foreign one."""
    if not raw:
        return None
    try:
        payload = _signer.unsign_object(raw)
        if payload.get("s", "") != scope or payload.get("c", "create_time") != order.column:
            return None
        value = payload["t"] if order.column == "model_id" else datetime.fromisoformat(payload["t"])
        return value, str(payload["u"]), max(int(payload["n"]), 0)
    except (signing.BadSignature, ValueError, KeyError, TypeError, AttributeError):
        return None


def keyset_page(
    queryset: QuerySet, params, per_page: int, order: Order = NEWEST_FIRST, top=(), *, scope: str = ""
) -> Page:
    """The page after `params["after"]`, before `params["before"]`, or the first one; cursors
    are made for, and only read back in, the listing `scope` names (`listing_scope`).

    `top` (rows of `queryset`, e.g. a search's ID matches) lead the first page; the pages
    leave them out elsewhere.
    """
    top = list(top)[: per_page - 1]
    if top:
        queryset = queryset.exclude(pk__in=[row.pk for row in top])
    if after := _decode(params.get("after"), order, scope):
        value, uid, rank = after
        rows = list(seek(queryset, order, value, uid)[: per_page + 1])
        more, rows = len(rows) > per_page, rows[:per_page]
        if rows:
            return _page(rows, order, rank + 1, scope, has_next=more, has_previous=True)
    if before := _decode(params.get("before"), order, scope):
        value, uid, rank = before
        rows = list(seek(queryset, order, value, uid, backwards=True)[: per_page + 1])
        more, rows = len(rows) > per_page, rows[:per_page][::-1]
        if rows and more:
            return _page(rows, order, max(rank - len(rows), 1), scope, has_next=True, has_previous=True)
    # The first page (also where a cursor past either end, rows deleted since, lands).
    rows = top + list(ordered(queryset, order)[: per_page - len(top) + 1])
    return _page(rows[:per_page], order, 1, scope, has_next=len(rows) > per_page, has_previous=False)


def _page(rows: list, order: Order, start: int, scope: str, *, has_next: bool, has_previous: bool) -> Page:
    if not rows:
        return Page(rows=[], start=0, next_cursor="", previous_cursor="")
    return Page(
        rows=rows,
        start=start,
        next_cursor=_cursor(rows[-1], order, start + len(rows) - 1, scope) if has_next else "",
        previous_cursor=_cursor(rows[0], order, start, scope) if has_previous else "",
    )
