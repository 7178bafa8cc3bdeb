"""Who may see a row, held in SQLite's FTS table (modelhub.search.index.REACH_*), and the counts
a search's FTS lookup settles by itself (modelhub.search.fts_count)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modelhub import paging
from modelhub.models import AIModel, Namespace
from modelhub.search import _fts_few_matches, matching, parse
from modelhub.search.expressions import fts_query
from modelhub.search.index import NAMESPACE_KEY_BITS, REACH_ALIVE, REACH_PUBLIC, ROWID_BITS

pytestmark = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="the FTS5 table is SQLite's")


def _found(word: str, reach: str) -> int:
    """How many rows of that reach hold `word`, asked across the hub and within each namespace
    (each its own token): both must agree."""
    few = _fts_few_matches(fts_query((word,), reach=reach), 100)
    assert few is not None
    per_namespace = 0
    for namespace in Namespace.objects.values_list("pk", flat=True):
        in_namespace = _fts_few_matches(fts_query((word,), namespace=namespace, reach=reach), 100)
        assert in_namespace is not None
        per_namespace += in_namespace[0]
    assert per_namespace == few[0]
    return few[0]


def _update(model_id: str, assignment: str) -> None:
    # Around the services: the index follows the row whatever writes it.
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE modelhub_aimodel SET {assignment} WHERE model_id = %s", [model_id])  # noqa: S608


def test_reach_tokens_follow_visibility_moderation_and_deletion(search_catalog):
    assert (_found("quixotically", REACH_PUBLIC), _found("quixotically", REACH_ALIVE)) == (1, 1)
    assert (_found("platypus", REACH_PUBLIC), _found("platypus", REACH_ALIVE)) == (0, 1)  # private
    assert (_found("wombat", REACH_PUBLIC), _found("wombat", REACH_ALIVE), _found("wombat", "")) == (0, 0, 1)

    _update("resnet-50", "moderation_state = 'HIDDEN'")
    assert (_found("quixotically", REACH_PUBLIC), _found("quixotically", REACH_ALIVE)) == (0, 1)
    _update("resnet-50", "moderation_state = 'ACTIVE', visibility = 'VISIBILITY_PRIVATE'")
    assert (_found("quixotically", REACH_PUBLIC), _found("quixotically", REACH_ALIVE)) == (0, 1)
    _update("resnet-50", "visibility = 'VISIBILITY_PUBLIC', delete_time = CURRENT_TIMESTAMP")
    assert (_found("quixotically", REACH_PUBLIC), _found("quixotically", REACH_ALIVE)) == (0, 0)
    _update("resnet-50", "delete_time = NULL")  # restored
    assert (_found("quixotically", REACH_PUBLIC), _found("quixotically", REACH_ALIVE)) == (1, 1)
    _update("secret-llama", "visibility = 'VISIBILITY_PUBLIC'")
    assert _found("platypus", REACH_PUBLIC) == 1


def test_a_list_of_only_what_the_lookup_holds_is_counted_by_it(search_catalog, alice_ns):
    anyone = AIModel.objects.visible_to(AnonymousUser())
    llama = matching(anyone, parse("llama"))
    with CaptureQueriesContext(connection) as counted:
        assert paging.bounded_count(llama) == (4, False)
    assert counted.captured_queries == []  # the lookup's count: no row read
    in_alices = matching(anyone.filter(namespace=alice_ns), parse("chat"))
    with CaptureQueriesContext(connection) as counted:
        assert paging.bounded_count(in_alices) == (2, False)
    assert counted.captured_queries == []


def test_a_list_with_another_condition_is_counted_row_by_row(search_catalog, alice):
    anyone = AIModel.objects.visible_to(AnonymousUser())
    task = search_catalog["llama"].task
    other_task = "TASK_OCR" if task != "TASK_OCR" else "TASK_CLASSIFICATION"
    for qs, expected in (
        (matching(anyone, parse("llama")).filter(task=other_task), 0),  # a filter after the search
        (matching(anyone.filter(task=task), parse("llama")), 4),  # and before it
        (matching(AIModel.objects.visible_to(alice), parse("llama")), 5),  # public or alice's
        (matching(AIModel.objects.alive(), parse("llama")).filter(visibility="VISIBILITY_PUBLIC"), 4),
    ):
        with CaptureQueriesContext(connection) as counted:
            assert paging.bounded_count(qs) == (expected, False)
        assert len(counted.captured_queries) == 1


@pytest.fixture
def common_above(monkeypatch):
    """Counts bounded at 2 and any text of more than 2 matches common."""
    import modelhub.search

    monkeypatch.setattr(modelhub.search, "FTS_FEW_MATCHES", 2)
    monkeypatch.setattr(paging, "COUNT_LIMIT", 2)


def test_a_common_text_is_more_than_the_bound_without_counting(client, search_catalog, alice, common_above):
    llama = matching(AIModel.objects.visible_to(AnonymousUser()), parse("llama"))
    with CaptureQueriesContext(connection) as counted:
        assert paging.bounded_count(llama) == (2, True)
    assert counted.captured_queries == []
    page = client.get("/", {"q": "llama"})
    assert page.context["count_label"] == "2+"
    assert [m.model_id for m in page.context["page"]] == ["llama", "llama-3-8b", "tinyllama", "whisper-large"]
    # A signed-in visitor's list: the public matches alone pass the bound.
    client.force_login(alice)
    assert client.get("/", {"q": "llama"}).context["count_label"] == "2+"
    # Fewer than the bound once another filter applies: counted, exactly.
    assert client.get("/", {"q": "llama", "visibility": "VISIBILITY_PRIVATE"}).context["count_label"] == "1"
    assert client.get("/v1alpha/models?filter=q%3D%22llama%22").json()["totalSize"] == 3  # "more than 2"


def _keys(word: str) -> list[tuple[int, int]]:
    """(namespace key, model rowid) of each FTS row holding `word`, from its key's two parts."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid >> %s, rowid & %s FROM modelhub_aimodel_fts WHERE modelhub_aimodel_fts MATCH %s",
            [ROWID_BITS, 2**ROWID_BITS - 1, f'"{word}"'],
        )
        return cursor.fetchall()


def _row(model_id: str) -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT namespace_id, rowid FROM modelhub_aimodel WHERE model_id = %s", [model_id])
        return cursor.fetchone()


def test_a_rows_key_is_its_namespace_then_its_own_rowid_and_follows_a_transfer(search_catalog, acme):
    assert sorted(_keys("llama")) == sorted(
        _row(model_id)
        for model_id in ("llama", "llama-3-8b", "tinyllama", "whisper-large", "secret-llama", "gone-llama")
    )
    _update("resnet-50", f"namespace_id = {acme.pk}")  # around the services: the trigger moves the key
    assert _keys("quixotically") == [_row("resnet-50")] and _row("resnet-50")[0] == acme.pk
    assert _found("quixotically", REACH_PUBLIC) == 1  # and the namespace tokens agree


def test_the_largest_namespace_key_the_index_takes_keeps_its_rows_apart(search_catalog, container):
    from tests.factories import AIModelFactory, NamespaceFactory

    last = NamespaceFactory(pk=2**NAMESPACE_KEY_BITS - 1, namespace_id="last-key")
    AIModelFactory(namespace=last, model_id="edge", description="Quixotically placed.", model_definition=container)
    assert _keys("quixotically") == [_row("resnet-50"), _row("edge")]
    found = matching(AIModel.objects.visible_to(AnonymousUser()).filter(namespace=last), parse("quixotically"))
    assert [m.model_id for m in found] == ["edge"]
