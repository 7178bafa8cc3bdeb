"""Tags are ASCII like IDs: compatibility forms are NFKC-normalised to the plain tag, and a
look-alike from another script is refused with a message naming the character, on every
surface (the service, the edit page's form, the API) and leaving the model unchanged."""

import re
import sys
import unicodedata

import pytest
from django.urls import reverse

from modelhub import tags
from modelhub.services import aimodel_update, token_create
from tests.live_api_support import ApiClient, model_path
from tests.rules_support import refused, snapshot
from tests.support import fresh
from tests.web_helpers import edit_form_data

CYRILLIC_I = "v\u0456sion"  # "vіsion": a Cyrillic і where the Latin i is
GREEK_O = "r\u03bfbot"  # "rοbot": a Greek omicron
LOOK_ALIKES = [
    (CYRILLIC_I, "'\u0456' (U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I)"),
    (GREEK_O, "'\u03bf' (U+03BF GREEK SMALL LETTER OMICRON)"),
    ("r\u00e9sum\u00e9", "'\u00e9' (U+00E9 LATIN SMALL LETTER E WITH ACUTE)"),
    ("\u0430i", "'\u0430' (U+0430 CYRILLIC SMALL LETTER A)"),
]
NOT_ASCII = "which is not an ASCII letter or digit"


@pytest.mark.django_db
@pytest.mark.parametrize(("tag", "named"), LOOK_ALIKES)
def test_the_service_refuses_a_look_alike_naming_the_character(aimodel, tag, named):
    errors = refused(aimodel, tags=["ok", tag])
    assert list(errors) == ["tags"]
    assert NOT_ASCII in errors["tags"][0] and named in errors["tags"][0]


@pytest.mark.django_db
def test_compatibility_forms_become_the_plain_tag(aimodel, alice):
    full_width, superscript, kelvin = "\uff36\uff29\uff33\uff29\uff2f\uff2e", "x\u00b2", "\u212a8s"
    aimodel_update(
        aimodel=aimodel, changes={"tags": [full_width, "vision", superscript, kelvin]}, actor=alice, source="api"
    )
    assert fresh(aimodel).tags == ["vision", "x2", "k8s"]  # the full-width one is the same tag
    # sending the full-width form of the stored tags changes nothing
    assert not aimodel_update(
        aimodel=fresh(aimodel), changes={"tags": ["\uff56ision", "x2", "k8s"]}, actor=alice, source="api"
    ).changed


@pytest.mark.django_db
def test_a_character_that_becomes_several_is_refused(aimodel):
    errors = refused(aimodel, tags=["\ufb01ne"])  # the "fi" ligature: one character typed, two stored
    assert "'\ufb01' (U+FB01 LATIN SMALL LIGATURE FI)" in errors["tags"][0]


def test_the_documented_characters_are_exactly_those_nfkc_maps_to_one_allowed_ascii_character():
    """The API document's pattern is derived from ranges kept in modelhub.tags; recompute them
    from this Python's Unicode database, and check the pattern and the server agree."""
    alnum, marks = [], []
    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        mapped = unicodedata.normalize("NFKC", chr(cp))
        if len(mapped) == 1 and mapped.isascii():
            if mapped.isalnum():
                alnum.append(cp)
            elif mapped in "_.+-":
                marks.append(cp)
    assert [cp for a, b in tags.ALNUM_RANGES for cp in range(a, b + 1)] == alnum
    assert [cp for a, b in tags.MARK_RANGES for cp in range(a, b + 1)] == marks
    documented = re.compile(tags.TAG_INPUT_PATTERN)
    samples = [chr(cp) for cp in alnum[::7] + marks] + ["\u0456", "\u03bf", "\ufb01", " ", "/", "\u00e9", "\u0301"]
    for char in samples:
        tag = "a" + char
        server_accepts = not tags.tag_errors(tags.normalize_tags([tag]))
        assert bool(documented.match(tag)) is server_accepts, f"U+{ord(char):04X}"


@pytest.mark.django_db
def test_a_long_tag_is_refused_for_its_length_before_any_normalising(aimodel):
    errors = refused(aimodel, tags=["\uff21" * 1000])
    assert "longer than 32 characters" in errors["tags"][0]


@pytest.mark.django_db
def test_the_edit_page_refuses_a_look_alike_and_keeps_the_model(client, alice, aimodel):
    client.force_login(alice)
    before = snapshot(aimodel)
    data = edit_form_data(aimodel, tags=f"nlp, {CYRILLIC_I}")
    response = client.post(reverse("aimodel-edit", args=["alice", aimodel.model_id]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert NOT_ASCII in page and "U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I" in page
    assert snapshot(aimodel) == before
    saved = client.post(
        reverse("aimodel-edit", args=["alice", aimodel.model_id]), {**data, "tags": "\uff2e\uff2c\uff30"}
    )
    assert saved.status_code == 302 and fresh(aimodel).tags == ["nlp"]


@pytest.mark.django_db(transaction=True)
def test_the_api_refuses_a_look_alike_with_a_field_violation(live_server, alice, aimodel):
    api = ApiClient(live_server.url, token_create(user=alice, name="tags")[1])
    before = snapshot(aimodel)
    try:
        status, body, _ = api.request("PATCH", model_path(aimodel), {"tags": ["nlp", GREEK_O]})
        assert status == 400 and body["code"] == 3
        (violation,) = body["details"][0]["fieldViolations"]
        assert violation["field"] == "tags" and "U+03BF GREEK SMALL LETTER OMICRON" in violation["description"]
        assert snapshot(aimodel) == before
        status, body, _ = api.request("PATCH", model_path(aimodel), {"tags": ["\uff52\uff4f\uff42\uff4f\uff54"]})
        assert status == 200 and body["model"]["tags"] == ["robot"]
    finally:
        api.close()
