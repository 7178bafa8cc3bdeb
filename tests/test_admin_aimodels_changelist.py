"""The AI models changelist (modelhub.admin.aimodels.changelist) at any catalog size: a bounded
count shown as "10,000+", sorts and filters read from indexes, search from the search index."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modelhub.admin.aimodels import AIModelAdmin
from modelhub.models import Visibility
from tests.factories import AIModelFactory, NamespaceFactory
from tests.plan_support import model_table_plans, reads_whole_model_table

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/modelhub/aimodel/"


@pytest.fixture
def catalog(alice_ns, container):
    """30 models in three namespaces; one with a unique word, one deleted."""
    namespaces = [alice_ns, NamespaceFactory(namespace_id="acme"), NamespaceFactory(namespace_id="zeta")]
    for n in range(30):
        AIModelFactory(
            namespace=namespaces[n % 3],
            model_id=f"llama-{n}" if n % 5 == 0 else f"model-{n}",
            description="A llama model." if n % 2 else "Something else.",
            visibility=Visibility.PRIVATE if n % 4 == 1 else Visibility.PUBLIC,
            model_definition=container,
        )
    unique = AIModelFactory(namespace=namespaces[1], model_id="ocr-tool", description="Reads quetzalcoatl glyphs.")
    AIModelFactory(
        namespace=namespaces[2], model_id="gone", description="quetzalcoatl", delete_time="2026-01-01T00:00Z"
    )
    return unique


def _shown(response) -> list[str]:
    return [aimodel.model_id for aimodel in response.context["cl"].result_list]


@pytest.fixture(params=["superuser", "moderator"])
def staff(request, client):
    """A superuser, and a moderator, who reads the changelist without change permission."""
    client.force_login(request.getfixturevalue(request.param))
    return client


def test_changelist_counts_and_pages_up_to_the_bound(staff, catalog, monkeypatch):
    response = staff.get(CHANGELIST)
    assert response.status_code == 200
    assert "31 models" in response.content.decode()  # live ones only (the Deleted filter's default)
    monkeypatch.setattr("modelhub.paging.COUNT_LIMIT", 10)
    monkeypatch.setattr(AIModelAdmin, "list_per_page", 5)
    response = staff.get(CHANGELIST)
    assert "10+ models" in response.content.decode()
    assert response.context["cl"].paginator.num_pages == 3  # the bound + 1 rows: pages reach no deeper
    assert len(_shown(staff.get(CHANGELIST, {"p": "3"}))) == 5
    assert staff.get(CHANGELIST, {"p": "4"}).status_code == 302  # past the last page: Django's "?e=1"


def test_search_finds_a_model_by_its_id_a_word_a_namespace_and_its_uid(staff, catalog):
    assert _shown(staff.get(CHANGELIST, {"q": "ocr-tool"})) == ["ocr-tool"]
    assert _shown(staff.get(CHANGELIST, {"q": "quetzalcoatl"})) == ["ocr-tool"]  # not the deleted one
    assert _shown(staff.get(CHANGELIST, {"q": "quetzalcoatl", "deleted": "yes"})) == ["gone"]
    assert _shown(staff.get(CHANGELIST, {"q": "acme/ocr"})) == ["ocr-tool"]
    assert _shown(staff.get(CHANGELIST, {"q": "zeta/ocr"})) == []
    assert sorted(_shown(staff.get(CHANGELIST, {"q": "zeta/"}))) == sorted(
        f"{p}-{n}" for n in range(2, 30, 3) for p in ["llama" if n % 5 == 0 else "model"]
    )
    assert _shown(staff.get(CHANGELIST, {"q": str(catalog.pk)})) == ["ocr-tool"]
    assert _shown(staff.get(CHANGELIST, {"q": "wordinnorow"})) == []
    assert len(_shown(staff.get(CHANGELIST, {"q": "llama"}))) == 30 // 2 + 3  # description or ID


@pytest.mark.parametrize("text", ['"', "NEAR(a b)", "a AND -b*", "(((", "x" * 1000, "🦙 ламa", "/", "//"])
def test_any_search_text_answers(staff, catalog, text):
    assert staff.get(CHANGELIST, {"q": text}).status_code == 200


def test_namespaces_are_not_listed_and_only_indexed_columns_sort(staff, catalog):
    content = staff.get(CHANGELIST).content.decode()
    assert "By namespace" not in content and 'href="?namespace__id__exact' not in content
    newest_first = _shown(staff.get(CHANGELIST))
    assert _shown(staff.get(CHANGELIST, {"o": "2"})) == newest_first  # the namespace column: not sortable
    assert 'href="?o=2"' not in content and 'href="?o=1"' in content
    assert _shown(staff.get(CHANGELIST, {"o": "1"}))[:3] == ["llama-0", "llama-10", "llama-15"]


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "llama"}, {"q": "ocr-tool"}, {"q": "acme/llama"}, {"o": "1"}, {"o": "-11"}, {"deleted": "yes"},
     {"visibility__exact": "VISIBILITY_PRIVATE"}, {"p": "1"}],
)  # fmt: skip
def test_changelist_plans_use_an_index(staff, catalog, params):
    with model_table_plans() as plans:
        assert staff.get(CHANGELIST, params).status_code == 200
    assert plans
    for sql, lines in plans:
        assert not reads_whole_model_table(lines), f"{lines}\n{sql}"


def test_query_count_does_not_grow_with_models(staff, catalog, alice_ns, container):
    def queries(params):
        with CaptureQueriesContext(connection) as ctx:
            assert staff.get(CHANGELIST, params).status_code == 200
        return len(ctx.captured_queries)

    before = {key: queries(params) for key, params in [("list", {}), ("search", {"q": "llama"})]}
    AIModelFactory.create_batch(60, namespace=alice_ns, model_definition=container, description="llama")
    assert {key: queries(params) for key, params in [("list", {}), ("search", {"q": "llama"})]} == before
