"""PostgreSQL: search's words as a stored column (modelhub.search.index), kept by a trigger,
filled in batches and indexed CONCURRENTLY (not atomic: the table stays live). Nothing elsewhere."""

from django.db import migrations


def forwards(apps, schema_editor):
    from modelhub.search import index

    index.create_postgres_document(schema_editor)


def backwards(apps, schema_editor):
    from modelhub.search import index

    index.drop_postgres_document(schema_editor)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("modelhub", "0015_aimodel_visible_partial_indexes"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, atomic=False, hints={"schema_change": True}),
    ]
