"""The moderation queue's indexes: open reports by model, and the entries that made a model
public in the page's order; built CONCURRENTLY on PostgreSQL (so not atomic)."""

import importlib

from django.db import migrations, models

AddIndexConcurrentlyOnPostgres = importlib.import_module(
    "modelhub.migrations.0014_search_index"
).AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("modelhub", "0021_auditentry_action_revert_transfer"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="auditentry",
            index=models.Index(
                condition=models.Q(("changes__visibility__new", "VISIBILITY_PUBLIC")),
                fields=["-create_time", "id"],
                name="audit_made_public",
            ),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="report",
            index=models.Index(
                condition=models.Q(("status", "open")),
                fields=["aimodel", "create_time", "reason"],
                name="report_open_by_model",
            ),
        ),
    ]
