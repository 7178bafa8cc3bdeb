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


def test_a_subset_over_the_limit_settles_more(five, alice_ns, container):
    # `at_least` holds rows of the queryset: when they alone pass the limit, so does it.
    subset = AIModel.objects.alive().filter(model_id__in=["m0", "m1", "m2"])
    assert paging.bounded_count(AIModel.objects.alive(), 2, at_least=subset) == (2, True)
    assert paging.bounded_count(AIModel.objects.alive(), 4, at_least=subset) == (4, True)
    assert paging.bounded_count(AIModel.objects.alive(), 5, at_least=subset) == (5, False)


def test_a_signed_in_visitors_count_is_exact_below_the_limit(client, five, bob, acme, container, monkeypatch):
    # bob sees the five public models; acme's private one is for acme's members only.
    AIModelFactory(namespace=acme, model_id="hidden", visibility="VISIBILITY_PRIVATE", model_definition=container)
    client.force_login(bob)
    monkeypatch.setattr(paging, "COUNT_LIMIT", 5)
    page = client.get("/")
    assert page.context["count"] == 5 and not page.context["count_is_more"]
    assert client.get("/v1alpha/models").json()["totalSize"] == 5
    monkeypatch.setattr(paging, "COUNT_LIMIT", 4)
    page = client.get("/")
    assert page.context["count"] == 4 and page.context["count_is_more"]
    assert client.get("/v1alpha/models").json()["totalSize"] >= 5  # "more than 4" (PostgreSQL: its estimate)


def test_a_members_count_holds_their_private_rows(client, five, alice, acme, container, monkeypatch):
    AIModelFactory(namespace=acme, model_id="hidden", visibility="VISIBILITY_PRIVATE", model_definition=container)
    client.force_login(alice)
    monkeypatch.setattr(paging, "COUNT_LIMIT", 6)
    page = client.get("/")
    assert page.context["count"] == 6 and not page.context["count_is_more"]
    assert client.get("/v1alpha/models").json()["totalSize"] == 6
    assert client.get("/?task=TASK_OCR").context["count"] == AIModel.objects.filter(task="TASK_OCR").count()
