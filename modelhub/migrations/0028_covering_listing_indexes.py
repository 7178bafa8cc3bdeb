"""Counts read from an index alone: staff's partial index holds its condition's column
(`aimodel_alive_listing`), and a namespace's models by visibility continue in list order
(`aimodel_ns_visibility_created`: an outsider's page of a namespace and its count, and the
count a signed-in visitor's list starts with). The new indexes are built before the former
ones go, CONCURRENTLY on PostgreSQL (so not atomic): the lists keep an index throughout."""

from django.db import migrations, models

from modelhub.migration_operations import AddIndexConcurrentlyOnPostgres, RemoveIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("modelhub", "0027_search_reach_token"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="aimodel",
            index=models.Index(
                fields=["namespace", "visibility", "moderation_state", "delete_time", "-create_time", "uid"],
                name="aimodel_ns_visibility_created",
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
        RemoveIndexConcurrentlyOnPostgres(model_name="aimodel", name="aimodel_ns_visibility_alive"),
        RemoveIndexConcurrentlyOnPostgres(model_name="aimodel", name="aimodel_alive_created"),
    ]
