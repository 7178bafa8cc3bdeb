"""Query plans of the requests a test makes: which of them read the whole model table."""

import re
from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext

_SQLITE_TABLE_SCAN = re.compile(r"^SCAN (modelhub_aimodel|U\d+)\b(?! USING)")


def plan_lines(sql: str) -> list[str]:
    """The plan of one SELECT: PostgreSQL's node types with what they read, or SQLite's steps."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            plan = plan[0] if isinstance(plan, list) else plan
            lines = []

            def walk(node):
                lines.append(f"{node['Node Type']} {node.get('Index Name') or node.get('Relation Name') or ''}".strip())
                for child in node.get("Plans", []):
                    walk(child)

            walk(plan["Plan"])
            return lines
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return [row[-1] for row in cursor.fetchall()]


def reads_whole_model_table(lines: list[str]) -> bool:
    """A sequential scan of the model table; on SQLite also a walk of one of its indexes whose
    rows are then sorted (every row read, not a page's worth)."""
    if connection.vendor == "postgresql":
        return "Seq Scan modelhub_aimodel" in lines
    walks = any(re.match(r"SCAN modelhub_aimodel\b", line) for line in lines)
    sorted_after = any("USE TEMP B-TREE FOR ORDER BY" in line for line in lines)
    return any(_SQLITE_TABLE_SCAN.match(line) for line in lines) or (walks and sorted_after)


@contextmanager
def model_table_plans():
    """Collect the plans of the SELECTs on the model table made inside the block: a list of
    (sql, plan lines). On PostgreSQL sequential scans are priced out, as a big table prices them
    (a test's tiny table is cheaper to read whole): a plan that still reads the table whole has
    no index that answers it."""
    plans = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET enable_seqscan = off")
    try:
        with CaptureQueriesContext(connection) as captured:
            yield plans
        for query in captured.captured_queries:
            sql = query["sql"]
            if sql.lstrip().upper().startswith("SELECT") and "modelhub_aimodel" in sql:
                plans.append((sql, plan_lines(sql)))
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("RESET enable_seqscan")


# SQLite's ANALYZE statistics of the hub benchmark's catalog of 2,000,000 models (200,000
# namespaces and memberships): with them SQLite plans a test's small tables as it plans the
# large ones (a test database has none, and every table looks small).
HUB_STATISTICS = [
    ("modelhub_aimodel", "aimodel_alive_listing", "1980005 1 1 1"),
    ("modelhub_aimodel", "aimodel_created", "2000000 1 1"),
    ("modelhub_aimodel", "aimodel_deleted", "19995 1"),
    ("modelhub_aimodel", "aimodel_name", "2000000 2 1"),
    ("modelhub_aimodel", "aimodel_ns_created", "2000000 10 1 1"),
    ("modelhub_aimodel", "aimodel_ns_deleted", "19995 2 1 1"),
    ("modelhub_aimodel", "aimodel_ns_name", "2000000 10 1 1"),
    ("modelhub_aimodel", "aimodel_ns_lower_id", "2000000 10 1"),
    ("modelhub_aimodel", "aimodel_ns_updated", "2000000 10 1 1"),
    ("modelhub_aimodel", "aimodel_ns_visibility_created", "2000000 10 7 7 7 1 1"),
    ("modelhub_aimodel", "aimodel_public_created", "1477845 1 1"),
    ("modelhub_aimodel", "aimodel_task", "2000000 153847"),
    ("modelhub_aimodel", "aimodel_task_listing", "2000000 153847 1 1 1 1 1"),
    ("modelhub_aimodel", "aimodel_unique_id_ci_in_namespace", "2000000 2 1"),
    ("modelhub_aimodel", "aimodel_updated", "2000000 1 1"),
    ("modelhub_aimodel", "aimodel_visibility_created", "2000000 1000000 1 1"),
    ("modelhub_aimodel", "modelhub_aimodel_create_time_326d086c", "2000000 1"),
    ("modelhub_aimodel", "modelhub_aimodel_model_definition_id_2bbe6037", "2000000 2000000"),
    ("modelhub_aimodel", "modelhub_aimodel_namespace_id_a06dcdbe", "2000000 10"),
    ("modelhub_aimodel", "modelhub_aimodel_region_id_767f836b", "2000000 2000000"),
    ("modelhub_aimodel", "sqlite_autoindex_modelhub_aimodel_1", "2000000 1"),
    ("modelhub_membership", "modelhub_membership_invited_by_id_9b7198ea", "200005 200005"),
    ("modelhub_membership", "modelhub_membership_namespace_id_7ce0439d", "200005 1"),
    ("modelhub_membership", "modelhub_membership_user_id_9adf0fbd", "200005 1"),
    ("modelhub_membership", "sqlite_autoindex_modelhub_membership_1", "200005 1 1"),
    ("modelhub_namespace", "namespace_unique_id_ci", "200000 1"),
    ("modelhub_namespace", "sqlite_autoindex_modelhub_namespace_1", "200000 1"),
]


@contextmanager
def large_catalog_statistics():
    """SQLite plans the block's queries with HUB_STATISTICS, then with none again."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE modelhub_region")  # creates sqlite_stat1 when it is missing
        cursor.execute("DELETE FROM sqlite_stat1")
        cursor.executemany("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (%s, %s, %s)", HUB_STATISTICS)
        cursor.execute("ANALYZE sqlite_schema")  # loads them
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM sqlite_stat1")
            cursor.execute("ANALYZE sqlite_schema")
