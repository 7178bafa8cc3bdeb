"""Keyset ("cursor") pagination and bounded counts, for every list of models.

A list is read in one of a few orders, each a column and the uid as tie-breaker, and each
with an index of the same shape, so a page is one index range read from the cursor on
whatever its depth; and a count stops at COUNT_LIMIT rows.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Q, QuerySet

from modelhub import search

COUNT_LIMIT = 10_000
# PostgreSQL: a planner estimate of this many times the bound (and of at least ESTIMATE_FLOOR
# rows: a table never analyzed is guessed at hundreds of rows) is taken as "more than the
# bound" without counting; the planner's estimates of these filters are within a few times
# the truth.
ESTIMATE_TRUSTED = 3
ESTIMATE_FLOOR = 30_000


@dataclass(frozen=True)
class Order:
    """Rows by `column` (descending or not), ties by uid in the opposite direction: the shape
    of the indexes (`-create_time, uid`), which either database reads forwards or backwards."""

    column: str
    descending: bool

    def fields(self, *, backwards: bool = False) -> list[str]:
        first_desc = self.descending != backwards
        return [f"{'-' if first_desc else ''}{self.column}", f"{'' if first_desc else '-'}uid"]


def ordered(queryset: QuerySet, order: Order) -> QuerySet:
    return queryset.order_by(*order.fields())


def seek(queryset: QuerySet, order: Order, value, uid, *, backwards: bool = False) -> QuerySet:
    """The rows after (value, uid) in `order` (before it, nearest first, when `backwards`).

    Written `column <= v AND (column < v OR uid > u)` (for a descending column), not
    `column < v OR (column = v AND uid > u)`: the leading range lets both databases seek the
    index to the cursor instead of reading it from the top.
    """
    first_desc = order.descending != backwards
    op = "lt" if first_desc else "gt"
    uid_op = "gt" if first_desc else "lt"
    column = order.column
    condition = Q(**{f"{column}__{op}e": value}), Q(**{f"{column}__{op}": value}) | Q(**{f"uid__{uid_op}": uid})
    return queryset.filter(*condition).order_by(*order.fields(backwards=backwards))


AtLeast = QuerySet | Callable[[], QuerySet] | None


def bounded_count(queryset: QuerySet, limit: int | None = None, *, at_least: AtLeast = None) -> tuple[int, bool]:
    """(count, more): the number of rows up to `limit` (COUNT_LIMIT), and whether there are more.

    On PostgreSQL the planner's estimate is asked first (an EXPLAIN: no row is read): when it
    expects at least ESTIMATE_TRUSTED times the limit (and ESTIMATE_FLOOR rows), the answer is
    "more" without counting, since counting `limit` + 1 rows costs more than the page itself.
    Below that the rows are
    counted, so a count up to the limit is exact whatever the estimate said.

    `at_least` (SQLite; PostgreSQL's estimate answers first): some of `queryset`'s rows,
    cheaper to count (a signed-in visitor's list: the rows anyone may see, read from one
    partial index, or counted by a search's FTS lookup, not through the membership join), or
    a function building them when asked; when they alone are more than the limit, so is
    `queryset`.
    """
    count, more, _ = _bounded_count(queryset, COUNT_LIMIT if limit is None else limit, at_least)
    return count, more


def _bounded_count(queryset: QuerySet, limit: int, at_least: AtLeast) -> tuple[int, bool, int | None]:
    """(count, more, the planner's estimate when it was asked)."""
    if queryset.query.is_empty():
        return 0, False, None
    estimate = None
    if connections[queryset.db].vendor == "postgresql":
        estimate = planner_rows(queryset)
        if estimate >= max(ESTIMATE_TRUSTED * limit, ESTIMATE_FLOOR):
            return limit, True, estimate
    if at_least is not None and estimate is None:
        subset = at_least() if callable(at_least) else at_least
        if _bounded_count(subset, limit, None)[1]:
            return limit, True, estimate
    count = search.fts_count(queryset, limit + 1)
    if count is None:
        # In the list's order (the model's default): the planner then reads the list's index up
        # to the bound, as the page does, rather than the whole table until it has enough rows.
        ordering = queryset.query.order_by or queryset.model._meta.ordering
        # COUNT(*) over a LIMITed subquery of primary keys (no annotation, so no column is read
        # that an index does not hold).
        count = queryset.order_by(*ordering).values("pk")[: limit + 1].count()
    return min(count, limit), count > limit, estimate


def planner_rows(queryset: QuerySet) -> int:
    """The PostgreSQL planner's estimate of the rows of `queryset` (EXPLAIN; nothing is read)."""
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a condition that can hold for no row (`pk IN ()`)
        return 0
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = plan[0] if isinstance(plan, list) else plan
    return int(plan["Plan"]["Plan Rows"])


def estimated_count(queryset: QuerySet, *, at_least: AtLeast = None) -> int:
    """An exact count up to COUNT_LIMIT; beyond it the planner's estimate on PostgreSQL (never
    below COUNT_LIMIT + 1), and COUNT_LIMIT + 1 ("more than COUNT_LIMIT") on SQLite."""
    count, more, estimate = _bounded_count(queryset, COUNT_LIMIT, at_least)
    if not more:
        return count
    if connections[queryset.db].vendor != "postgresql":
        return COUNT_LIMIT + 1
    return max(planner_rows(queryset) if estimate is None else estimate, COUNT_LIMIT + 1)
