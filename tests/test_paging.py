"""modelhub.paging's bounded count: exact up to its limit, "more" beyond, and on PostgreSQL not
run at all when the planner expects many times the limit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modelhub import paging
from modelhub.models import AIModel
from tests.factories import AIModelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def five(alice_ns, container):
    return [AIModelFactory(namespace=alice_ns, model_id=f"m{n}", model_definition=container) for n in range(5)]


def test_count_is_exact_up_to_the_limit(five):
    assert paging.bounded_count(AIModel.objects.alive(), 5) == (5, False)
    assert paging.bounded_count(AIModel.objects.alive(), 4) == (4, True)
    assert paging.bounded_count(AIModel.objects.alive().filter(model_id="m1"), 4) == (1, False)
    assert paging.bounded_count(AIModel.objects.none(), 4) == (0, False)
    assert paging.bounded_count(AIModel.objects.filter(pk__in=[]), 4) == (0, False)


def test_estimated_count_is_exact_up_to_count_limit(five, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 5)
    assert paging.estimated_count(AIModel.objects.alive()) == 5
    monkeypatch.setattr(paging, "COUNT_LIMIT", 4)
    assert paging.estimated_count(AIModel.objects.alive()) >= 5  # "more than 4"


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_count_the_planner_expects_far_beyond_the_limit_is_not_run(five, monkeypatch):
    monkeypatch.setattr(paging, "planner_rows", lambda queryset: 10**6)
    with CaptureQueriesContext(connection) as captured:
        assert paging.bounded_count(AIModel.objects.alive()) == (paging.COUNT_LIMIT, True)
        assert paging.estimated_count(AIModel.objects.alive()) == 10**6
    assert not any("COUNT(" in query["sql"].upper() for query in captured.captured_queries)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_small_estimate_is_never_trusted_over_the_count(five, monkeypatch):
    # An estimate under the floor (a table never analyzed is guessed at hundreds of rows) or
    # under ESTIMATE_TRUSTED times the limit: the rows are counted.
    monkeypatch.setattr(paging, "planner_rows", lambda queryset: paging.ESTIMATE_FLOOR - 1)
    assert paging.bounded_count(AIModel.objects.alive(), 3) == (3, True)
    assert paging.bounded_count(AIModel.objects.alive(), 10) == (5, False)
    monkeypatch.setattr(paging, "planner_rows", lambda queryset: 10**6)
    assert paging.bounded_count(AIModel.objects.alive(), 10**6) == (5, False)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_planner_rows_reads_no_row(five):
    with CaptureQueriesContext(connection) as captured:
        assert paging.planner_rows(AIModel.objects.alive()) >= 1
        assert paging.planner_rows(AIModel.objects.filter(pk__in=[])) == 0
    assert all(query["sql"].startswith("EXPLAIN") for query in captured.captured_queries)
