"""SQLite: the FTS table's rows are keyed by namespace, then model row (modelhub.search.index),
so a search within a namespace reads only that namespace's part of each word's list. The table
is built afresh from the model table (about three minutes at 2,000,000 models); PostgreSQL has
nothing to do."""

from django.db import migrations

from modelhub.search.index import migrate_sqlite_index


class Migration(migrations.Migration):

    dependencies = [
        ("modelhub", "0028_covering_listing_indexes"),
    ]

    # Backwards the new form stays for the code that migrates back; an earlier release builds
    # its own form again after its `migrate` (modelhub.apps).
    operations = [migrations.RunPython(migrate_sqlite_index, migrations.RunPython.noop, hints={"schema_change": True})]
