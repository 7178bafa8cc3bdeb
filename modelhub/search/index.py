"""The search index's DDL, kept by the database itself (see modelhub.search).

PostgreSQL: a stored tsvector column kept by a trigger, and three GIN indexes (that column,
ID trigrams, tags), built CONCURRENTLY so a live table keeps taking writes.
SQLite: a contentless FTS5 table (trigram tokenizer) of each model's ID, description, tags,
namespace and who may see it (as tokens), and triggers that keep it in step. Django rebuilds
a SQLite table to alter it (new table, copy, drop, rename), which drops the triggers and
renumbers the rows; `ensure_sqlite_index` (run after every `migrate`) then builds the FTS
table afresh.
"""

from modelhub.models.aimodels import PUBLIC_RULE

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
# Who may see a row: every living row is "alive", and one anyone may see (public, not hidden)
# "public" too; a deleted row is neither. A search adds the token its list's conditions imply
# (modelhub.search), so the FTS table alone says how many of a text's matches the list holds:
# no row is read to count them.
REACH_ALIVE = "alive"
REACH_PUBLIC = "public"
_REACHES = ("", REACH_ALIVE, REACH_PUBLIC)  # a token's kind: its first character's block
_PUBLIC_SQL = " AND ".join(f"{{row}}{column} = '{value}'" for column, value in PUBLIC_RULE.items())


def _token_sql(kind: str, key: str) -> str:
    """SQL for the token of `key` (an integer below 2**36) of a kind: three characters of the
    Private Use Areas, 12 bits of the key each, the first one's block telling the kind; the
    trigram tokenizer makes exactly one trigram of it, which no other key or kind shares."""
    first = 0xF0000 + 4096 * _REACHES.index(kind) if kind else 0xE000
    return f"char({first} + (({key} >> 24) & 4095), 57344 + (({key} >> 12) & 4095), 57344 + ({key} & 4095))"


def _token(kind: str, key: int) -> str:
    """The token `_token_sql` makes, computed here."""
    first = 0xF0000 + 4096 * _REACHES.index(kind) if kind else 0xE000
    return chr(first + ((key >> 24) & 0xFFF)) + chr(0xE000 + ((key >> 12) & 0xFFF)) + chr(0xE000 + (key & 0xFFF))


# A row's namespace as tokens (`ns`): the namespace's, and the namespace's for each reach the
# row has (a larger key than 2**36 shares its tokens with another namespace, whose rows the
# list's own namespace condition then leaves out). A search within one namespace adds the one
# token of that namespace and reach to its FTS query, and FTS5 intersects the words' matches
# with those rows inside the index (modelhub.search): otherwise a common word's matches would
# be read one by one across the hub to find the few in a small namespace. One token, not the
# namespace's and the reach's: intersecting a namespace's few rows with the reach's millions
# seeks through the longer list for each.
NS_TOKEN_SQL = (
    _token_sql("", "{row}namespace_id")
    + " || CASE WHEN {row}delete_time IS NOT NULL THEN ''"
    + f" WHEN {_PUBLIC_SQL} THEN ' ' || {_token_sql(REACH_ALIVE, '{row}namespace_id')}"
    + f" || ' ' || {_token_sql(REACH_PUBLIC, '{row}namespace_id')}"
    + f" ELSE ' ' || {_token_sql(REACH_ALIVE, '{row}namespace_id')} END"
)
# The reach across the hub (`reach`): one token for each reach the row has.
REACH_SQL = (
    "CASE WHEN {row}delete_time IS NOT NULL THEN ''"
    f" WHEN {_PUBLIC_SQL} THEN {_token_sql(REACH_ALIVE, '0')} || ' ' || {_token_sql(REACH_PUBLIC, '0')}"
    f" ELSE {_token_sql(REACH_ALIVE, '0')} END"
)
# A row's key in the FTS table: its namespace's key in the high bits, the model row's own
# (rowid) in the low ones. FTS5 keeps each word's matches in key order, so a namespace's rows
# are neighbours in every list: a search within a namespace reads the few pages of each list
# that hold them, whatever the hub's size, instead of seeking once per namespace row across
# the whole list. Unique while model rowids stay below 2**ROWID_BITS and namespace keys below
# 2**NAMESPACE_KEY_BITS (a hub that large belongs on PostgreSQL).
ROWID_BITS = 36
NAMESPACE_KEY_BITS = 63 - ROWID_BITS  # a key's sign bit stays clear
_ROWID_MASK = 2**ROWID_BITS - 1
FTS_KEY_SQL = f"(({{row}}namespace_id << {ROWID_BITS}) | {{row}}rowid)"


def model_rowid_sql(fts_alias: str) -> str:
    """SQL for the model row's rowid of an FTS row (its key's low bits)."""
    return f"({fts_alias}.rowid & {_ROWID_MASK})"


def fts_key_sql(table_alias: str) -> str:
    """SQL for the FTS key of a row of the model table (under `table_alias`)."""
    return FTS_KEY_SQL.format(row=f"{table_alias}.")


# Contentless (`content=''`): the index keeps no copy of the text and reads no other table
# (the tokens are not columns of the model table); the triggers hand it each row's values,
# and a row is taken out with the values it was put in with ('delete').
_FTS_CREATE = (
    "CREATE VIRTUAL TABLE modelhub_aimodel_fts USING fts5("
    "model_id, description, tags, ns, reach, content='', tokenize='trigram')"
)
_FTS_VALUES = FTS_KEY_SQL + ", {row}model_id, {row}description, {row}tags, " + NS_TOKEN_SQL + ", " + REACH_SQL
_FTS_ADD = "INSERT INTO modelhub_aimodel_fts(rowid, model_id, description, tags, ns, reach) VALUES ({values});"
_FTS_REMOVE = (
    "INSERT INTO modelhub_aimodel_fts(modelhub_aimodel_fts, rowid, model_id, description, tags, ns, reach)"
    " VALUES ('delete', {values});"
)
_NEW = _FTS_VALUES.format(row="new.")
_OLD = _FTS_VALUES.format(row="old.")
_TRIGGERS = {
    "aimodel_fts_insert": f"""CREATE TRIGGER aimodel_fts_insert AFTER INSERT ON modelhub_aimodel BEGIN
        {_FTS_ADD.format(values=_NEW)}
    END""",
    "aimodel_fts_delete": f"""CREATE TRIGGER aimodel_fts_delete AFTER DELETE ON modelhub_aimodel BEGIN
        {_FTS_REMOVE.format(values=_OLD)}
    END""",
    # Only a change to a searched column, the namespace (a transfer) or who may see the row
    # touches the index (a PATCH of other fields does not).
    "aimodel_fts_update": f"""CREATE TRIGGER aimodel_fts_update
    AFTER UPDATE OF model_id, description, tags, namespace_id, visibility, moderation_state, delete_time
    ON modelhub_aimodel BEGIN
        {_FTS_REMOVE.format(values=_OLD)}
        {_FTS_ADD.format(values=_NEW)}
    END""",
}
_FTS_FILL = (
    "INSERT INTO modelhub_aimodel_fts(rowid, model_id, description, tags, ns, reach) SELECT {values} FROM {table}"
    " ORDER BY namespace_id, rowid"  # in key order, along the namespace index: FTS5 then appends
)


def namespace_token(namespace_pk: int, reach: str = "") -> str:
    """The FTS token of a namespace's rows (of that reach: REACH_ALIVE, REACH_PUBLIC) in `ns`."""
    return _token(reach, namespace_pk)


def reach_token(reach: str) -> str:
    """The FTS token of the rows of that reach across the hub, in `reach`."""
    return _token(reach, 0)


def _current(cursor) -> bool:
    """Whether the FTS table and every trigger are there, in their current form."""
    cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'modelhub_aimodel_fts'")
    table = cursor.fetchone()
    if table is None or table[0] != _FTS_CREATE:
        return False
    cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'modelhub_aimodel'")
    present = dict(cursor.fetchall())
    return all(present.get(name) == sql for name, sql in _TRIGGERS.items())


def ensure_sqlite_index(connection) -> bool:
    """Create the FTS table and its triggers, and fill the table from the model table, unless
    all are there in their current form (a new database, an index of an earlier form, or a
    model table Django has rebuilt, which drops the triggers and renumbers the rows). True if
    it did."""
    with connection.cursor() as cursor:
        if _current(cursor):
            return False
    drop_sqlite_index(connection)
    with connection.cursor() as cursor:
        cursor.execute(_FTS_CREATE)
        for sql in _TRIGGERS.values():
            cursor.execute(sql)
        cursor.execute(_FTS_FILL.format(values=_FTS_VALUES.format(row=""), table="modelhub_aimodel"))
    return True


def migrate_sqlite_index(apps, schema_editor) -> None:
    """A migration's step (RunPython) that brings SQLite's FTS table to its current form."""
    if schema_editor.connection.vendor == "sqlite":
        ensure_sqlite_index(schema_editor.connection)


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
