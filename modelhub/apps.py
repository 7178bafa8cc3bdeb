from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _keep_sqlite_search_index(sender, using, **kwargs):
    """Django rebuilds a SQLite table to alter it, dropping its triggers: put the search
    index's back (modelhub.search.index) once the migrations that made it have run."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    applied = MigrationRecorder(connection).applied_migrations()
    if ("modelhub", "0014_search_index") in applied:
        from modelhub.search.index import ensure_sqlite_index

        ensure_sqlite_index(connection)


class ModelhubConfig(AppConfig):
    name = "modelhub"
    verbose_name = "modelhub"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_keep_sqlite_search_index, sender=self)
