"""The rules of the plain fields (id, texts, task, visibility, URLs) and of the whole record, through the service."""

import pytest

from modelhub.models import AIModel, ModerationState
from modelhub.rules.aimodel import validate_aimodel
from modelhub.services import aimodel_update
from tests.factories import AIModelFactory
from tests.rules_support import HTTP_URL, NOT_A_STRING, NUL, RFC1034, accepted, refused
from tests.support import fresh

pytestmark = pytest.mark.django_db


# --- id ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["a" * 63, "a", "Resnet-50", "x1-y2-z3"],
    ids=["63-chars", "one-letter", "mixed-case", "hyphens"],
)
def test_model_id_valid(aimodel, value):
    accepted(aimodel, model_id=value)


@pytest.mark.parametrize(
    "value",
    ["a" * 64, "1abc", "abc-", "-abc", "ab_c", "ab.c", "ab c", "\u0430bc", "ab\u200fc", "ab\u202ec", "é"],
    ids=["64-chars", "digit-first", "ends-hyphen", "starts-hyphen", "underscore", "dot", "space",
         "cyrillic-a", "rtl-mark", "rtl-override", "accented"],
)  # fmt: skip
def test_model_id_invalid(aimodel, value):
    messages = refused(aimodel, model_id=value)["model_id"]
    assert any(RFC1034 in m or m == "Ensure this value has at most 63 characters (it has 64)." for m in messages)


def test_model_id_with_nul_is_refused(aimodel):
    assert refused(aimodel, model_id="ab\x00c")["model_id"] == [NUL]


@pytest.mark.parametrize("value", ["new", "NEW"])
def test_model_id_that_collides_with_a_page_path_is_reserved(aimodel, value):
    assert refused(aimodel, model_id=value)["model_id"] == [f"'{value}' is reserved; choose another ID."]


def test_model_id_empty_is_required(aimodel):
    assert refused(aimodel, model_id="")["model_id"] == ["This field is required."]


def test_model_id_taken_in_the_namespace_is_refused(aimodel):
    other = AIModelFactory(namespace=aimodel.namespace, model_definition=aimodel.model_definition, model_id="other")
    for taken in ("resnet", "RESNET", "ResNet"):  # RFC-1034 names compare case-insensitively
        assert refused(other, model_id=taken)["model_id"] == [
            f"A model with ID '{taken}' already exists in this namespace (IDs ignore letter case)."
        ]


def test_model_id_taken_in_another_namespace_is_fine(aimodel, private_model):
    accepted(private_model, model_id="resnet")


# --- description, readme, license: lengths and types ------------------------------------------


def test_description_length(aimodel):
    accepted(aimodel, description="d" * 1023)
    assert refused(aimodel, description="d" * 1024)["description"] == [
        "Ensure this value has at most 1023 characters (it has 1024)."
    ]


def test_description_of_wrong_type_is_refused(aimodel):
    assert refused(aimodel, description=42)["description"] == [NOT_A_STRING]
    assert refused(aimodel, description=["a"])["description"] == [NOT_A_STRING]


def test_description_with_nul_is_refused(aimodel):
    assert refused(aimodel, description="bad\x00byte")["description"] == [NUL]


def test_readme_length(aimodel):
    accepted(aimodel, readme="r" * 100_000)
    assert refused(aimodel, readme="r" * 100_001)["readme"] == [
        "Ensure this value has at most 100000 characters (it has 100001)."
    ]


def test_license_length(aimodel):
    accepted(aimodel, license="L" * 255)
    assert refused(aimodel, license="L" * 256)["license"] == [
        "Ensure this value has at most 255 characters (it has 256)."
    ]


def test_optional_fields_can_be_cleared(aimodel):
    accepted(aimodel, description="", readme="", license="", source_url="")


# --- task and visibility ----------------------------------------------------------------------


def test_task(aimodel):
    accepted(aimodel, task="TASK_TEXT_TO_IMAGE")
    assert refused(aimodel, task="TASK_NOPE")["task"] == ["Value 'TASK_NOPE' is not a valid choice."]
    assert refused(aimodel, task="")["task"] == ["This field is required."]


def test_visibility(aimodel):
    accepted(aimodel, visibility="VISIBILITY_PRIVATE")
    assert refused(aimodel, visibility="VISIBILITY_SECRET")["visibility"] == [
        "Value 'VISIBILITY_SECRET' is not a valid choice."
    ]
    assert refused(aimodel, visibility=None)["visibility"] == ["This field is required."]


def test_hidden_model_cannot_be_made_public_except_by_moderation(aimodel):
    aimodel_update(
        aimodel=fresh(aimodel),
        changes={"visibility": "VISIBILITY_PRIVATE", "moderation_state": ModerationState.HIDDEN},
        actor=None,
        source="moderation",
    )
    assert "hidden by moderators" in refused(aimodel, visibility="VISIBILITY_PUBLIC")["visibility"][0]


# --- URLs ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["source_url", "documentation_url"])
@pytest.mark.parametrize("value", ["http://example.com", "https://example.com/a/b?c=d#e", "https://127.0.0.1:8000/x"])
def test_url_valid(aimodel, field, value):
    accepted(aimodel, **{field: value})


@pytest.mark.parametrize("field", ["source_url", "documentation_url"])
@pytest.mark.parametrize(
    "value",
    ["javascript:alert(1)", "ftp://example.com/file", "example.com/page", "data:text/html,hi", "https://"],
    ids=["javascript", "ftp", "no-scheme", "data", "no-host"],
)
def test_url_invalid(aimodel, field, value):
    assert refused(aimodel, **{field: value})[field] == [HTTP_URL]


@pytest.mark.parametrize("field", ["source_url", "documentation_url"])
def test_url_too_long(aimodel, field):
    url = "https://example.com/" + "a" * 236
    assert len(url) == 256
    assert "Ensure this value has at most 255 characters (it has 256)." in refused(aimodel, **{field: url})[field]
    accepted(aimodel, **{field: url[:-1]})


# --- the whole record -----------------------------------------------------------------------------------


def test_all_errors_are_reported_together_and_nothing_is_written(aimodel):
    errors = refused(aimodel, model_id="1x", description=3, task="NOPE", source_url="ftp://x")
    assert set(errors) == {"model_id", "description", "task", "source_url"}


def test_validate_aimodel_on_a_valid_record_passes(aimodel):
    validate_aimodel(AIModel.objects.get(pk=aimodel.pk), changed={"model_id", "region"}, source="web")


def test_unknown_field_is_refused(aimodel):
    assert refused(aimodel, owner="bob") == {"owner": ["Unknown or read-only field."]}
    assert refused(aimodel, moderation_state="HIDDEN") == {"moderation_state": ["Unknown or read-only field."]}
