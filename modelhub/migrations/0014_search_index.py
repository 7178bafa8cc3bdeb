"""Search's index (modelhub.search.index) and the lists' other orders' indexes.

On PostgreSQL every index is built CONCURRENTLY, so the migration is not atomic and the model
table keeps taking reads and writes meanwhile; on SQLite the indexes are plain and search's is
an FTS5 table kept by triggers.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

# Later migrations take it from this module too.
from modelhub.migration_operations import AddIndexConcurrentlyOnPostgres


class TrigramExtensionOnPostgres(TrigramExtension):
    """pg_trgm on PostgreSQL; nothing elsewhere, either way (the stock backwards step asks
    every database for pg_extension)."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def forwards(apps, schema_editor):
    from modelhub.search import index

    index.create(schema_editor)


def backwards(apps, schema_editor):
    from modelhub.search import index

    index.drop(schema_editor)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("modelhub", "0013_hardening"),
    ]

    operations = [
        TrigramExtensionOnPostgres(),
        migrations.RunPython(forwards, backwards, atomic=False, hints={"schema_change": True}),
        AddIndexConcurrentlyOnPostgres(
            model_name="aimodel",
            index=models.Index(fields=["model_id", "-uid"], name="aimodel_name"),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="aimodel",
            index=models.Index(fields=["namespace", "-update_time", "uid"], name="aimodel_ns_updated"),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="aimodel",
            index=models.Index(fields=["namespace", "model_id", "-uid"], name="aimodel_ns_name"),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="aimodel",
            index=models.Index(
                condition=models.Q(("delete_time__isnull", False)),
                fields=["namespace", "-delete_time", "uid"],
                name="aimodel_ns_deleted",
            ),
        ),
    ]
