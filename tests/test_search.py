"""Search (modelhub.search) through the API's `filter` and the list page's `q` and `tag`."""

import pytest
from django.db import connection
from django.db.models import Q

from modelhub.models import AIModel
from modelhub.search import MAX_TERMS, MAX_TEXT, parse
from tests.api_support import bearer
from tests.search_support import HOSTILE_TEXTS, api_search, ids, insert_with_plain_sql


def test_exact_id_comes_first_then_prefix_then_newest(client, search_catalog):
    # "llama" is in five visible rows; the one whose ID is "llama" leads, then "llama-3-8b"
    # (its ID starts with the text), then the others newest first.
    assert ids(api_search(client, "llama")) == ["llama", "llama-3-8b", "tinyllama", "whisper-large"]
    assert ids(api_search(client, "LLAMA-3-8B"))[0] == "llama-3-8b"


def test_the_id_matches_are_one_range_of_the_id_index_exact_ones_first(search_catalog, acme, container, alice):
    from django.test.utils import CaptureQueriesContext

    from modelhub.search import top_id_matches
    from tests.factories import AIModelFactory

    # "llama" in another namespace too, and an ID that sorts before it among those holding it.
    AIModelFactory(namespace=acme, model_id="llama", description="Acme's copy.", model_definition=container)
    AIModelFactory(namespace=acme, model_id="llama-2", description="Older.", model_definition=container)
    visible = AIModel.objects.visible_to(alice)
    with CaptureQueriesContext(connection) as queried:
        found = top_id_matches(visible, parse("llama"))
    assert len(queried.captured_queries) == 1
    namespaces = sorted([search_catalog["llama"].namespace, acme], key=lambda namespace: namespace.pk)
    assert [(m.namespace, m.model_id) for m in found] == [
        (namespaces[0], "llama"),
        (namespaces[1], "llama"),
        (acme, "llama-2"),
        (search_catalog["llama"].namespace, "llama-3-8b"),
    ]


def test_a_unique_word_finds_exactly_its_model(client, search_catalog):
    assert ids(api_search(client, "quixotically")) == ["resnet-50"]
    assert ids(api_search(client, "rare quixotically")) == ["resnet-50"]  # every word, any order


def test_a_word_in_no_row_finds_nothing(client, search_catalog):
    response = api_search(client, "zebrafish")
    assert ids(response) == [] and response.json()["totalSize"] == 0


def test_description_and_tags_are_searched(client, search_catalog):
    assert ids(api_search(client, "speech")) == ["whisper-large"]  # a tag only
    assert ids(api_search(client, "meta")) == ["llama-3-8b"]  # a description word only


def test_private_model_never_found_by_an_outsider(client, search_catalog, bob, alice):
    assert ids(api_search(client, "platypus")) == []
    assert ids(api_search(client, "platypus", headers=bearer(bob))) == []
    assert "secret-llama" not in ids(api_search(client, "llama", headers=bearer(bob)))
    assert ids(api_search(client, "platypus", headers=bearer(alice))) == ["secret-llama"]  # alice is in acme


def test_deleted_model_never_found(client, search_catalog, superuser):
    assert ids(api_search(client, "wombat")) == []
    assert ids(api_search(client, "gone-llama", headers=bearer(superuser))) == []


def test_a_row_written_with_plain_sql_is_found(client, search_catalog, alice_ns, container):
    insert_with_plain_sql(
        alice_ns, container, model_id="sql-row", description="Loaded by hand: a narwhal.", tags=["handmade"]
    )
    assert ids(api_search(client, "narwhal")) == ["sql-row"]
    assert ids(client.get('/v1alpha/models?filter=tag="handmade"')) == ["sql-row"]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE modelhub_aimodel SET description = 'Now a dugong.' WHERE model_id = 'sql-row'")
    assert ids(api_search(client, "narwhal")) == [] and ids(api_search(client, "dugong")) == ["sql-row"]


def test_a_renamed_or_edited_model_is_found_by_its_new_words(client, search_catalog, alice):
    from modelhub.services import aimodel_update

    aimodel_update(
        aimodel=search_catalog["resnet-50"], changes={"description": "Now about capybaras."}, actor=alice, source="api"
    )
    assert ids(api_search(client, "capybaras")) == ["resnet-50"]
    assert ids(api_search(client, "quixotically")) == []


def test_tag_filter_matches_whole_tags(client, search_catalog):
    assert ids(client.get('/v1alpha/models?filter=tag="chat"')) == ["tinyllama", "llama-3-8b"]
    assert ids(client.get('/v1alpha/models?filter=tag="cha"')) == []  # a whole tag, not a part
    assert ids(client.get('/v1alpha/models?filter=q="tiny" AND tag="chat"')) == ["tinyllama"]
    assert ids(client.get('/v1alpha/models?filter=tag="chat" tag="llm"')) == ["llama-3-8b"]
    assert ids(client.get('/v1alpha/models?filter=tag="no such tag!"')) == []


def test_namespace_list_searches_within_the_namespace(client, search_catalog, alice):
    response = client.get('/v1alpha/namespaces/acme/models?filter=q="llama"', headers=bearer(alice))
    assert ids(response) == ["secret-llama"]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_search_text_never_errors_in_the_api(client, search_catalog, text):
    found = ids(api_search(client, text))
    assert set(found) <= {"llama", "llama-3-8b", "tinyllama", "whisper-large", "resnet-50"}


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_search_text_never_errors_on_the_page(client, search_catalog, text):
    response = client.get("/", {"q": text})
    if "\x00" in text:  # the site refuses a NUL in any page's query string (modelhub.security)
        assert response.status_code == 400
        return
    assert response.status_code == 200
    assert b"secret-llama" not in response.content and b"gone-llama" not in response.content


def test_llama_text_with_operators_still_finds_llama(client, search_catalog):
    # Operators are plain text: what is left are the words ("and" is a word like any other).
    for text in ['"llama"*', "(((llama", "-llama", "llama:", "^llama OR"]:
        assert "tinyllama" in ids(api_search(client, text)), text
    assert ids(api_search(client, "llama AND")) == []


def test_page_search_and_tag(client, search_catalog):
    body = client.get("/", {"q": "quixotically"}).content.decode()
    assert "alice/resnet-50" in body and "alice/llama-3-8b" not in body
    body = client.get("/", {"tag": "speech"}).content.decode()
    assert "alice/whisper-large" in body and "alice/tinyllama" not in body
    body = client.get("/", {"q": "zebrafish"}).content.decode()
    assert "No models match" in body


def test_parse_caps_text_and_terms():
    search = parse("word" * 1000)
    assert len(search.text) == MAX_TEXT
    many = parse(" ".join(f"term{i}" for i in range(50)))
    assert len(many.terms) == MAX_TERMS
    assert parse("ab").terms == () and parse("ab").id_prefix == "ab"  # too short for a word: an ID prefix
    assert not parse("  \x00 ") and not parse("🦙")
    assert parse("", tags=["Bad Tag!"]).impossible


def test_search_index_kept_for_every_model(search_catalog):
    # Every model, visible or not, is in the index (the lists apply visibility afterwards).
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 table is SQLite's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM modelhub_aimodel_fts WHERE modelhub_aimodel_fts MATCH '\"platypus\"'")
        assert cursor.fetchone()[0] == 1
    AIModel.objects.filter(model_id="secret-llama").delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM modelhub_aimodel_fts WHERE modelhub_aimodel_fts MATCH '\"platypus\"'")
        assert cursor.fetchone()[0] == 0


def test_an_index_of_the_earlier_form_is_built_afresh(client, search_catalog, alice_ns):
    # Before the namespace token the FTS table read its text from the model table and had no
    # `ns` column; `migrate` (and its post_migrate check) replaces such an index.
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 table is SQLite's")
    from modelhub.search.index import drop_sqlite_index, ensure_sqlite_index

    drop_sqlite_index(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE VIRTUAL TABLE modelhub_aimodel_fts USING fts5("
            "model_id, description, tags, content='modelhub_aimodel', tokenize='trigram')"
        )
        cursor.execute("INSERT INTO modelhub_aimodel_fts(modelhub_aimodel_fts) VALUES ('rebuild')")
    assert ensure_sqlite_index(connection) is True
    assert ensure_sqlite_index(connection) is False  # now current: nothing to do
    response = client.get(f"/v1alpha/namespaces/{alice_ns.namespace_id}/models?filter=" + 'q="quixotically"')
    assert ids(response) == ["resnet-50"]


def test_scope_is_read_from_the_querysets_conditions(search_catalog, alice_ns, acme, alice):
    from django.contrib.auth.models import AnonymousUser

    from modelhub.search import _scope
    from modelhub.search.index import REACH_ALIVE, REACH_PUBLIC

    assert _scope(AIModel.objects.filter(namespace=alice_ns)) == (alice_ns.pk, "")
    assert _scope(AIModel.objects.alive().filter(namespace_id=acme.pk, task="TASK_OCR")) == (acme.pk, REACH_ALIVE)
    assert _scope(AIModel.objects.visible_to(AnonymousUser())) == (None, REACH_PUBLIC)
    assert _scope(AIModel.objects.visible_to(alice)) == (None, REACH_ALIVE)  # public, or alice's: alive
    assert _scope(AIModel.objects.all()) == (None, "")
    assert _scope(AIModel.objects.filter(Q(namespace=alice_ns) | Q(namespace=acme))) == (None, "")
    assert _scope(AIModel.objects.exclude(namespace=alice_ns).exclude(delete_time__isnull=True)) == (None, "")
    assert _scope(AIModel.objects.filter(Q(delete_time__isnull=True) | Q(visibility="VISIBILITY_PUBLIC"))) == (None, "")


def test_rebuild_search_index_command_builds_the_index_afresh(client, search_catalog):
    from io import StringIO

    from django.core.management import call_command

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # an index that lost its rows (rowids renumbered, say)
            cursor.execute("INSERT INTO modelhub_aimodel_fts(modelhub_aimodel_fts) VALUES ('delete-all')")
        assert ids(api_search(client, "quixotically")) == []
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert ids(api_search(client, "quixotically")) == ["resnet-50"]
    assert ("Rebuilt the search index" if connection.vendor == "sqlite" else "nothing to rebuild") in out.getvalue()
