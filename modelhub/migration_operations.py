"""Migration operations that build or drop an index CONCURRENTLY on PostgreSQL (the table keeps
taking reads and writes meanwhile; such a migration is not atomic) and plainly elsewhere."""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations


class _ConcurrentlyOnPostgres:
    """The CONCURRENTLY operation on PostgreSQL, its plain twin (`plain`) on other databases."""

    plain: type[migrations.AddIndex] | type[migrations.RemoveIndex]

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)  # type: ignore[misc]
        return self.plain.database_forwards(self, app_label, schema_editor, from_state, to_state)  # type: ignore[arg-type]

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)  # type: ignore[misc]
        return self.plain.database_backwards(self, app_label, schema_editor, from_state, to_state)  # type: ignore[arg-type]


class AddIndexConcurrentlyOnPostgres(_ConcurrentlyOnPostgres, AddIndexConcurrently):
    """CREATE INDEX CONCURRENTLY on PostgreSQL, a plain CREATE INDEX elsewhere."""

    plain = migrations.AddIndex


class RemoveIndexConcurrentlyOnPostgres(_ConcurrentlyOnPostgres, RemoveIndexConcurrently):
    """DROP INDEX CONCURRENTLY on PostgreSQL, a plain DROP INDEX elsewhere."""

    plain = migrations.RemoveIndex
