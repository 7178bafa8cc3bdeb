"""The moderation queue's tabs answer from indexes (EXPLAIN, on both databases): the open
reports' partial index and the made-public entries' one, never a whole table; a cursor page too."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modelhub.models import Visibility
from modelhub.services import aimodel_update, report_create
from tests.factories import AIModelFactory, UserFactory
from tests.plan_support import model_table_plans, plan_lines, reads_whole_model_table
from tests.web_helpers import page_link

pytestmark = pytest.mark.django_db

TABLES = ("modelhub_aimodel", "modelhub_report", "modelhub_auditentry")


def reads_a_whole_table(lines: list[str]) -> str | None:
    """The queue's table a plan reads whole (a sequential scan; on SQLite a SCAN without an index)."""
    for line in lines:
        for table in TABLES:
            if connection.vendor == "postgresql" and line == f"Seq Scan {table}":
                return table
            if connection.vendor != "postgresql" and re.match(rf"SCAN {table}\b(?! USING)", line):
                return table
    return "modelhub_aimodel" if reads_whole_model_table(lines) else None


@pytest.fixture
def queue(alice, alice_ns, container):
    """60 private models; 30 of them made public (an audit entry each) and reported one to three
    times; and 3,000 other models, so that on PostgreSQL (statistics gathered) walking the models
    costs more than looking up the reported ones."""
    AIModelFactory._meta.model.objects.bulk_create(
        AIModelFactory.build(namespace=alice_ns, model_id=f"other-{n}", model_definition=container) for n in range(3000)
    )
    reporters = [UserFactory(username=f"reporter{n}") for n in range(3)]
    for n in range(60):
        aimodel = AIModelFactory(
            namespace=alice_ns, model_id=f"m{n}", model_definition=container, visibility=Visibility.PRIVATE
        )
        if n % 2:
            changes = {"visibility": "VISIBILITY_PUBLIC"}
            aimodel = aimodel_update(aimodel=aimodel, changes=changes, actor=alice, source="web").aimodel
            for k, reporter in enumerate(reporters[: 1 + n % 3]):
                report_create(aimodel=aimodel, reporter=reporter, reason="malware" if k else "spam", text="")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE modelhub_aimodel, modelhub_report, modelhub_auditentry")


def reads_models_by_key_only(lines: list[str]) -> bool:
    """Models are looked up by primary key, one by one (never a walk of one of their indexes)."""
    if connection.vendor == "postgresql":
        model_reads = [line for line in lines if "aimodel" in line]
        return all(line.endswith("modelhub_aimodel_pkey") for line in model_reads)
    model_reads = [line for line in lines if "modelhub_aimodel" in line]
    return all(line.startswith("SEARCH modelhub_aimodel") and "(uid=?)" in line for line in model_reads)


def _plans_of(client, url):
    """(sql, plan) of every SELECT on the queue's tables while the page answers."""
    with model_table_plans(), CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
        plans = [
            (q["sql"], plan_lines(q["sql"]))
            for q in captured.captured_queries
            if q["sql"].lstrip().upper().startswith("SELECT") and any(t in q["sql"] for t in TABLES)
        ]
    return response, plans


def _assert_read_from(plans, driving: tuple[str, ...]):
    assert len(plans) == 2  # the page and its bounded count
    for sql, lines in plans:
        assert reads_a_whole_table(lines) is None, f"{lines}\n{sql}"
        assert reads_models_by_key_only(lines), f"{lines}\n{sql}"
        assert any(name in line for line in lines for name in driving), f"{lines}\n{sql}"


@pytest.mark.parametrize(
    ("url", "driving"),
    [
        ("/moderation/", ("report_open_by_model", "report_status")),
        ("/moderation/?reason=spam", ("report_open_by_model", "report_status")),
        ("/moderation/?tab=public", ("audit_made_public",)),
    ],
)
def test_queue_tabs_and_their_next_pages_read_indexes(client, queue, moderator, url, driving):
    client.force_login(moderator)
    response, plans = _plans_of(client, url)
    _assert_read_from(plans, driving)
    next_url = page_link(response.content.decode(), "next")
    assert next_url, "the fixture has more than a page"
    response, plans = _plans_of(client, "/moderation/" + next_url)
    assert "26–30" in response.content.decode()
    _assert_read_from(plans, driving)


def test_the_check_sees_a_whole_table_read(queue):
    # Not vacuous: a report filter no index answers is caught.
    from modelhub.models import Report

    with CaptureQueriesContext(connection) as captured:
        list(Report.objects.filter(text__contains="x").order_by())
    assert reads_a_whole_table(plan_lines(captured.captured_queries[0]["sql"])) == "modelhub_report"
