"""The lists' partial indexes (what anyone may see; what staff see) hold their condition's
columns too, so SQLite counts a list from the index alone; and a namespace's models anyone may
see, in list order (an outsider's page of a namespace, and the count a signed-in visitor's
list starts with). The new indexes are built before the former ones go, CONCURRENTLY on
PostgreSQL (so not atomic): the lists keep an index throughout."""

import importlib

from django.contrib.postgres.operations import RemoveIndexConcurrently
from django.db import migrations, models

AddIndexConcurrentlyOnPostgres = importlib.import_module(
    "modelhub.migrations.0014_search_index"
).AddIndexConcurrentlyOnPostgres


class RemoveIndexConcurrentlyOnPostgres(RemoveIndexConcurrently):
    """DROP INDEX CONCURRENTLY on PostgreSQL, a plain DROP INDEX elsewhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return migrations.RemoveIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return migrations.RemoveIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)


PUBLIC_ALIVE = models.Q(("delete_time__isnull", True), ("moderation_state", "ACTIVE"), ("visibility", "VISIBILITY_PUBLIC"))


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("modelhub", "0027_search_reach_token"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="aimodel",
            index=models.Index(
                condition=PUBLIC_ALIVE,
                fields=["-create_time", "uid", "visibility", "moderation_state", "delete_time"],
                name="aimodel_public_listing",
            ),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="aimodel",
            index=models.Index(
                condition=PUBLIC_ALIVE,
                fields=["namespace", "-create_time", "uid", "visibility", "moderation_state", "delete_time"],
                name="aimodel_ns_public_listing",
            ),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="aimodel",
            index=models.Index(
                condition=models.Q(("delete_time__isnull", True)),
                fields=["-create_time", "uid", "delete_time"],
                name="aimodel_alive_listing",
            ),
        ),
        RemoveIndexConcurrentlyOnPostgres(model_name="aimodel", name="aimodel_public_created"),
        RemoveIndexConcurrentlyOnPostgres(model_name="aimodel", name="aimodel_alive_created"),
    ]
