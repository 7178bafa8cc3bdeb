"""Search's two strategies (a rare text's matches looked up by key, a common one checked along
the list's index) find, match and count the same rows."""

from urllib.parse import quote

import pytest
from django.db import connection

from modelhub.models import AIModel
from modelhub.search import matching, parse
from tests.api_support import bearer
from tests.factories import AIModelFactory
from tests.search_support import HOSTILE_TEXTS, api_search, ids, insert_with_plain_sql


@pytest.mark.parametrize("rare_matches", [0, 1000])
def test_common_and_rare_texts_find_the_same_rows(client, search_catalog, bob, monkeypatch, rare_matches):
    # PostgreSQL looks up a rare text's few matches by key and walks the list for a common
    # one (modelhub.search.RARE_MATCHES): both ways give the same answers.
    import modelhub.search

    monkeypatch.setattr(modelhub.search, "RARE_MATCHES", rare_matches)
    assert ids(api_search(client, "llama")) == ["llama", "llama-3-8b", "tinyllama", "whisper-large"]
    assert ids(api_search(client, "quixotically")) == ["resnet-50"]
    assert ids(api_search(client, "platypus", headers=bearer(bob))) == []
    assert ids(api_search(client, "wombat")) == []
    assert ids(api_search(client, "zebrafish")) == []


@pytest.fixture(params=["few", "many"])
def strategy(request, monkeypatch):
    """Each way a text's matches are found, forced whatever the text's real frequency: "few"
    reads every match and orders them (PostgreSQL: looked up by key; SQLite: the FTS table's
    answer); "many" walks the list's index and checks each row (PostgreSQL: the planner
    thinks the text common; SQLite: a correlated FTS lookup, and counts with the FTS table
    driving)."""
    import modelhub.search

    few = request.param == "few"
    monkeypatch.setattr(modelhub.search, "RARE_ESTIMATE", 10**9 if few else -1)
    monkeypatch.setattr(modelhub.search, "FTS_FEW_MATCHES", 10**9 if few else 0)
    return request.param


def test_each_strategy_finds_the_same_rows(client, search_catalog, bob, alice, strategy):
    assert ids(api_search(client, "llama")) == ["llama", "llama-3-8b", "tinyllama", "whisper-large"]
    assert ids(api_search(client, "quixotically")) == ["resnet-50"]  # a unique word: exactly its model
    assert ids(api_search(client, "platypus", headers=bearer(bob))) == []  # private, outsider
    assert ids(api_search(client, "platypus", headers=bearer(alice))) == ["secret-llama"]
    assert "secret-llama" not in ids(api_search(client, "llama", headers=bearer(bob)))
    assert ids(api_search(client, "wombat")) == []  # deleted
    none = api_search(client, "zebrafish")
    assert ids(none) == [] and none.json()["totalSize"] == 0
    assert ids(api_search(client, "whisper-large")) == ["whisper-large"]  # an exact hyphenated ID
    tagged = client.get("/v1alpha/models?filter=" + quote('tag="chat"'))
    assert ids(tagged) == ["tinyllama", "llama-3-8b"] and tagged.json()["totalSize"] == 2


def test_each_strategy_matches_whole_tags(client, search_catalog, strategy):
    # "many" checks a tag in the row's own list of tags, the words in the FTS table.
    assert ids(client.get('/v1alpha/models?filter=tag="cha"')) == []
    assert ids(client.get('/v1alpha/models?filter=tag="hat"')) == []
    assert ids(client.get('/v1alpha/models?filter=q="tiny" AND tag="chat"')) == ["tinyllama"]
    assert ids(client.get('/v1alpha/models?filter=q="whisper" AND tag="chat"')) == []
    both = client.get('/v1alpha/models?filter=tag="chat" tag="llm"')
    assert ids(both) == ["llama-3-8b"] and both.json()["totalSize"] == 1
    page = client.get("/", {"tag": "chat"})
    assert page.status_code == 200 and page.context["count"] == 2


def test_each_strategy_counts_exactly(client, search_catalog, alice, strategy):
    assert api_search(client, "llama").json()["totalSize"] == 4
    assert api_search(client, "llama", headers=bearer(alice)).json()["totalSize"] == 5  # and acme's private one
    assert api_search(client, "chat").json()["totalSize"] == 2
    page = client.get("/?q=llama")
    assert page.status_code == 200 and page.context["count"] == 4 and not page.context["count_is_more"]


def test_each_strategy_finds_a_row_written_with_plain_sql(client, search_catalog, alice_ns, container, strategy):
    insert_with_plain_sql(
        alice_ns, container, model_id="raw-row", description="Inserted by hand: capybara.", tags=["llm"]
    )
    assert ids(api_search(client, "capybara")) == ["raw-row"]
    assert "raw-row" in ids(api_search(client, "llm", extra="&page_size=100"))


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_text_never_errors_with_either_strategy(client, search_catalog, text, strategy):
    assert api_search(client, text).status_code == 200
    page = client.get("/", {"q": text})
    # The site refuses a NUL in any page's query string (modelhub.security).
    assert page.status_code == (400 if "\x00" in text else 200)


def test_a_hyphenated_id_is_looked_up_as_one_word(search_catalog, alice_ns, container):
    # The parser keeps `whisper-large` whole besides `whisper` and `large`: the document's
    # other rows with both words but not that hyphenated one are no match for it.
    AIModelFactory(namespace=alice_ns, model_id="speech", description="Large whisper.", model_definition=container)
    found = set(matching(AIModel.objects.alive(), parse("whisper-large")).values_list("model_id", flat=True))
    assert found == {"whisper-large"}
    assert set(matching(AIModel.objects.alive(), parse("large whisper")).values_list("model_id", flat=True)) == {
        "whisper-large",
        "speech",
    }


def test_each_strategy_searches_within_one_namespace(client, search_catalog, alice, strategy):
    # Within one namespace SQLite adds the namespace's token to the FTS query: the same rows
    # and counts as the namespace filter applied to every match.
    alices = client.get("/v1alpha/namespaces/alice/models?filter=" + quote('q="llama"'))
    assert ids(alices) == ["llama", "llama-3-8b", "tinyllama", "whisper-large"]
    assert alices.json()["totalSize"] == 4
    acmes = client.get("/v1alpha/namespaces/acme/models?filter=" + quote('q="llama"'), headers=bearer(alice))
    assert ids(acmes) == ["secret-llama"] and acmes.json()["totalSize"] == 1
    elsewhere = client.get("/v1alpha/namespaces/acme/models?filter=" + quote('q="quixotically"'), headers=bearer(alice))
    assert ids(elsewhere) == []
    client.force_login(alice)
    page = client.get("/", {"q": "llama", "namespace": "acme"})
    assert [m.model_id for m in page.context["page"]] == ["secret-llama"] and page.context["count"] == 1
    own = client.get("/namespaces/alice/", {"q": "chat"})
    assert [m.model_id for m in own.context["page"]] == ["tinyllama", "llama-3-8b"] and own.context["count"] == 2


def test_each_strategy_follows_a_model_to_its_new_namespace(client, search_catalog, alice, acme, strategy):
    from modelhub.services.lifecycle import aimodel_transfer

    aimodel_transfer(aimodel=search_catalog["resnet-50"], namespace=acme, actor=alice, source="api")
    in_acme = client.get("/v1alpha/namespaces/acme/models?filter=" + quote('q="quixotically"'))
    assert ids(in_acme) == ["resnet-50"]
    assert ids(client.get("/v1alpha/namespaces/alice/models?filter=" + quote('q="quixotically"'))) == []
    # Written around the services too (the index follows the row's namespace column).
    with connection.cursor() as cursor:
        cursor.execute("UPDATE modelhub_aimodel SET namespace_id = %s WHERE model_id = 'tinyllama'", [acme.pk])
    assert ids(client.get("/v1alpha/namespaces/acme/models?filter=" + quote('q="tiny"'))) == ["tinyllama"]
    assert ids(client.get("/v1alpha/namespaces/alice/models?filter=" + quote('q="tiny"'))) == []
