"""A task's models in list order; built CONCURRENTLY on PostgreSQL (so not atomic)."""

import importlib

from django.db import migrations, models

AddIndexConcurrentlyOnPostgres = importlib.import_module(
    "modelhub.migrations.0014_search_index"
).AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("modelhub", "0016_search_document"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="aimodel",
            index=models.Index(fields=["task", "-create_time", "uid"], name="aimodel_task_created"),
        ),
    ]
