"""ORM statements compiled once and run again with new values: the API's hot-path lookups
and its request log's one INSERT.

Django builds and compiles a QuerySet's SQL on every call: for the PATCH's locked read
(two joins, the caller's role as a subquery, 40 columns) that Python costs many times what
the database spends answering it. A `CompiledRead` builds its QuerySet once per thread and
database, through the same function the ORM path uses, with stand-in values; keeps the SQL
and parameters Django compiled for it; and on later calls runs that SQL with the real
values in the stand-ins' places, building the instances exactly as Django's ModelIterable
does (same columns and converters, select_related objects, annotations).

A `CompiledInsert` does the same for a write that every API request makes (the request
log's `INSERT … ON CONFLICT`): `bulk_create` itself runs once with stand-ins on a QuerySet
that compiles the INSERT and hands it back instead of sending it.

This is the only module that hands SQL to a cursor itself: the SQL is Django's own, so each
statement stays defined once, in the ORM. When a stand-in cannot be found exactly once (a
read's) or at all (a write's) among the compiled parameters (a builder that transforms its
inputs, a value written into the SQL), nothing is cached and the ORM runs the statement
every time.

Quarantine: it leans on private ORM internals (the compiler's select list and klass_info,
`get_related_populators`), which a Django upgrade may change. So it is an optimisation
only, never a dependency: any error while compiling or replaying a read logs one warning
and sends that read to the ORM from then on, and `settings.MODELHUB_COMPILED_QUERIES =
False` sends every read there; the API tests run both ways. Two errors still reach the
caller, as the ORM would raise them: the database's refusals of the moment (a lock, a lost
connection), and SQL the database refused inside a transaction (PostgreSQL has aborted
it: that request fails, later ones go through the ORM).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.db.models import Model, QuerySet
from django.db.models.sql import InsertQuery
from django.db.transaction import TransactionManagementError
from django.utils import timezone

try:  # private: a Django that moves it leaves every read on the ORM path
    from django.db.models.query import get_related_populators  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on the Django version
    get_related_populators = None

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=Model)


def stand_in_text(n: int) -> str:
    """A text stand-in that any transformation (lower(), upper(), strip()...) would change, so
    a builder that transforms its input is noticed (and not cached) instead of being bypassed."""
    return f" Mh-Compiled-Param-{n} "


def stand_in_int(n: int) -> int:
    """An integer stand-in within a 32-bit column's range (Django compiles an out-of-range
    value to an empty result, so it would never reach the parameters)."""
    return -2_043_000_011 - n


@dataclass
class _Compiled:
    sql: str
    params: list[Any]
    slots: list[int]  # where each value goes in params
    compiler: Any  # holds the select list, converters' owner (this thread's connection)
    converters: dict
    init_list: list[str]
    start: int
    end: int
    populators: list
    annotations: dict[str, int]
    for_update: bool


def _transient(exc: DatabaseError, connection: Any) -> bool:
    """A refusal of the moment (lock, deadlock, serialisation, lost connection), not of the SQL.
    SQLite reports broken SQL as OperationalError too; its readers meet no such refusals."""
    return isinstance(exc, InterfaceError) or (isinstance(exc, OperationalError) and connection.vendor != "sqlite")


def _busy(exc: DatabaseError) -> bool:
    """SQLite's refusal of a write while another connection holds the lock (the ORM meets it
    too): not a reason to stop compiling."""
    return isinstance(exc, OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


def enabled() -> bool:
    return getattr(settings, "MODELHUB_COMPILED_QUERIES", True)


class CompiledRead(Generic[M]):
    """`build(*values)` returns the QuerySet; `stand_ins` are values to compile it with."""

    def __init__(self, build: Callable[..., QuerySet[M]], stand_ins: tuple[Any, ...]):
        self.build = build
        self.stand_ins = stand_ins
        self._local = threading.local()
        self.broken = False  # set by the first error: this read stays on the ORM path

    def _give_up(self, stage: str) -> None:
        if not self.broken:
            self.broken = True
            logger.warning(
                "Compiled read %s failed while %s; it runs through the ORM from now on.",
                getattr(self.build, "__name__", self.build),
                stage,
                exc_info=True,
            )

    def _compile(self, alias: str) -> _Compiled | None:
        if get_related_populators is None:
            return None
        try:
            return self._compile_or_none(alias)
        except TransactionManagementError:
            raise  # a locked read outside a transaction: the ORM refuses it the same way
        except Exception:
            self._give_up("compiling")
            return None

    def _compile_or_none(self, alias: str) -> _Compiled | None:
        qs = self.build(*self.stand_ins)
        # `_fields` is the QuerySet's record of values()/values_list(); django-stubs does not declare it.
        values_of = qs._fields  # type: ignore[attr-defined]
        if values_of is not None or qs._iterable_class.__name__ != "ModelIterable":
            return None  # values()/values_list(): not model instances
        compiler = qs.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        slots = []
        for stand_in in self.stand_ins:
            found = [i for i, p in enumerate(params) if type(p) is type(stand_in) and p == stand_in]
            if len(found) != 1:
                return None
            slots.append(found[0])
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        return _Compiled(
            sql=sql,
            params=list(params),
            slots=slots,
            compiler=compiler,
            converters=compiler.get_converters([s[0] for s in select[: compiler.col_count]]),
            init_list=[f[0].target.attname for f in select[start:end]],
            start=start,
            end=end,
            populators=get_related_populators(klass_info, select, alias),
            annotations=dict(compiler.annotation_col_map or {}),
            for_update=bool(qs.query.select_for_update) and connections[alias].features.has_select_for_update,
        )

    def _compiled(self, alias: str) -> _Compiled | None:
        cache = self._local.__dict__.setdefault("by_alias", {})
        if alias not in cache:
            cache[alias] = self._compile(alias)
        return cache[alias]

    def fetch(self, *values: Any, limit: int, using: str = DEFAULT_DB_ALIAS) -> list[M]:
        """The first `limit` instances of `build(*values)`, as the ORM would return them."""
        compiled = None if self.broken or not enabled() else self._compiled(using)
        if compiled is not None:
            connection = connections[using]
            if compiled.for_update and connection.get_autocommit():
                raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
            try:
                return self._run(compiled, values, limit, using)
            except DatabaseError as exc:
                if _transient(exc, connection):
                    raise  # the database's own refusal (a lock, a lost connection): the ORM would meet it too
                self._give_up("running")
                if connection.in_atomic_block:
                    raise  # PostgreSQL has aborted the transaction: this request fails, later ones use the ORM
            except Exception:
                self._give_up("running")
        return list(self.build(*values)[:limit])

    def _run(self, compiled: _Compiled, values: tuple[Any, ...], limit: int, using: str) -> list[M]:
        connection = connections[using]
        params = list(compiled.params)
        for slot, value in zip(compiled.slots, values, strict=True):
            params[slot] = value
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchmany(limit)
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        model = compiled.compiler.klass_info["model"]
        objects = []
        for row in rows:
            obj = model.from_db(using, compiled.init_list, row[compiled.start : compiled.end])
            for populator in compiled.populators:
                populator.populate(row, obj)
            for name, position in compiled.annotations.items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


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


class CompiledInsert:
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
        self.model = model
        self.write = write
        self.stand_ins = stand_ins
        self.stamped = stamped
        self._local = threading.local()
        self.broken = False

    def _give_up(self, stage: str) -> None:
        if not self.broken:
            self.broken = True
            logger.warning(
                "Compiled write %s failed while %s; it runs through the ORM from now on.",
                getattr(self.write, "__name__", self.write),
                stage,
                exc_info=True,
            )

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
