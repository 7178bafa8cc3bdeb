"""Partial indexes of what anyone may see and of what staff see, in list order; built
CONCURRENTLY on PostgreSQL (so not atomic), plainly elsewhere."""

import importlib

from django.db import migrations, models

AddIndexConcurrentlyOnPostgres = importlib.import_module(
    "modelhub.migrations.0014_search_index"
).AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("modelhub", "0014_search_index"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="aimodel",
            index=models.Index(
                condition=models.Q(
                    ("delete_time__isnull", True), ("moderation_state", "ACTIVE"), ("visibility", "VISIBILITY_PUBLIC")
                ),
                fields=["-create_time", "uid"],
                name="aimodel_public_created",
            ),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="aimodel",
            index=models.Index(
                condition=models.Q(("delete_time__isnull", True)),
                fields=["-create_time", "uid"],
                name="aimodel_alive_created",
            ),
        ),
    ]
