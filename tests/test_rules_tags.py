"""Tags: lower-case strings, de-duplicated, bounded in count and length; the same rule on every surface."""

import pytest

from modelhub.services import aimodel_update
from modelhub.tags import MAX_TAG_CHARS, MAX_TAGS
from tests.rules_support import refused
from tests.support import fresh

pytestmark = pytest.mark.django_db


def test_tags_are_lower_cased_and_de_duplicated_in_order(aimodel, alice):
    result = aimodel_update(
        aimodel=aimodel, changes={"tags": ["Vision", "vision", "NLP", "ＮＬＰ"]}, actor=alice, source="api"
    )
    assert result.changed_fields == ("tags",)
    assert fresh(aimodel).tags == ["vision", "nlp"]


def test_the_same_tags_in_other_letter_case_change_nothing(aimodel, alice):
    aimodel_update(aimodel=aimodel, changes={"tags": ["vision"]}, actor=alice, source="api")
    assert not aimodel_update(aimodel=fresh(aimodel), changes={"tags": ["VISION"]}, actor=alice, source="api").changed


@pytest.mark.parametrize("empty", [None, "", []])
def test_none_or_empty_clears_the_tags(aimodel, alice, empty):
    aimodel_update(aimodel=aimodel, changes={"tags": ["vision"]}, actor=alice, source="api")
    aimodel_update(aimodel=fresh(aimodel), changes={"tags": empty}, actor=alice, source="api")
    assert fresh(aimodel).tags == []


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        ([f"t{n}" for n in range(MAX_TAGS + 1)], f"At most {MAX_TAGS} tags"),
        (["a" * (MAX_TAG_CHARS + 1)], f"longer than {MAX_TAG_CHARS} characters"),
        ([""], "cannot be empty"),
        (["two words"], "is not valid"),
        ([" padded "], "is not valid"),
        (["same"] * (MAX_TAGS + 1), f"At most {MAX_TAGS} tags"),  # counted as sent, before de-duplication
        (["-leading"], "is not valid"),
        (["semi;colon"], "is not valid"),
        ("vision", "list of strings"),
        ([1, 2], "list of strings"),
        ({"a": "b"}, "list of strings"),
    ],
)
def test_bad_tags_are_refused_and_nothing_changes(aimodel, tags, message):
    errors = refused(aimodel, tags=tags)
    assert list(errors) == ["tags"] and message in errors["tags"][0]


def test_at_the_limits_tags_are_accepted(aimodel, alice):
    tags = [f"{n:02d}" + "x" * (MAX_TAG_CHARS - 2) for n in range(MAX_TAGS)]
    aimodel_update(aimodel=aimodel, changes={"tags": tags}, actor=alice, source="api")
    assert fresh(aimodel).tags == tags
