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
