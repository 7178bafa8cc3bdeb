"""A list's inner joins stay in the written order on SQLite (the model table outermost), and
are plain inner joins elsewhere; the rows are the same either way."""

import pytest
from django.db import connection

from modelhub.join_order import in_written_join_order
from modelhub.models import AIModel, Role, Visibility
from tests.api_support import bearer
from tests.factories import AIModelFactory, MembershipFactory, NamespaceFactory
from tests.plan_support import large_catalog_statistics, model_table_plans

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(container, alice):
    orgs = [NamespaceFactory(namespace_id=f"org{n}") for n in range(3)]
    MembershipFactory(namespace=orgs[0], user=alice, role=Role.MEMBER)
    for n in range(30):
        AIModelFactory(
            namespace=orgs[n % 3],
            model_id=f"model-{n}",
            visibility=Visibility.PRIVATE if n % 2 else Visibility.PUBLIC,
            model_definition=container,
        )
    return orgs


def test_the_join_is_written_as_the_database_needs_it(catalog):
    qs = in_written_join_order(AIModel.objects.select_related("namespace").order_by("-create_time"))
    sql = str(qs.query)
    if connection.vendor == "sqlite":
        assert 'CROSS JOIN "modelhub_namespace"' in sql and "INNER JOIN" not in sql
    else:
        assert 'INNER JOIN "modelhub_namespace"' in sql and "CROSS JOIN" not in sql


def test_the_rows_are_those_of_the_plain_join(catalog):
    plain = AIModel.objects.select_related("namespace").order_by("-create_time", "uid")
    written = in_written_join_order(plain).filter(visibility=Visibility.PUBLIC)[:7]
    expected = plain.filter(visibility=Visibility.PUBLIC)[:7]
    assert [(m.pk, m.namespace.namespace_id) for m in written] == [(m.pk, m.namespace.namespace_id) for m in expected]
    assert len(written) == 7


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner and statistics")
@pytest.mark.parametrize("visitor", ["member", "staff", "anonymous"])
@pytest.mark.parametrize("page_size", [1, 10, 20])
def test_with_a_large_catalogs_statistics_the_list_walks_the_model_tables_index(
    client, catalog, alice, moderator, visitor, page_size
):
    # With these statistics and `LIMIT 11` SQLite started from the namespaces and sorted
    # every visible model.
    user = {"member": alice, "staff": moderator, "anonymous": None}[visitor]
    headers = bearer(user) if user else {}
    with large_catalog_statistics(), model_table_plans() as plans:
        response = client.get(f"/v1alpha/models?page_size={page_size}", headers=headers)
    assert response.status_code == 200
    assert response.json()["models"]
    pages = [lines for sql, lines in plans if "modelhub_namespace" in sql and "COUNT(*)" not in sql]
    assert pages, plans
    for lines in pages:
        assert lines[0].startswith(("SCAN modelhub_aimodel USING", "SEARCH modelhub_aimodel USING")), lines
        assert not any("TEMP B-TREE" in line for line in lines), lines
