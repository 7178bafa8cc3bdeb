"""The search index's DDL, kept by the database itself (see modelhub.search).

PostgreSQL: a stored tsvector column kept by a trigger, and three GIN indexes (that column,
ID trigrams, tags), built CONCURRENTLY so a live table keeps taking writes.
SQLite: an FTS5 table (trigram tokenizer) whose content is the model table, and triggers that
keep it in step. Django rebuilds a SQLite table to alter it (new table, copy, drop, rename),
which drops the triggers and renumbers the rows; `ensure_sqlite_index` (run after every
`migrate`) puts the triggers back and rebuilds the FTS table when they were missing.
"""

FTS_TABLE = "modelhub_aimodel_fts"
DOCUMENT_SQL = "to_tsvector('simple'::regconfig, {row}model_id || ' ' || {row}description || ' ' || ({row}tags)::text)"
POSTGRES_INDEXES = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS aimodel_id_trgm ON modelhub_aimodel"
    " USING gin (lower(model_id) gin_trgm_ops)",
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS aimodel_tags ON modelhub_aimodel USING gin (tags jsonb_path_ops)",
)
POSTGRES_DROP = (
    "DROP INDEX CONCURRENTLY IF EXISTS aimodel_id_trgm",
    "DROP INDEX CONCURRENTLY IF EXISTS aimodel_tags",
)
# The words of a row, stored: a query then tests each candidate row by reading its column, not
# by parsing its text again (which costs tens of microseconds a row). A column filled by a
# trigger, not a generated one: adding a generated column rewrites the table under an
# exclusive lock, this one is added at once and filled in batches while the table stays live.
DOCUMENT_COLUMN = "search_document"
POSTGRES_DOCUMENT_SETUP = (
    f"ALTER TABLE modelhub_aimodel ADD COLUMN IF NOT EXISTS {DOCUMENT_COLUMN} tsvector",
    f"""CREATE OR REPLACE FUNCTION modelhub_aimodel_search_document() RETURNS trigger AS $$
    BEGIN
        NEW.{DOCUMENT_COLUMN} := {DOCUMENT_SQL.format(row="NEW.")};
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS aimodel_search_document ON modelhub_aimodel",
    """CREATE TRIGGER aimodel_search_document BEFORE INSERT OR UPDATE OF model_id, description, tags
    ON modelhub_aimodel FOR EACH ROW EXECUTE FUNCTION modelhub_aimodel_search_document()""",
)
# One batch: the next BACKFILL_BATCH rows by uid after the previous batch's last (the primary
# key's order, so each batch is one index range and the whole is linear in the table's size);
# rows already filled (by the trigger, or by an interrupted run of this migration) are skipped.
POSTGRES_DOCUMENT_BATCH_END = (
    "SELECT uid FROM (SELECT uid FROM modelhub_aimodel WHERE uid > %s ORDER BY uid LIMIT %s) AS batch"
    " ORDER BY uid DESC LIMIT 1"
)
POSTGRES_DOCUMENT_BACKFILL = """UPDATE modelhub_aimodel
    SET search_document = to_tsvector('simple'::regconfig, model_id || ' ' || description || ' ' || (tags)::text)
    WHERE uid > %s AND uid <= %s AND search_document IS NULL"""
POSTGRES_DOCUMENT_INDEX = (
    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS aimodel_search_document ON modelhub_aimodel USING gin ({DOCUMENT_COLUMN})"
)
POSTGRES_DOCUMENT_DROP = (
    "DROP INDEX CONCURRENTLY IF EXISTS aimodel_search_document",
    "DROP TRIGGER IF EXISTS aimodel_search_document ON modelhub_aimodel",
    "DROP FUNCTION IF EXISTS modelhub_aimodel_search_document()",
    f"ALTER TABLE modelhub_aimodel DROP COLUMN IF EXISTS {DOCUMENT_COLUMN}",
)
BACKFILL_BATCH = 20_000
_TRIGGERS = {
    "aimodel_fts_insert": """CREATE TRIGGER aimodel_fts_insert AFTER INSERT ON modelhub_aimodel BEGIN
        INSERT INTO modelhub_aimodel_fts(rowid, model_id, description, tags)
        VALUES (new.rowid, new.model_id, new.description, new.tags);
    END""",
    "aimodel_fts_delete": """CREATE TRIGGER aimodel_fts_delete AFTER DELETE ON modelhub_aimodel BEGIN
        INSERT INTO modelhub_aimodel_fts(modelhub_aimodel_fts, rowid, model_id, description, tags)
        VALUES ('delete', old.rowid, old.model_id, old.description, old.tags);
    END""",
    # Only a change to a searched column touches the index (a PATCH of other fields does not).
    "aimodel_fts_update": """CREATE TRIGGER aimodel_fts_update
    AFTER UPDATE OF model_id, description, tags ON modelhub_aimodel BEGIN
        INSERT INTO modelhub_aimodel_fts(modelhub_aimodel_fts, rowid, model_id, description, tags)
        VALUES ('delete', old.rowid, old.model_id, old.description, old.tags);
        INSERT INTO modelhub_aimodel_fts(rowid, model_id, description, tags)
        VALUES (new.rowid, new.model_id, new.description, new.tags);
    END""",
}


def ensure_sqlite_index(connection) -> bool:
    """Create the FTS table and its triggers where missing; rebuild the table's content when a
    trigger was missing (a new index, or a model table Django has rebuilt). True if it did."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'modelhub_aimodel'")
        present = {name for (name,) in cursor.fetchall()}
        if present >= set(_TRIGGERS):
            return False
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS modelhub_aimodel_fts USING fts5("
            "model_id, description, tags, content='modelhub_aimodel', tokenize='trigram')"
        )
        for name, sql in _TRIGGERS.items():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(sql)
        cursor.execute("INSERT INTO modelhub_aimodel_fts(modelhub_aimodel_fts) VALUES ('rebuild')")
    return True


def drop_sqlite_index(connection) -> None:
    with connection.cursor() as cursor:
        for name in _TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute("DROP TABLE IF EXISTS modelhub_aimodel_fts")


def create(schema_editor) -> None:
    """Build the index on the migrating database (the migration's forward step)."""
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_INDEXES:
            schema_editor.execute(sql)
    elif schema_editor.connection.vendor == "sqlite":
        ensure_sqlite_index(schema_editor.connection)


def create_postgres_document(schema_editor) -> None:
    """The stored words column, its trigger, its content for the rows already there (in
    batches, each its own transaction) and its GIN index (CONCURRENTLY)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS aimodel_search")  # the former expression index
    for sql in POSTGRES_DOCUMENT_SETUP:
        schema_editor.execute(sql)
    with schema_editor.connection.cursor() as cursor:
        last = "00000000-0000-0000-0000-000000000000"
        while True:
            cursor.execute(POSTGRES_DOCUMENT_BATCH_END, [last, BACKFILL_BATCH])
            row = cursor.fetchone()
            if row is None:
                break
            end = row[0]
            cursor.execute(POSTGRES_DOCUMENT_BACKFILL, [last, end])
            last = end
    schema_editor.execute(POSTGRES_DOCUMENT_INDEX)
    # The planner needs the new column's statistics: without them it takes a word in no row
    # for a common one and walks the list's index through every row instead of asking the GIN index.
    schema_editor.execute("ANALYZE modelhub_aimodel")


def drop_postgres_document(schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_DOCUMENT_DROP:
            schema_editor.execute(sql)


def drop(schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_DROP:
            schema_editor.execute(sql)
    elif schema_editor.connection.vendor == "sqlite":
        drop_sqlite_index(schema_editor.connection)
