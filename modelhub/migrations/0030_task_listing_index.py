"""The task filter's count read from an index alone: a task's models in list order, followed by
the columns of who may see a row (`aimodel_task_listing`, replacing `aimodel_task_created`).
Built before the former one goes, CONCURRENTLY on PostgreSQL (so not atomic)."""

from django.db import migrations, models

from modelhub.migration_operations import AddIndexConcurrentlyOnPostgres, RemoveIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("modelhub", "0029_search_keyed_by_namespace"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="aimodel",
            index=models.Index(
                fields=["task", "-create_time", "uid", "visibility", "moderation_state", "delete_time"],
                name="aimodel_task_listing",
            ),
        ),
        RemoveIndexConcurrentlyOnPostgres(model_name="aimodel", name="aimodel_task_created"),
    ]
