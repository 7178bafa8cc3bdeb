"""`manage.py rebuild_search_index`: build SQLite's search index afresh from the model table.

The FTS table's keys hold the model table's implicit rowid, which a manual `VACUUM` may
renumber; `migrate` rebuilds it only when its table or triggers are missing or of an earlier
form. PostgreSQL's index is a column of the model row itself: nothing to rebuild there.
"""

import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from modelhub.search.index import drop_sqlite_index, ensure_sqlite_index


class Command(BaseCommand):
    help = "Build SQLite's search index afresh from the models (after a manual VACUUM, say)."

    def handle(self, *args, **options):
        if connection.vendor != "sqlite":
            self.stdout.write("PostgreSQL keeps the search words in each model's row: nothing to rebuild.")
            return
        started = time.monotonic()
        with transaction.atomic():
            drop_sqlite_index(connection)
            ensure_sqlite_index(connection)
        self.stdout.write(f"Rebuilt the search index in {time.monotonic() - started:.1f} s.")
