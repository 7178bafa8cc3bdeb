"""SQLite: a list query's joins run in the order they are written, the model table outermost.

With a large catalog's statistics and a small LIMIT, SQLite's planner may start a list's
`select_related` join from the joined table (every namespace, each model of it looked up by
the namespace's index) and sort every visible model to keep one page, instead of walking the
list's index in order and looking each row's namespace up by key. `CROSS JOIN … ON` is the same
inner join to SQLite, with the one difference that it never moves the right table outside the
left one (https://sqlite.org/optoverview.html#manual_control_of_query_plans_using_cross_join).
"""

from django.db.models import QuerySet
from django.db.models.sql.constants import INNER
from django.db.models.sql.datastructures import Join


class WrittenOrderJoin(Join):
    """An inner join that SQLite keeps in the written order; any other database gets `INNER JOIN`."""

    def as_sql(self, compiler, connection):
        sql, params = super().as_sql(compiler, connection)
        if self.join_type == INNER and connection.vendor == "sqlite":
            sql = "CROSS JOIN" + sql[len(INNER) :]
        return sql, params


def in_written_join_order(qs: QuerySet) -> QuerySet:
    """`qs` with each inner join it makes from now on (its `select_related` ones included, made
    when it is compiled) kept in the written order on SQLite: its own table outermost."""
    qs = qs.all()
    # Query.join_class builds each join; clones copy the instance's attributes, so filters and
    # slices applied to `qs` later keep it.
    qs.query.join_class = WrittenOrderJoin
    return qs
