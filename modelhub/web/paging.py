"""Keyset ("cursor") pagination of the model list page, and its bounded count.

A numbered page N costs an OFFSET of N × 20 rows, and "page N of M" a COUNT of every
visible row: both grow with the catalog, on every request. Here a page link carries a
signed cursor instead, the (create_time, uid) of the row it continues from (and that
row's rank, only to label the page), so every page costs one index range read; and the
count stops at COUNT_LIMIT ("1,000+ models"). A cursor is bound to the listing it was made
for (`scope`: the filters and the visitor): elsewhere it is ignored, and the first page shown.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.db.models import Q, QuerySet

COUNT_LIMIT = 1000
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


def _cursor(row, rank: int, scope: str) -> str:
    return _signer.sign_object({"t": row.create_time.isoformat(), "u": str(row.uid), "n": rank, "s": scope})


def _decode(raw: str | None, scope: str):
    """(create_time, uid, rank) of a valid cursor of this listing; None for a missing, stale,
    forged or foreign one."""
    if not raw:
        return None
    try:
        payload = _signer.unsign_object(raw)
        if payload.get("s", "") != scope:
            return None
        return datetime.fromisoformat(payload["t"]), str(payload["u"]), max(int(payload["n"]), 0)
    except (signing.BadSignature, ValueError, KeyError, TypeError, AttributeError):
        return None


def keyset_page(queryset: QuerySet, params, per_page: int, *, scope: str = "") -> Page:
    """The page after `params["after"]`, before `params["before"]`, or the first one; cursors
    are made for, and only read back in, the listing `scope` names (`listing_scope`).

    Order: newest first (-create_time, uid), the model's default. The conditions are
    written `create_time <= t AND (create_time < t OR uid > u)` so that the index on
    (create_time, uid) is read from the cursor on, not scanned from the top.
    """
    queryset = queryset.order_by("-create_time", "uid")
    if after := _decode(params.get("after"), scope):
        created, uid, rank = after
        rows = list(
            queryset.filter(Q(create_time__lte=created), Q(create_time__lt=created) | Q(uid__gt=uid))[: per_page + 1]
        )
        more, rows = len(rows) > per_page, rows[:per_page]
        if rows:
            return _page(rows, rank + 1, scope, has_next=more, has_previous=True)
    if before := _decode(params.get("before"), scope):
        created, uid, rank = before
        backwards = queryset.reverse().filter(Q(create_time__gte=created), Q(create_time__gt=created) | Q(uid__lt=uid))
        rows = list(backwards[: per_page + 1])
        more, rows = len(rows) > per_page, rows[:per_page][::-1]
        if rows:
            start = max(rank - len(rows), 1) if more else 1  # back at the top: rank 1, whatever the cursor said
            return _page(rows, start, scope, has_next=True, has_previous=more)
    rows = list(queryset[: per_page + 1])  # also where a cursor past the end (rows deleted since) lands
    return _page(rows[:per_page], 1, scope, has_next=len(rows) > per_page, has_previous=False)


def _page(rows: list, start: int, scope: str, *, has_next: bool, has_previous: bool) -> Page:
    if not rows:
        return Page(rows=[], start=0, next_cursor="", previous_cursor="")
    return Page(
        rows=rows,
        start=start,
        next_cursor=_cursor(rows[-1], start + len(rows) - 1, scope) if has_next else "",
        previous_cursor=_cursor(rows[0], start, scope) if has_previous else "",
    )


def bounded_count(queryset: QuerySet, limit: int | None = None) -> tuple[int, bool]:
    """(count, more): the number of rows up to `limit` (COUNT_LIMIT), and whether there are more."""
    limit = COUNT_LIMIT if limit is None else limit
    count = queryset.order_by()[: limit + 1].count()  # COUNT(*) over a LIMITed subquery
    return min(count, limit), count > limit
