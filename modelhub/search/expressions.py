"""The search's conditions on a model row, as SQL expressions (see modelhub.search)."""

from django.db.models import BooleanField, Expression, F

from modelhub.search.index import FTS_TABLE, fts_key_sql, model_rowid_sql, namespace_token, reach_token

FTS_DRIVER = FTS_TABLE  # the FTS table's name in a count's join (modelhub.search.fts_driven_count)


class _RowCondition(Expression):
    """A condition on the row of the model table it is written against: the query's own alias
    of that table (through `uid`), so it holds in subqueries too."""

    output_field = BooleanField()
    conditional = True

    def __init__(self):
        super().__init__()
        self.column = F("uid")

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs


class _TsMatch(_RowCondition):
    """`search_document @@ (to_tsquery('simple', 'w1':* & 'w2':*) && 'w-x-y':*::tsquery)`
    (PostgreSQL; the stored words column of modelhub.search.index). The words hold no tsquery
    syntax. Written against the query's own alias of the model table, so it holds in
    subqueries too.

    A hyphenated word the parser keeps whole (`whisper-large-v3`: the document holds that
    lexeme besides its parts) is looked up as that one lexeme (`compound`), not as all its
    parts: each part of an ID is a common word, and a prefix lookup of a common word reads
    every row that has it.
    """

    def __init__(self, terms: tuple[str, ...], compound: frozenset[str] = frozenset()):
        super().__init__()
        self.query = " & ".join(f"'{term}':*" for term in terms if term not in compound)
        self.whole = " & ".join(f"'{term}':*" for term in terms if term in compound)

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(self.column.alias)
        parts, params = [], []
        if self.query:
            parts.append("to_tsquery('simple'::regconfig, %s)")
            params.append(self.query)
        if self.whole:
            parts.append("%s::tsquery")
            params.append(self.whole)
        return f"{table}.search_document @@ ({' && '.join(parts)})", params


class _FtsMatch(_RowCondition):
    """The row is in the FTS5 table's answer for the quoted words of a text with many matches
    (SQLite; one with few is `_RowidIn`). Written against the query's own alias of the model
    table, so it holds in subqueries too.

    Two forms, one meaning:
    - a correlated lookup of this row in the FTS table: SQLite walks the list's own index and
      checks each row, stopping when a page is full, instead of reading every match and
      sorting them all. A tag is checked in the row's own list of tags (`json_each`), before
      any word: a tag's FTS phrase is of common trigrams, whose lookup for one row costs as
      much as reading many of their matches;
    - under `fts_drives` (a count, see `fts_driven_count`): the FTS table is the outer loop of a
      join, so an unordered count reads matches only until it has enough.
    """

    def __init__(
        self,
        terms: tuple[str, ...],
        tags: tuple[str, ...] = (),
        *,
        namespace: int | None = None,
        reach: str = "",
        known: int | None = None,
    ):
        super().__init__()
        self.query = fts_query(terms, tags, namespace, reach)
        self.terms, self.tags = terms, tags
        self.namespace, self.reach = namespace, reach
        self.known = known  # how many rows the FTS table holds for `query` (at least), when counted

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(self.column.alias)
        if getattr(compiler.query, "fts_drives", False):
            driver = f'"{FTS_DRIVER}"'
            return f'({driver}."{FTS_TABLE}" MATCH %s AND {table}.rowid = {model_rowid_sql(driver)})', [self.query]
        has_tag = f"EXISTS (SELECT 1 FROM json_each({table}.tags) WHERE json_each.value = %s)"  # noqa: S608
        checks, params = [has_tag] * len(self.tags), list(self.tags)
        if self.terms:
            fts = FTS_TABLE
            key = fts_key_sql(table)
            checks.append(f"EXISTS (SELECT 1 FROM {fts} WHERE {fts} MATCH %s AND {fts}.rowid = {key})")  # noqa: S608
            params.append(fts_query(self.terms))
        return f"({' AND '.join(checks)})", params


class _RowidIn(_RowCondition):
    """`rowid IN (the given rowids)` (SQLite): a text's few matches, read from the FTS table once
    per request and handed to each of its queries (the page, the count, the ID matches) as one
    JSON parameter, rather than each query asking the FTS table again."""

    def __init__(self, rowids: str, count: int, *, namespace: int | None = None, reach: str = ""):
        super().__init__()
        self.rowids = rowids  # a JSON list of integers: the FTS table's answer for a query
        self.known = count  # how many
        self.namespace, self.reach = namespace, reach  # the query's tokens (modelhub.search.fts_query)

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(self.column.alias)
        return f"{table}.rowid IN (SELECT value FROM json_each(%s))", [self.rowids]  # noqa: S608


def fts_query(terms: tuple[str, ...], tags: tuple[str, ...] = (), namespace: int | None = None, reach: str = "") -> str:
    """The FTS5 query for the words and tags: each a quoted phrase, all required. A tag is
    matched with the quotes the stored JSON list puts around it (`"vision"` within
    `["vision", "nlp"]`), so it matches whole tags only; `""` is FTS5's quote. `namespace`:
    only that namespace's rows; `reach`: only the rows of that reach (REACH_ALIVE, REACH_PUBLIC);
    each one token (modelhub.search.index)."""
    phrases = [f'"{term}"' for term in terms] + [f'tags : """{tag}"""' for tag in tags]
    if namespace is not None:
        # First: FTS5 then steps through the namespace's rows and seeks each in the words'
        # longer lists.
        phrases.insert(0, f'ns : "{namespace_token(namespace, reach)}"')
    elif reach:
        phrases.append(f'reach : "{reach_token(reach)}"')
    return " ".join(phrases)
