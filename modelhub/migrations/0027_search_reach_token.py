"""SQLite: the FTS table holds who may see each model (alive; public too) as tokens
(modelhub.search.index), so a search's matches among the rows a list may hold are counted
inside the index. The table is built afresh from the model table (about a minute at 2,000,000
models); PostgreSQL has nothing to do."""

from django.db import migrations

from modelhub.search.index import migrate_sqlite_index


class Migration(migrations.Migration):

    dependencies = [
        ("modelhub", "0026_search_namespace_token"),
    ]

    # Backwards the new form stays: it answers every query the earlier one did.
    operations = [migrations.RunPython(migrate_sqlite_index, migrations.RunPython.noop, hints={"schema_change": True})]
