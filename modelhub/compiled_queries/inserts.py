"""CompiledInsert: a `bulk_create` compiled once per thread and database (see the package's docstring)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import Model, QuerySet
from django.db.models.sql import InsertQuery
from django.utils import timezone

from modelhub.compiled_queries import Quarantined, _busy, _transient, enabled


class _InsertCompiled(Exception):
    """Carries the SQL Django compiled for an INSERT, in place of sending it."""

    def __init__(self, statements: list[tuple[str, Any]]):
        super().__init__()
        self.statements = statements


class _CompilingQuerySet(QuerySet):
    """A QuerySet whose INSERT is compiled and handed back (as _InsertCompiled), never sent: every
    step of `bulk_create` before it (defaults, stamps, conflict options) runs as usual."""

    def _insert(self, objs, fields, returning_fields=None, raw=False, using=None, **options):
        query = InsertQuery(self.model, **options)
        query.insert_values(fields, objs, raw=raw)
        raise _InsertCompiled(query.get_compiler(using=using or self.db).as_sql())


@dataclass
class _CompiledInsert:
    sql: str
    params: list[Any]
    slots: list[list[int]]  # where each value goes in params (a value may go in more than one place)
    stamp: int | None  # where the time of the write goes (an `auto_now_add` field), if anywhere


def _adapted(connection: Any, value: Any) -> Any:
    """`value` as the ORM hands it to the driver (a datetime as SQLite's text, say)."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _within(connection: Any, param: Any, earliest: datetime, latest: datetime) -> bool:
    """Whether `param` is a time the ORM stamped between `earliest` and `latest`, as handed to
    the driver (SQLite: ISO text of the same shape, so the texts compare as the times do)."""
    if isinstance(param, datetime):
        return earliest <= param <= latest
    low, high = _adapted(connection, earliest), _adapted(connection, latest)
    return isinstance(param, str) and isinstance(low, str) and len(param) == len(low) and low <= param <= high


def _like(compiled: Any, value: Any) -> Any:
    """`value` in the wrapper the driver's compiled parameter had (psycopg's Int2...)."""
    if value is not None and type(compiled) is not type(value) and isinstance(compiled, type(value)):
        return type(compiled)(value)
    return value


class CompiledInsert(Quarantined):
    """`write(queryset, *values)` writes one row of `model` through `queryset.bulk_create(…)`
    (with its options); `stand_ins` are values to compile it with. Compiled inside a
    transaction only: the write is run with the stand-ins on a QuerySet that compiles its
    INSERT and stops there (nothing is sent: `bulk_create`'s own atomic block opens no
    savepoint inside a transaction); later calls send that SQL with the real values in the
    stand-ins' places. A value may go in more than one place (the row's user and its
    subquery's). `stamped`: the row has one `auto_now_add` field, which the ORM stamps with
    the time of the write: its place is the one parameter holding a time taken during the
    compiling write, and each later write puts the time of its own there. Quarantined like
    CompiledRead: any error while compiling or sending sends this write through the ORM from
    then on."""

    def __init__(
        self, model: type[Model], write: Callable[..., Any], stand_ins: tuple[Any, ...], *, stamped: bool = False
    ):
        super().__init__("write", write)
        self.model = model
        self.write = write
        self.stand_ins = stand_ins
        self.stamped = stamped

    def _compile(self, alias: str) -> _CompiledInsert | None:
        connection = connections[alias]
        captured: list[tuple[str, Any]] = []
        needs_rollback = connection.needs_rollback
        earliest = timezone.now()
        try:
            self.write(_CompilingQuerySet(model=self.model, using=alias), *self.stand_ins)
        except _InsertCompiled as compiled:
            captured = [(sql, list(params)) for sql, params in compiled.statements]
        finally:
            # bulk_create's atomic block marked the transaction for rollback on the way out of
            # the exception, but nothing was sent.
            connection.needs_rollback = needs_rollback
        latest = timezone.now()
        if len(captured) != 1:
            return None
        sql, params = captured[0]
        slots = []
        for stand_in in self.stand_ins:
            adapted = _adapted(connection, stand_in)
            # isinstance: the driver's own wrappers of a value (psycopg's Int2 for a small integer).
            found = [i for i, p in enumerate(params) if isinstance(p, type(adapted)) and p == adapted]
            if not found:
                return None
            slots.append(found)
        stamp = None
        if self.stamped:
            taken = {i for found in slots for i in found}
            stamps = [i for i, p in enumerate(params) if i not in taken and _within(connection, p, earliest, latest)]
            if len(stamps) != 1:
                return None
            stamp = stamps[0]
        return _CompiledInsert(sql=sql, params=params, slots=slots, stamp=stamp)

    def _compiled(self, alias: str) -> _CompiledInsert | None:
        cache = self._local.__dict__.setdefault("by_alias", {})
        if alias not in cache:
            try:
                cache[alias] = self._compile(alias)
            except Exception:
                self._give_up("compiling")
                cache[alias] = None
        return cache[alias]

    def run(self, *values: Any, using: str = DEFAULT_DB_ALIAS) -> None:
        """Write the row `write(*values)` would write."""
        connection = connections[using]
        ready = not self.broken and enabled() and connection.in_atomic_block
        compiled = self._compiled(using) if ready else None
        if compiled is not None:
            try:
                params = list(compiled.params)
                for slots, value in zip(compiled.slots, values, strict=True):
                    for slot in slots:
                        params[slot] = _like(compiled.params[slot], _adapted(connection, value))
                if compiled.stamp is not None:
                    params[compiled.stamp] = _adapted(connection, timezone.now())
                with connection.cursor() as cursor:
                    cursor.execute(compiled.sql, params)
                return
            except DatabaseError as exc:
                if _transient(exc, connection) or _busy(exc):
                    raise
                self._give_up("running")
                raise  # inside a transaction: PostgreSQL has aborted it; later writes use the ORM
            except Exception:
                self._give_up("running")
        self.write(self.model.objects.using(using), *values)  # type: ignore[attr-defined]
