"""Search (modelhub.search) through the API's `filter` and the list page's `q` and `tag`."""

import json
import uuid
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone

from modelhub.models import AIModel, Visibility
from modelhub.search import MAX_TERMS, MAX_TEXT, matching, parse
from tests.api_support import bearer
from tests.factories import AIModelFactory

HOSTILE_TEXTS = [
    '"',
    '""',
    '"unbalanced',
    "llama AND",
    "AND OR NOT",
    "NEAR(llama whisper, 2)",
    "NEAR/2",
    "llama*",
    "*",
    "-llama",
    "--",
    "model_id:llama",
    "description : llama",
    "tags:vision",
    "(((llama",
    "llama)))",
    "^llama",
    "'; DROP TABLE modelhub_aimodel; --",
    "%_\\",
    "a" * 1000,
    "llama " * 200,
    "x\x00y",
    "🦙 llama 🦙",
    "日本語のモデル",
    "модель",
    "نموذج",
    "\u200b\u202e",
    "& | ! <-> :*",
]


def api_search(client, text: str, headers=None, extra: str = ""):
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    clause = 'q="' + escaped + '"'
    response = client.get(f"/v1alpha/models?filter={quote(clause)}{extra}", headers=headers or {})
    return response


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content[:300]
    return [m["id"] for m in response.json()["models"]]


@pytest.fixture
def catalog(alice_ns, acme, container):
    """A few public models in alice's namespace, newest last; one private in acme; one deleted."""
    now = timezone.now()
    rows = [
        ("llama-3-8b", "A chat model by Meta.", ["chat", "llm"]),
        ("llama", "The original llama weights.", ["llm"]),
        ("whisper-large", "Speech to text, trained on llama-free audio.", ["speech"]),
        ("tinyllama", "A small chat model.", ["chat"]),
        ("resnet-50", "Image classifier with a quixotically rare word.", ["vision"]),
    ]
    made = {}
    for i, (model_id, description, tags) in enumerate(rows):
        made[model_id] = AIModelFactory(
            namespace=alice_ns,
            model_id=model_id,
            description=description,
            tags=tags,
            model_definition=container,
            create_time=now + timedelta(seconds=i),
            update_time=now + timedelta(seconds=i),
        )
    made["secret"] = AIModelFactory(
        namespace=acme,
        model_id="secret-llama",
        description="Private platypus notes.",
        visibility=Visibility.PRIVATE,
        model_definition=container,
    )
    made["gone"] = AIModelFactory(
        namespace=alice_ns,
        model_id="gone-llama",
        description="Deleted wombat.",
        model_definition=container,
        delete_time=now,
    )
    return made


def test_exact_id_comes_first_then_prefix_then_newest(client, catalog):
    # "llama" is in five visible rows; the one whose ID is "llama" leads, then "llama-3-8b"
    # (its ID starts with the text), then the others newest first.
    assert ids(api_search(client, "llama")) == ["llama", "llama-3-8b", "tinyllama", "whisper-large"]
    assert ids(api_search(client, "LLAMA-3-8B"))[0] == "llama-3-8b"


def test_a_unique_word_finds_exactly_its_model(client, catalog):
    assert ids(api_search(client, "quixotically")) == ["resnet-50"]
    assert ids(api_search(client, "rare quixotically")) == ["resnet-50"]  # every word, any order


def test_a_word_in_no_row_finds_nothing(client, catalog):
    response = api_search(client, "zebrafish")
    assert ids(response) == [] and response.json()["totalSize"] == 0


def test_description_and_tags_are_searched(client, catalog):
    assert ids(api_search(client, "speech")) == ["whisper-large"]  # a tag only
    assert ids(api_search(client, "meta")) == ["llama-3-8b"]  # a description word only


def test_private_model_never_found_by_an_outsider(client, catalog, bob, alice):
    assert ids(api_search(client, "platypus")) == []
    assert ids(api_search(client, "platypus", headers=bearer(bob))) == []
    assert "secret-llama" not in ids(api_search(client, "llama", headers=bearer(bob)))
    assert ids(api_search(client, "platypus", headers=bearer(alice))) == ["secret-llama"]  # alice is in acme


def test_deleted_model_never_found(client, catalog, superuser):
    assert ids(api_search(client, "wombat")) == []
    assert ids(api_search(client, "gone-llama", headers=bearer(superuser))) == []


def test_a_row_written_with_plain_sql_is_found(client, catalog, alice_ns, container):
    now = timezone.now().isoformat() if connection.vendor == "postgresql" else timezone.now().strftime("%F %T")
    uid = uuid.uuid4().hex if connection.vendor == "sqlite" else str(uuid.uuid4())
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO modelhub_aimodel (uid, namespace_id, model_id, description, model_definition_id,"
            " configuration, task, visibility, region_id, hardware, readme, source_url, documentation_url,"
            " license, profile_image, tags, moderation_state, create_time, update_time)"
            " VALUES (%s, %s, 'sql-row', 'Loaded by hand: a narwhal.', %s, '{}', 'TASK_OCR', 'VISIBILITY_PUBLIC',"
            " 'REGION_GCP_EUROPE_WEST4', 'CPU', '', '', '', '', '', %s, 'ACTIVE', %s, %s)",
            [uid, alice_ns.pk, container.definition_id, json.dumps(["handmade"]), now, now],
        )
    assert ids(api_search(client, "narwhal")) == ["sql-row"]
    assert ids(client.get('/v1alpha/models?filter=tag="handmade"')) == ["sql-row"]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE modelhub_aimodel SET description = 'Now a dugong.' WHERE model_id = 'sql-row'")
    assert ids(api_search(client, "narwhal")) == [] and ids(api_search(client, "dugong")) == ["sql-row"]


def test_a_renamed_or_edited_model_is_found_by_its_new_words(client, catalog, alice):
    from modelhub.services import aimodel_update

    aimodel_update(
        aimodel=catalog["resnet-50"], changes={"description": "Now about capybaras."}, actor=alice, source="api"
    )
    assert ids(api_search(client, "capybaras")) == ["resnet-50"]
    assert ids(api_search(client, "quixotically")) == []


def test_tag_filter_matches_whole_tags(client, catalog):
    assert ids(client.get('/v1alpha/models?filter=tag="chat"')) == ["tinyllama", "llama-3-8b"]
    assert ids(client.get('/v1alpha/models?filter=tag="cha"')) == []  # a whole tag, not a part
    assert ids(client.get('/v1alpha/models?filter=q="tiny" AND tag="chat"')) == ["tinyllama"]
    assert ids(client.get('/v1alpha/models?filter=tag="chat" tag="llm"')) == ["llama-3-8b"]
    assert ids(client.get('/v1alpha/models?filter=tag="no such tag!"')) == []


def test_namespace_list_searches_within_the_namespace(client, catalog, alice):
    response = client.get('/v1alpha/namespaces/acme/models?filter=q="llama"', headers=bearer(alice))
    assert ids(response) == ["secret-llama"]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_search_text_never_errors_in_the_api(client, catalog, text):
    found = ids(api_search(client, text))
    assert set(found) <= {"llama", "llama-3-8b", "tinyllama", "whisper-large", "resnet-50"}


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_search_text_never_errors_on_the_page(client, catalog, text):
    response = client.get("/", {"q": text})
    if "\x00" in text:  # the site refuses a NUL in any page's query string (modelhub.security)
        assert response.status_code == 400
        return
    assert response.status_code == 200
    assert b"secret-llama" not in response.content and b"gone-llama" not in response.content


def test_llama_text_with_operators_still_finds_llama(client, catalog):
    # Operators are plain text: what is left are the words ("and" is a word like any other).
    for text in ['"llama"*', "(((llama", "-llama", "llama:", "^llama OR"]:
        assert "tinyllama" in ids(api_search(client, text)), text
    assert ids(api_search(client, "llama AND")) == []


def test_page_search_and_tag(client, catalog):
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


def test_search_index_kept_for_every_model(catalog):
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


@pytest.mark.parametrize("rare_matches", [0, 1000])
def test_common_and_rare_texts_find_the_same_rows(client, catalog, bob, monkeypatch, rare_matches):
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


def test_each_strategy_finds_the_same_rows(client, catalog, bob, alice, strategy):
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


def test_each_strategy_matches_whole_tags(client, catalog, strategy):
    # "many" checks a tag in the row's own list of tags, the words in the FTS table.
    assert ids(client.get('/v1alpha/models?filter=tag="cha"')) == []
    assert ids(client.get('/v1alpha/models?filter=tag="hat"')) == []
    assert ids(client.get('/v1alpha/models?filter=q="tiny" AND tag="chat"')) == ["tinyllama"]
    assert ids(client.get('/v1alpha/models?filter=q="whisper" AND tag="chat"')) == []
    both = client.get('/v1alpha/models?filter=tag="chat" tag="llm"')
    assert ids(both) == ["llama-3-8b"] and both.json()["totalSize"] == 1
    page = client.get("/", {"tag": "chat"})
    assert page.status_code == 200 and page.context["count"] == 2


def test_each_strategy_counts_exactly(client, catalog, alice, strategy):
    assert api_search(client, "llama").json()["totalSize"] == 4
    assert api_search(client, "llama", headers=bearer(alice)).json()["totalSize"] == 5  # and acme's private one
    assert api_search(client, "chat").json()["totalSize"] == 2
    page = client.get("/?q=llama")
    assert page.status_code == 200 and page.context["count"] == 4 and not page.context["count_is_more"]


def test_each_strategy_finds_a_row_written_with_plain_sql(client, catalog, alice_ns, container, strategy):
    now = timezone.now().isoformat() if connection.vendor == "postgresql" else timezone.now().strftime("%F %T")
    uid = uuid.uuid4().hex if connection.vendor == "sqlite" else str(uuid.uuid4())
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO modelhub_aimodel (uid, namespace_id, model_id, description, model_definition_id,"
            " configuration, task, visibility, region_id, hardware, readme, source_url, documentation_url,"
            " license, profile_image, tags, moderation_state, create_time, update_time)"
            " VALUES (%s, %s, 'raw-row', 'Inserted by hand: capybara.', %s, '{}', 'TASK_OCR', 'VISIBILITY_PUBLIC',"
            " 'REGION_GCP_EUROPE_WEST4', 'CPU', '', '', '', '', '', %s, 'ACTIVE', %s, %s)",
            [uid, alice_ns.pk, container.definition_id, json.dumps(["llm"]), now, now],
        )
    assert ids(api_search(client, "capybara")) == ["raw-row"]
    assert "raw-row" in ids(api_search(client, "llm", extra="&page_size=100"))


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_text_never_errors_with_either_strategy(client, catalog, text, strategy):
    assert api_search(client, text).status_code == 200
    page = client.get("/", {"q": text})
    # The site refuses a NUL in any page's query string (modelhub.security).
    assert page.status_code == (400 if "\x00" in text else 200)


def test_a_hyphenated_id_is_looked_up_as_one_word(catalog, alice_ns, container):
    # The parser keeps `whisper-large` whole besides `whisper` and `large`: the document's
    # other rows with both words but not that hyphenated one are no match for it.
    AIModelFactory(namespace=alice_ns, model_id="speech", description="Large whisper.", model_definition=container)
    found = set(matching(AIModel.objects.alive(), parse("whisper-large")).values_list("model_id", flat=True))
    assert found == {"whisper-large"}
    assert set(matching(AIModel.objects.alive(), parse("large whisper")).values_list("model_id", flat=True)) == {
        "whisper-large",
        "speech",
    }
