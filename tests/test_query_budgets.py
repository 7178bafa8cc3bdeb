"""Query budgets of the core reads and writes (spec section 10), so a regression fails CI.

The API and pages pin their own per-request budgets in their tests; these pin the
service and selectors they are built on, and check that the counts do not grow with
the size of the catalog (regions, hardware, definitions, models, members).
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modelhub.models import AuditSource, Hardware, Region, Role, Visibility
from modelhub.selectors import aimodel_with_role, aimodels_visible_to
from modelhub.services import aimodel_update
from tests.factories import AIModelFactory, MembershipFactory, ModelDefinitionFactory, NamespaceFactory, UserFactory

pytestmark = pytest.mark.usefixtures("compiled_queries")  # the same budgets with the compiled reads off

HEAVY_COLUMNS = ("profile_image", "readme", "configuration")

# Queries of one aimodel_update, inside the test's transaction (which adds SAVEPOINT and
# RELEASE SAVEPOINT to each): lock+read, UPDATE, audit INSERT (+2 for the savepoint).
# In production (no outer transaction) the savepoint pair is not there: 3 queries.
UPDATE_BUDGETS = [
    pytest.param({"description": "New words."}, 5, id="description"),
    pytest.param({"readme": "# New README"}, 5, id="readme"),
    pytest.param({"configuration": {"a": 1}}, 5, id="configuration"),  # the definition came with the lock
    pytest.param({"model_definition": "other"}, 6, id="model_definition"),  # + the new definition
    pytest.param({"region": "REGION_LOCAL", "hardware": "GPU"}, 7, id="region+hardware"),  # + region, hardware
    # + uniqueness check, savepoint around the write, the aliases' DELETE (new ID, old ID) and the old ID's INSERT
    pytest.param({"model_id": "renamed"}, 10, id="model_id"),
]


def grow_catalog(extra: int = 50) -> None:
    """Make every table the service and selectors could consult much bigger."""
    for n in range(extra):
        region = Region.objects.create(name=f"REGION_EXTRA_{n}", title=f"Extra {n}")
        Hardware.objects.bulk_create(Hardware(region=region, value=f"HW_{k}", title=f"HW {k}") for k in range(5))
        ModelDefinitionFactory(definition_id=f"extra-{n}")
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"extra-user-{n}", password="!")
        for n in range(extra)  # no slow hashing
    )
    for n, user in enumerate(users):
        namespace = NamespaceFactory(namespace_id=f"extra-ns-{n}")
        MembershipFactory(namespace=namespace, user=user, role=Role.MEMBER)
        AIModelFactory.create_batch(
            3, namespace=namespace, visibility=Visibility.PRIVATE if n % 2 else Visibility.PUBLIC
        )


def queries_of(action) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        action()
    return [q["sql"] for q in ctx.captured_queries]


def selected_heavy_columns(sql_list: list[str]) -> set[str]:
    """Heavy columns in any SELECT list (a column tested in WHERE does not count)."""
    found = set()
    for sql in sql_list:
        head = sql.split(" FROM ", 1)[0]
        found |= {c for c in HEAVY_COLUMNS if re.search(rf'"{c}"\s*(,|$)', head)}
    return found


@pytest.mark.parametrize(("changes", "budget"), UPDATE_BUDGETS)
def test_update_query_count_is_fixed_whatever_the_catalog_size(changes, budget, alice, alice_ns):
    ModelDefinitionFactory(definition_id="other", model_spec={"type": "object"})
    open_spec = ModelDefinitionFactory(definition_id="open", model_spec={"type": "object"})
    aimodel = AIModelFactory(namespace=alice_ns, model_id="resnet", model_definition=open_spec)

    def update():
        return aimodel_update(aimodel=aimodel, changes=changes, actor=alice, source=AuditSource.API).changed_fields

    small = queries_of(update)
    # Undo, grow the catalog, and make the same change again.
    undo = {"description": "A test model.", "readme": "", "configuration": {}, "model_definition": "open"}
    undo |= {"region": "REGION_GCP_EUROPE_WEST4", "hardware": "CPU", "model_id": "resnet"}
    aimodel.refresh_from_db()
    aimodel_update(aimodel=aimodel, changes={f: undo[f] for f in changes}, actor=alice, source=AuditSource.API)
    grow_catalog()
    aimodel.refresh_from_db()
    big = queries_of(update)

    assert len(small) == len(big) == budget, "\n".join(big)


def test_update_that_changes_nothing_writes_nothing(aimodel, alice, django_assert_num_queries):
    with django_assert_num_queries(3):  # savepoint, lock+read, release: no UPDATE, no audit
        result = aimodel_update(
            aimodel=aimodel, changes={"description": aimodel.description}, actor=alice, source=AuditSource.API
        )
    assert result.changed_fields == ()


@pytest.fixture
def crowded_catalog(alice, acme, carol, container):
    """acme with several members and private models; many other public and private models."""
    for user in get_user_model().objects.bulk_create(get_user_model()(username=f"acme-{n}") for n in range(3)):
        MembershipFactory(namespace=acme, user=user, role=Role.MEMBER)
    AIModelFactory.create_batch(
        5, namespace=acme, visibility=Visibility.PRIVATE, model_definition=container, readme="x" * 5000
    )
    AIModelFactory.create_batch(5, namespace=acme, visibility=Visibility.PUBLIC, model_definition=container)
    grow_catalog(20)


@pytest.mark.parametrize("who", ["anonymous", "alice", "bob", "superuser"])
def test_list_is_one_query_without_heavy_columns(who, request, crowded_catalog):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)

    def evaluate():
        rows = list(aimodels_visible_to(user))
        return [(m.name, m.get_absolute_url(), m.description, m.update_time) for m in rows]

    sql = queries_of(evaluate)

    assert len(sql) == 1, "\n".join(sql)
    assert selected_heavy_columns(sql) == set()


def test_list_query_count_does_not_grow_with_rows(alice, acme, container):
    AIModelFactory.create_batch(2, namespace=acme, model_definition=container)
    few = queries_of(lambda: list(aimodels_visible_to(alice)))
    AIModelFactory.create_batch(60, namespace=acme, visibility=Visibility.PRIVATE, model_definition=container)
    many = queries_of(lambda: list(aimodels_visible_to(alice)))
    assert len(few) == len(many) == 1


def test_list_rows_are_who_may_see_them_once_each(alice, bob, carol, acme, crowded_catalog, aimodel, private_model):
    """The membership join (see the selector) neither drops nor duplicates rows."""
    everything = list(aimodels_visible_to(UserFactory(username="root", is_superuser=True, is_staff=True)))
    public = [m for m in everything if m.visibility == Visibility.PUBLIC]
    acme_rows = [m for m in everything if m.namespace_id == acme.pk]

    def pks(user):
        return [m.pk for m in aimodels_visible_to(user)]

    for user in (AnonymousUser(), bob):
        assert sorted(pks(user)) == sorted(m.pk for m in public)
    for member in (alice, carol):  # carol is a viewer in acme: reads its private models
        seen = pks(member)
        assert len(seen) == len(set(seen))
        assert set(seen) == {m.pk for m in public} | {m.pk for m in acme_rows}
    assert private_model.pk in pks(carol) and private_model.pk not in pks(bob)


def test_one_model_with_role_is_one_query(alice, aimodel, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = aimodel_with_role(alice, "alice", "resnet")
        assert (found.caller_role, found.namespace.namespace_id, found.model_definition.definition_id) == (
            Role.OWNER,
            "alice",
            "container",
        )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner: PostgreSQL's depends on table statistics")
@pytest.mark.parametrize("who", ["anonymous", "alice"])
def test_list_walks_the_created_index_instead_of_sorting_every_row(who, request, crowded_catalog):
    """A first page reads a `(…, -create_time, uid)` index in list order and stops after it.

    A plain index on delete_time (NULL for every live model) once made SQLite answer the
    list's `delete_time IS NULL` through it and then sort all rows (~0.5 s at 100,000 models).
    """
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    sql, params = aimodels_visible_to(user)[:21].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " | ".join(str(row[-1]) for row in cursor.fetchall())

    walked = ("aimodel_created", "aimodel_visibility_created", "aimodel_alive_listing")
    assert any(f"USING INDEX {index}" in plan for index in walked), plan
    assert "TEMP B-TREE FOR ORDER BY" not in plan, plan
