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

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError

logger = logging.getLogger(__name__)


def stand_in_text(n: int) -> str:
    """A text stand-in that any transformation (lower(), upper(), strip()...) would change, so
    a builder that transforms its input is noticed (and not cached) instead of being bypassed."""
    return f" Mh-Compiled-Param-{n} "


def stand_in_int(n: int) -> int:
    """An integer stand-in within a 32-bit column's range (Django compiles an out-of-range
    value to an empty result, so it would never reach the parameters)."""
    return -2_043_000_011 - n


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


class Quarantined:
    """What a compiled read and a compiled write share: a cache per thread and database, and
    the switch the first error throws, after which the statement runs through the ORM."""

    def __init__(self, kind: str, source: Any):
        self.kind, self.source = kind, source
        self._local = threading.local()
        self.broken = False  # set by the first error: this statement stays on the ORM path

    def _give_up(self, stage: str) -> None:
        if not self.broken:
            self.broken = True
            logger.warning(
                "Compiled %s %s failed while %s; it runs through the ORM from now on.",
                self.kind,
                getattr(self.source, "__name__", self.source),
                stage,
                exc_info=True,
            )


from modelhub.compiled_queries.inserts import CompiledInsert  # noqa: E402
from modelhub.compiled_queries.reads import CompiledRead  # noqa: E402

__all__ = ["CompiledInsert", "CompiledRead", "enabled", "stand_in_int", "stand_in_text"]
