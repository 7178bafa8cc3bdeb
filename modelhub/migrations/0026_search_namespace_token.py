"""SQLite: the FTS table holds each model's namespace as one token (modelhub.search.index), so
a search within one namespace is answered inside the index. The table is built afresh from
the model table (about a minute at 2,000,000 models); PostgreSQL has nothing to do."""

from django.db import migrations

from modelhub.search.index import migrate_sqlite_index


class Migration(migrations.Migration):

    dependencies = [
        ("modelhub", "0025_aimodel_ns_lower_id"),
    ]

    # Backwards the new form stays: it answers every query the earlier one did.
    operations = [migrations.RunPython(migrate_sqlite_index, migrations.RunPython.noop, hints={"schema_change": True})]
