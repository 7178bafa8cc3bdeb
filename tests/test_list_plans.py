"""Every list answers from an index for every kind of visitor: no plan reads the whole model table."""

from urllib.parse import quote

import pytest
from django.db import connection

from modelhub.models import Role, Visibility
from tests.api_support import bearer
from tests.factories import AIModelFactory, MembershipFactory, NamespaceFactory
from tests.plan_support import large_catalog_statistics, model_table_plans, reads_whole_model_table

pytestmark = pytest.mark.django_db

PAGE_URLS = [
    "/",
    "/?q=llama",
    "/?q=zebrafish",
    "/?q=llama-3",
    "/?q=ll",
    "/?tag=vision",
    "/?task=TASK_OCR",
    "/?namespace=org1",
    "/?visibility=VISIBILITY_PUBLIC",
    "/?sort=updated",
    "/?sort=name",
    "/?sort=name&q=llama&namespace=org1",
    "/namespace-suggestions/?namespace=or",
]
API_URLS = [
    "/v1alpha/models",
    "/v1alpha/models?filter=" + quote('q="llama"'),
    "/v1alpha/models?filter=" + quote('q="llama-3" AND tag="vision"'),
    "/v1alpha/models?order_by=" + quote("update_time desc"),
    "/v1alpha/models?order_by=id",
    "/v1alpha/models?order_by=" + quote("create_time asc"),
    "/v1alpha/namespaces/org1/models",
    "/v1alpha/namespaces/org1/models?filter=" + quote('q="llama"'),
    "/v1alpha/namespaces/org1/models?order_by=id",
    "/v1alpha/namespaces/org1/models?order_by=" + quote("update_time desc"),
    "/v1alpha/namespaces/org1/models?visibility=VISIBILITY_PRIVATE",
]


@pytest.fixture
def hub(container, alice, bob, moderator):
    """Three organisations (alice a member of two), public and private models, tags and words."""
    orgs = [NamespaceFactory(namespace_id=f"org{n}") for n in range(3)]
    for org in orgs[:2]:
        MembershipFactory(namespace=org, user=alice, role=Role.MEMBER)
    for n in range(60):
        AIModelFactory(
            namespace=orgs[n % 3],
            model_id=f"llama-{n}" if n % 4 == 0 else f"model-{n}",
            description="A llama model." if n % 2 else "Something else.",
            tags=["vision"] if n % 3 == 0 else [],
            visibility=Visibility.PRIVATE if n % 4 == 1 else Visibility.PUBLIC,
            model_definition=container,
        )
    return {"anonymous": None, "outsider": bob, "member": alice, "staff": moderator}


def _assert_indexed(plans):
    assert plans, "no query on the model table was captured"
    for sql, lines in plans:
        assert not reads_whole_model_table(lines), f"{lines}\n{sql}"


@pytest.mark.parametrize("visitor", ["anonymous", "outsider", "member", "staff"])
@pytest.mark.parametrize("url", PAGE_URLS)
def test_list_page_plans_use_an_index(client, hub, visitor, url):
    if hub[visitor]:
        client.force_login(hub[visitor])
    with model_table_plans() as plans:
        assert client.get(url).status_code == 200
    if "suggestions" in url and visitor == "staff":
        return  # staff see every namespace: no model is read
    _assert_indexed(plans)


@pytest.mark.parametrize("visitor", ["anonymous", "outsider", "member", "staff"])
@pytest.mark.parametrize("url", API_URLS)
def test_api_list_plans_use_an_index(client, hub, visitor, url):
    headers = bearer(hub[visitor]) if hub[visitor] else {}
    with model_table_plans() as plans:
        assert client.get(url, headers=headers).status_code == 200
    _assert_indexed(plans)


def test_deleted_page_plan_uses_an_index(client, hub, alice):
    AIModelFactory(namespace_id=hub["member"].namespaces.get(namespace_id="org1").pk, delete_time="2026-01-01T00:00Z")
    client.force_login(alice)
    with model_table_plans() as plans:
        assert client.get("/namespaces/org1/deleted/").status_code == 200
    _assert_indexed(plans)


def test_second_page_plan_uses_an_index(client, hub):
    token = client.get("/v1alpha/models?page_size=5").json()["nextPageToken"]
    with model_table_plans() as plans:
        assert client.get(f"/v1alpha/models?page_size=5&page_token={token}").status_code == 200
    _assert_indexed(plans)


def test_the_plan_check_sees_a_scan_of_the_whole_table(hub):
    # The check above is not vacuous: a filter no index answers is caught.
    from modelhub.models import AIModel

    with model_table_plans() as plans:
        list(AIModel.objects.filter(license__contains="MIT").order_by())
    assert any(reads_whole_model_table(lines) for _, lines in plans)


SEARCH_URLS = [
    "/?q=llama",
    "/?tag=vision",
    "/?q=llama&namespace=org1",
    "/v1alpha/models?filter=" + quote('q="llama"'),
    "/v1alpha/models?filter=" + quote('q="llama-3" AND tag="vision"'),
    "/v1alpha/namespaces/org1/models?filter=" + quote('q="llama"'),
]


@pytest.mark.parametrize("visitor", ["anonymous", "member"])
@pytest.mark.parametrize("url", SEARCH_URLS)
def test_a_common_texts_plans_use_an_index(client, hub, visitor, url, monkeypatch):
    # A text taken as common (modelhub.search: PostgreSQL walks the list's index and checks
    # each row; SQLite too, with a correlated FTS lookup, and counts with the FTS table as the
    # outer loop of a join) is read from an index, its count too.
    import modelhub.search

    monkeypatch.setattr(modelhub.search, "RARE_ESTIMATE", -1)
    monkeypatch.setattr(modelhub.search, "FTS_FEW_MATCHES", 0)
    headers = bearer(hub[visitor]) if hub[visitor] else {}
    if hub[visitor]:
        client.force_login(hub[visitor])
    with model_table_plans() as plans:
        assert client.get(url, headers=headers).status_code == 200
    _assert_indexed(plans)
    if connection.vendor == "sqlite":
        counts = [(sql, lines) for sql, lines in plans if sql.startswith("SELECT COUNT(*)")]
        assert counts and all(any("VIRTUAL TABLE" in line for line in lines[:2]) for _, lines in counts), counts
        # Within one namespace the FTS query holds the namespace's token: the index itself
        # keeps the namespace's matches apart from the hub's.
        assert all(("ns : " in sql) == ("org1" in url) for sql, _ in counts), counts


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner and statistics")
@pytest.mark.parametrize(
    "url", ["/?q=llama&namespace=org1", "/v1alpha/namespaces/org1/models?filter=" + quote('q="llama"')]
)
def test_a_namespaces_id_matches_are_one_range_of_its_id_index(client, hub, url, monkeypatch):
    # Planned with a namespace's average of 10 models, the namespace's own index looked
    # cheaper: SQLite read every model of a large namespace, looked each up in the FTS
    # table and sorted them.
    import modelhub.search

    monkeypatch.setattr(modelhub.search, "FTS_FEW_MATCHES", 0)
    with large_catalog_statistics(), model_table_plans() as plans:
        response = client.get(url)
    assert response.status_code == 200
    starts_with = [lines for sql, lines in plans if 'LOWER("modelhub_aimodel"."model_id") >=' in sql]
    assert starts_with, plans
    for lines in starts_with:
        assert lines[0].startswith("SEARCH modelhub_aimodel USING INDEX aimodel_ns_lower_id (namespace_id=? AND"), lines
        assert not any("TEMP B-TREE" in line for line in lines), lines


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner and statistics")
@pytest.mark.parametrize(
    ("visitor", "url"),
    [
        ("staff", "/"),
        ("staff", "/v1alpha/models"),
        *(
            (visitor, url)
            for visitor in ("anonymous", "outsider", "member")
            for url in ("/?namespace=org2", "/v1alpha/namespaces/org2/models", "/?task=TASK_OCR")
        ),
    ],
)
def test_counts_read_an_index_alone(client, hub, visitor, url):
    # Staff's partial index holds its condition's column, and a namespace's index by visibility
    # and a task's index continue with the columns of who may see a row: a count reads no row.
    # A signed-in visitor's count starts with what anyone may see (modelhub.paging's `at_least`).
    headers = bearer(hub[visitor]) if hub[visitor] else {}
    if hub[visitor]:
        client.force_login(hub[visitor])
    with large_catalog_statistics(), model_table_plans() as plans:
        assert client.get(url, headers=headers).status_code == 200
    counts = [lines for sql, lines in plans if sql.startswith("SELECT COUNT(*)")]
    assert counts and any("USING COVERING INDEX aimodel_" in line for line in counts[0]), counts


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner and statistics")
@pytest.mark.parametrize("visitor", ["anonymous", "staff"])
@pytest.mark.parametrize("order", ["update_time desc", "id", "create_time asc"])
def test_a_list_in_another_order_walks_that_orders_index(client, hub, visitor, order):
    # With a catalog's statistics SQLite may prefer reading every public model by another
    # index and sorting them all (seconds at 2,000,000 models) to walking the order's index:
    # a partial index holding its condition's columns tipped it so.
    headers = bearer(hub[visitor]) if hub[visitor] else {}
    with large_catalog_statistics(), model_table_plans() as plans:
        assert client.get("/v1alpha/models?order_by=" + quote(order), headers=headers).status_code == 200
    pages = [lines for sql, lines in plans if sql.startswith('SELECT "modelhub_aimodel"."uid"')]
    assert pages, plans
    for lines in pages:
        assert not any("TEMP B-TREE FOR ORDER BY" in line for line in lines), lines
