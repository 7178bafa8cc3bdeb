"""Search over a model's ID, description and tags, answered from an index on both databases.

The database keeps the index, so a row written by any path (the services, a bulk load, a
data migration, plain SQL) is found at once (modelhub.search.index):

- PostgreSQL: a GIN index on `to_tsvector('simple', model_id || ' ' || description || ' ' ||
  tags::text)` (words, matched as prefixes: `llam` finds `llama`), and a `pg_trgm` GIN index
  on `lower(model_id)` (any part of an ID: `3-8b` finds `llama-3-8b`);
- SQLite: an FTS5 table with the trigram tokenizer (any part of the ID, description or
  tags), kept by triggers on the model table.

The user's text is never handed to a query parser: it is cut to MAX_TEXT characters, split
here into at most MAX_TERMS words of letters and digits (with inner `-`, `_` or `.`), and
each word goes to the database as a quoted literal. Operators (`AND`, `NEAR`, `*`, `-`, `:`,
quotes, parentheses) are therefore plain text, and no text can raise a syntax error. Words
shorter than MIN_TERM characters are left out (a trigram index cannot look them up); a text
with no word left matches the IDs that start with it.

A row matches when every word matches. Ranking: the model whose ID is the text comes first,
then IDs that start with it (TOP_ID_MATCHES of them, on the first page), then every other
match in the list's order (newest first unless the caller sorts otherwise), so a search
costs an index lookup and a walk of the list's own index, whatever the catalog's size.
"""

import enum
import functools
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from modelhub.models.aimodels import PUBLIC_RULE
from modelhub.search.expressions import FTS_DRIVER, _FtsMatch, _RowidIn, _TsMatch, fts_query
from modelhub.search.index import FTS_TABLE, REACH_ALIVE, REACH_PUBLIC, model_rowid_sql
from modelhub.tags import MAX_TAG_CHARS, TAG_RE

MAX_TEXT = 255
MAX_TERMS = 8
MIN_TERM = 3
TOP_ID_MATCHES = 5
MAX_TAGS = 8
RARE_MATCHES = 1000  # at most this many matches in the whole table: look them up by key (PostgreSQL)
RARE_ESTIMATE = 10 * RARE_MATCHES  # the planner expects at most this many: try the lookup by key
# SQLite: a text with at most this many matches in the FTS table is read whole and ordered; one
# with more is checked row by row along the list's index (modelhub.paging counts either form).
FTS_FEW_MATCHES = 10_000
# Letters and digits of any script, with single inner '-', '_' or '.' (a word of an ID or a tag).
_WORD_RE = re.compile(r"[^\W_]+(?:[-_.][^\W_]+)*")
_ID_PREFIX_RE = re.compile(r"[a-z0-9-]{1,63}")


@dataclass(frozen=True)
class Search:
    text: str  # the caller's text, cut to MAX_TEXT characters and stripped
    terms: tuple[str, ...]  # lower-case words of at least MIN_TERM characters, at most MAX_TERMS
    id_prefix: str  # the text lower-cased when it can start a model ID, else ""
    tags: tuple[str, ...] = ()  # each a tag the rows must have (lower-case), at most MAX_TAGS
    impossible: bool = False  # a tag no model can have: nothing matches

    def __bool__(self) -> bool:
        return bool(self.terms or self.id_prefix or self.tags or self.impossible)


def parse(text: str | None, tags=()) -> Search:
    """The search a text (and tags) ask for; empty (falsy) when there is nothing to look up."""
    cut = (text or "")[:MAX_TEXT].replace("\x00", " ").strip()
    lowered = cut.lower()
    words = dict.fromkeys(word for word in _WORD_RE.findall(lowered) if len(word) >= MIN_TERM)
    prefix = lowered if _ID_PREFIX_RE.fullmatch(lowered) else ""
    wanted = tuple(dict.fromkeys(tag.strip().lower() for tag in tags if tag and tag.strip()))[:MAX_TAGS]
    impossible = not all(len(tag) <= MAX_TAG_CHARS and TAG_RE.match(tag) for tag in wanted)
    return Search(text=cut, terms=tuple(words)[:MAX_TERMS], id_prefix=prefix, tags=wanted, impossible=impossible)


@functools.lru_cache(maxsize=4096)
def _kept_whole(term: str) -> bool:
    """Whether PostgreSQL's parser keeps the hyphenated `term` as one lexeme besides its parts
    (`whisper-large-v3` yes; `llama-3-8b` no: it reads `-3` and `-8` as numbers)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('simple'::regconfig, %s) @@ %s::tsquery", [term, f"'{term}'"])
        return bool(cursor.fetchone()[0])


def _compound_terms(terms: tuple[str, ...]) -> frozenset[str]:
    return frozenset(term for term in terms if "-" in term and "'" not in term and _kept_whole(term))


def _conditions(qs: QuerySet) -> list | None:
    """The conditions `qs` requires, all of them: its WHERE's AND-ed children, flattened (an OR
    or a negation among them is one condition); None when its WHERE is an OR or negated."""
    where = qs.query.where
    if where.connector != "AND" or where.negated:
        return None
    found: list = []

    def walk(node) -> None:
        if getattr(node, "connector", None) == "AND" and not node.negated:
            for child in node.children:
                walk(child)
        else:
            found.append(node)

    walk(where)
    return found


def _column_condition(condition, model) -> tuple[str, str, object] | None:
    """(field name, lookup name, value) of a plain condition on one of `model`'s columns."""
    target = getattr(getattr(condition, "lhs", None), "target", None)
    if target is None or getattr(target, "model", None) is not model:
        return None
    value = getattr(condition.rhs, "pk", condition.rhs)
    if isinstance(value, enum.Enum):  # a choice: compared (and hashed) as its stored value
        value = value.value
    if not isinstance(value, str | int | bool):  # a list, an expression: none of the plain ones
        return None
    return target.name, getattr(condition, "lookup_name", ""), value


# The conditions each reach token stands for (modelhub.search.index.REACH_SQL).
_ALIVE = ("delete_time", "isnull", True)
_PUBLIC = tuple((column, "exact", str(value)) for column, value in PUBLIC_RULE.items())
_NAMESPACE_TOKEN_KEYS = 2**36  # namespace keys whose token no other namespace shares


def _scope(qs: QuerySet) -> tuple[int | None, str]:
    """The one namespace `qs` is restricted to (its key, or None) and the reach token its
    conditions imply ("" for none): within the namespace, and alive, or public too."""
    plain = {_column_condition(c, qs.model) for c in _conditions(qs) or ()}
    namespaces = [value for name, lookup, value in plain - {None} if name == "namespace" and lookup == "exact"]
    namespace = namespaces[0] if len(namespaces) == 1 and isinstance(namespaces[0], int) else None
    reach = ""
    if _ALIVE in plain:
        reach = REACH_PUBLIC if all(rule in plain for rule in _PUBLIC) else REACH_ALIVE
    return namespace, reach


def _known_count(qs: QuerySet) -> int | None:
    """The rows of `qs` as its search's FTS lookup already counted them (SQLite): when every
    other condition of `qs` is one the lookup's tokens stand for (alive, public, the
    namespace), the lookup's matches are the rows. Else None."""
    conditions = _conditions(qs)
    if conditions is None:
        return None
    matches = [c for c in conditions if isinstance(getattr(c, "lhs", None), (_FtsMatch, _RowidIn)) and c.rhs is True]
    if len(matches) != 1 or matches[0].lhs.known is None:
        return None
    match = matches[0].lhs
    implied = set()
    if match.reach:
        implied.add(_ALIVE)
    if match.reach == REACH_PUBLIC:
        implied.update(_PUBLIC)
    if match.namespace is not None and match.namespace < _NAMESPACE_TOKEN_KEYS:
        implied.add(("namespace", "exact", match.namespace))
    others = [c for c in conditions if c is not matches[0]]
    if all(_column_condition(c, qs.model) in implied for c in others):
        return match.known
    return None


def _fts_few_matches(query: str, bound: int) -> tuple[int, str] | None:
    """How many rows the FTS table holds for `query` and their model rows' rowids (a JSON list) when they
    are at most `bound`, else None: FTS5 yields matches in key order as it finds them, so a
    common text stops after `bound` + 1. Gathered in SQL: no row of a common text reaches Python."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), json_group_array({model_rowid_sql('matches')}) FROM (SELECT rowid FROM {FTS_TABLE}"  # noqa: S608
            f" WHERE {FTS_TABLE} MATCH %s LIMIT %s) AS matches",
            [query, bound + 1],
        )
        count, rowids = cursor.fetchone()
    return (count, rowids) if count <= bound else None


def _contains_probe(node) -> bool:
    if isinstance(node, _FtsMatch):
        return True
    return any(_contains_probe(child) for child in getattr(node, "children", ()) or node.get_source_expressions())


def fts_count(qs: QuerySet, limit: int) -> int | None:
    """The rows of `qs` up to `limit` when its search's FTS lookup says, or counted with the
    FTS table driving; None when `qs` holds neither kind of lookup (count it as usual)."""
    if connection.vendor != "sqlite":
        return None
    known = _known_count(qs)
    if known is not None and (known <= FTS_FEW_MATCHES or limit <= FTS_FEW_MATCHES + 1):
        return min(known, limit)
    return fts_driven_count(qs, limit)


def fts_driven_count(qs: QuerySet, limit: int) -> int | None:
    """The rows of `qs` up to `limit`, counted with the FTS table as the outer loop (SQLite),
    when `qs` holds a common text's row-by-row FTS lookup; else None (count it as usual).

    The FTS table yields the text's matches as it finds them, each joined to its model row
    by rowid and checked against the list's other conditions, so a count up to the limit
    stops once it has enough; counted along the list's index instead, each row would be
    looked up in the FTS table. A CROSS JOIN keeps the FTS table outside whatever the
    planner's statistics say.
    """
    if connection.vendor != "sqlite" or not _contains_probe(qs.query.where):
        return None
    inner = qs.order_by().values("pk")[:limit]
    inner.query.fts_drives = True
    sql, params = inner.query.sql_with_params()
    table = f'FROM "{qs.model._meta.db_table}"'
    sql = sql.replace(table, f'FROM "{FTS_DRIVER}" CROSS JOIN "{qs.model._meta.db_table}"', 1)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql})", params)  # noqa: S608 (Django's SQL, its params)
        return cursor.fetchone()[0]


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _id_starts_with(qs: QuerySet, prefix: str) -> QuerySet:
    """The rows whose ID starts with `prefix`: a range of the unique index on (lower(model_id),
    namespace), which also reads them in ID order. Exact where text compares bytewise (SQLite;
    PostgreSQL with the C or C.UTF-8 collation); under a linguistic collation the range may
    hold other IDs too, which `top_id_matches` drops."""
    qs = qs.alias(search_lower_id=Lower("model_id"))
    return qs.filter(search_lower_id__gte=prefix, search_lower_id__lt=prefix + "\U0010ffff")


def matching(qs: QuerySet, search: Search) -> QuerySet:
    """The rows of `qs` that `search` finds (all of them for an empty search), in qs's order."""
    if search.impossible:
        return qs.none()
    if not search or qs.query.is_empty():  # nothing to look up, or nowhere to look (an unknown namespace)
        return qs
    if not search.terms and search.id_prefix:
        qs = _id_starts_with(qs, search.id_prefix)
    if _postgres():
        for tag in search.tags:  # `tags @> '["tag"]'`: the GIN index on tags (jsonb_path_ops)
            qs = qs.filter(tags__contains=[tag])
        if not search.terms:
            return qs
        in_id = Q()
        for term in search.terms:
            in_id &= Q(search_lower_id__contains=term)
        # Every word a prefix of a word of the document, or every word a part of the ID.
        match = Q(_TsMatch(search.terms, _compound_terms(search.terms))) | in_id
        # A rare text is answered by its few matches, looked up by primary key: left to itself
        # the planner may take a word in no row for a common one and walk the list's index
        # through every row looking for it. A common text keeps the walk, which finds a
        # page's worth of matches at once. Whether it is rare is asked of the planner first
        # (nothing is read): looking up every match of a common word costs what reading it does.
        from modelhub.paging import planner_rows

        everywhere = qs.model.objects.alias(search_lower_id=Lower("model_id")).filter(match).order_by()
        if planner_rows(everywhere) <= RARE_ESTIMATE:
            few = list(everywhere.values_list("pk", flat=True)[: RARE_MATCHES + 1])
            if len(few) <= RARE_MATCHES:
                return qs.filter(pk__in=few) if few else qs.none()
        return qs.alias(search_lower_id=Lower("model_id")).filter(match)
    if not search.terms and not search.tags:
        return qs
    # The FTS query holds the tokens of the list's namespace and of who may see its rows (alive,
    # public): the matches the list may hold are counted (few or many), read or counted inside
    # the index, and when the list has no other condition, that count is the list's.
    namespace, reach = _scope(qs)
    few = _fts_few_matches(fts_query(search.terms, search.tags, namespace, reach), FTS_FEW_MATCHES)
    if few is None:
        more = FTS_FEW_MATCHES + 1
        return qs.filter(_FtsMatch(search.terms, search.tags, namespace=namespace, reach=reach, known=more))
    count, rowids = few
    return qs.filter(_RowidIn(rowids, count, namespace=namespace, reach=reach)) if count else qs.none()


def top_id_matches(qs: QuerySet, search: Search) -> list:
    """The rows of `qs` whose ID is the text (first) or starts with it: at most TOP_ID_MATCHES,
    in ID order (then namespace), one range of the ID index: the text itself is the first ID
    that starts with it, so the exact matches lead."""
    if not search.id_prefix:
        return []
    rows = _id_starts_with(qs, search.id_prefix).order_by(Lower("model_id"), "namespace_id")[:TOP_ID_MATCHES]
    return [row for row in rows if row.model_id.lower().startswith(search.id_prefix)]
