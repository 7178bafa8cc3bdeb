"""CompiledRead: a QuerySet compiled once per thread and database (see the package's docstring)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import Model, QuerySet
from django.db.transaction import TransactionManagementError

from modelhub.compiled_queries import Quarantined, _transient, enabled

try:  # private: a Django that moves it leaves every read on the ORM path
    from django.db.models.query import get_related_populators  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on the Django version
    get_related_populators = None

M = TypeVar("M", bound=Model)


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


class CompiledRead(Quarantined, Generic[M]):
    """`build(*values)` returns the QuerySet; `stand_ins` are values to compile it with."""

    def __init__(self, build: Callable[..., QuerySet[M]], stand_ins: tuple[Any, ...]):
        super().__init__("read", build)
        self.build = build
        self.stand_ins = stand_ins

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
