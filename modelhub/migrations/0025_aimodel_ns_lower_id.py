"""A namespace's models in case-insensitive ID order: a search's "ID starts with the text"
matches within one namespace are one range of it. Built CONCURRENTLY on PostgreSQL (so not
atomic)."""

import importlib

from django.db import migrations, models
from django.db.models.functions import Lower

AddIndexConcurrentlyOnPostgres = importlib.import_module(
    "modelhub.migrations.0014_search_index"
).AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("modelhub", "0024_apirequest_slot_generated"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="aimodel",
            index=models.Index(models.F("namespace"), Lower("model_id"), name="aimodel_ns_lower_id"),
        ),
    ]
