"""A namespace's Deleted models page (modelhub.web.views.lifecycle.namespace_deleted): pages by
cursor in the order of the deleted rows' partial index, a bounded count, and plans that read
that index on both databases."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from modelhub.models import AIModel
from modelhub.web.views.lifecycle import DELETED_PER_PAGE
from tests.factories import AIModelFactory
from tests.plan_support import model_table_plans, reads_whole_model_table
from tests.web_helpers import page_link

pytestmark = pytest.mark.django_db

NAMESPACE_OR_DELETED = ("aimodel_ns_deleted", "aimodel_deleted", "modelhub_aimodel_namespace_id_a06dcdbe")


@pytest.fixture
def deleted_models(acme, container):
    """DELETED_PER_PAGE + 5 deleted models of acme (d0 the most recent), two with the same time;
    live models of acme, and another namespace with more deleted models, around them."""
    now = timezone.now()
    rows = [
        AIModelFactory.build(
            namespace=acme,
            model_id=f"d{n}",
            model_definition=container,
            delete_time=now - timedelta(minutes=max(n, 1)),  # d0 and d1 tie: the uid decides
        )
        for n in range(DELETED_PER_PAGE + 5)
    ]
    rows += [AIModelFactory.build(namespace=acme, model_id=f"live{n}", model_definition=container) for n in range(30)]
    AIModel.objects.bulk_create(rows)
    elsewhere = AIModelFactory(model_definition=container, model_id="elsewhere", delete_time=now).namespace
    AIModel.objects.bulk_create(
        AIModelFactory.build(namespace=elsewhere, model_id=f"e{n}", model_definition=container, delete_time=now)
        for n in range(500)
    )
    if connection.vendor == "postgresql":  # statistics, as a live database has them
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE modelhub_aimodel")
    return acme


def _shown(body: str) -> list[str]:
    return re.findall(r'data-testid="deleted-row" data-model-id="([\w-]+)"', body)


def test_pages_follow_each_other_by_cursor(client, alice, deleted_models):
    client.force_login(alice)
    first = client.get("/namespaces/acme/deleted/").content.decode()
    assert f"{DELETED_PER_PAGE + 5} deleted models, most recently deleted first" in first
    assert len(_shown(first)) == DELETED_PER_PAGE and page_link(first, "prev") is None
    second = client.get("/namespaces/acme/deleted/" + page_link(first, "next")).content.decode()
    assert len(_shown(second)) == 5 and page_link(second, "next") is None
    assert f"Deleted models {DELETED_PER_PAGE + 1}–{DELETED_PER_PAGE + 5}" in second
    both = _shown(first) + _shown(second)
    assert sorted(both) == sorted(f"d{n}" for n in range(DELETED_PER_PAGE + 5))  # each once, no live one
    assert both[2:] == [f"d{n}" for n in range(2, DELETED_PER_PAGE + 5)]  # most recently deleted first
    back = client.get("/namespaces/acme/deleted/" + page_link(second, "prev")).content.decode()
    assert _shown(back) == _shown(first)


def test_a_cursor_of_another_namespace_or_visitor_shows_the_first_page(client, alice, moderator, deleted_models):
    client.force_login(alice)
    after = page_link(client.get("/namespaces/acme/deleted/").content.decode(), "next")
    client.force_login(moderator)  # another visitor: the cursor is not theirs
    assert len(_shown(client.get("/namespaces/acme/deleted/" + after).content.decode())) == DELETED_PER_PAGE
    for bad in ("?after=forged", "?before=x<script>", "?page=2"):
        response = client.get("/namespaces/acme/deleted/" + bad)
        assert response.status_code == 200 and len(_shown(response.content.decode())) == DELETED_PER_PAGE


def test_the_count_stops_at_the_bound(client, alice, deleted_models, monkeypatch):
    monkeypatch.setattr("modelhub.paging.COUNT_LIMIT", 10)
    client.force_login(alice)
    assert "10+ deleted models, most recently deleted first" in client.get("/namespaces/acme/deleted/").content.decode()


def test_both_pages_read_the_deleted_rows_index(client, alice, deleted_models):
    client.force_login(alice)
    with model_table_plans() as plans:
        first = client.get("/namespaces/acme/deleted/").content.decode()
    with model_table_plans() as next_plans:
        client.get("/namespaces/acme/deleted/" + page_link(first, "next"))
    for sql, lines in [*plans, *next_plans]:
        assert not reads_whole_model_table(lines), f"{lines}\n{sql}"
    listing = [lines for sql, lines in [*plans, *next_plans] if "delete_time" in sql]
    assert len(listing) == 4  # a page and its count, twice
    for lines in listing:
        if connection.vendor == "postgresql":
            # At a test's size the planner may as well take the namespace's few rows and sort
            # them; at any size it reads only that namespace's rows or the deleted ones.
            index_reads = [line for line in lines if "aimodel" in line and "Index" in line]
            assert index_reads and all(line.endswith(NAMESPACE_OR_DELETED) for line in index_reads), lines
            continue
        assert any("aimodel_ns_deleted" in line for line in lines), lines
        # Read in the index's order: no sort of the rows (the last deleter of each row, from
        # its few audit entries, may sort those).
        assert "USE TEMP B-TREE FOR ORDER BY" not in lines, lines
