"""Every field rule, valid and invalid, through the service (the rules of every surface)."""

import factory
import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict

from modelhub.models import AIModel, AuditEntry, ModerationState, Region
from modelhub.rules import MAX_CONFIGURATION_DEPTH, json_path, validate_aimodel
from modelhub.services import aimodel_update
from tests.factories import AIModelFactory

pytestmark = pytest.mark.django_db

RFC1034 = "Must conform to RFC-1034"
HTTP_URL = "Enter a valid http:// or https:// URL."
NOT_A_STRING = "Must be a string."
NUL = "Must not contain NUL characters."


class InactiveRegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = "REGION_RETIRED"
    is_active = False


def fresh(aimodel) -> AIModel:
    return AIModel.objects.get(pk=aimodel.pk)


def snapshot(aimodel) -> dict:
    row = fresh(aimodel)
    return {**model_to_dict(row), "update_time": row.update_time}


def refused(aimodel, **changes) -> dict[str, list[str]]:
    """The service's errors for `changes`; asserts the row and the audit trail are untouched."""
    before, audits = snapshot(aimodel), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        aimodel_update(aimodel=fresh(aimodel), changes=changes, actor=None, source="api")
    assert snapshot(aimodel) == before
    assert AuditEntry.objects.count() == audits
    return exc.value.message_dict


def accepted(aimodel, **changes) -> AIModel:
    result = aimodel_update(aimodel=fresh(aimodel), changes=changes, actor=None, source="api")
    row = AIModel.objects.get(pk=aimodel.pk)
    for field, value in changes.items():
        assert getattr(row, AIModel._meta.get_field(field).attname) == value
    assert set(result.changed_fields) <= set(changes)
    return row


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
    assert refused(other, model_id="resnet")["model_id"] == [
        "A model with ID 'resnet' already exists in this namespace."
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


# --- definition and configuration -------------------------------------------------------------


def test_unknown_model_definition_is_refused(aimodel):
    assert refused(aimodel, model_definition="nope")["model_definition"] == ["Unknown model definition 'nope'."]


def test_switching_definition_validates_the_configuration_against_it(aimodel, github):
    errors = refused(aimodel, model_definition="github")["configuration"]
    assert errors == ["$: 'repository' is a required property", "$: 'tag' is a required property"]
    accepted(aimodel, model_definition="github", configuration={"repository": "instill-ai/yolo", "tag": "v1"})


@pytest.mark.parametrize("value", [[1, 2], "{}", 3, True], ids=["list", "string", "number", "bool"])
def test_configuration_must_be_an_object(aimodel, value):
    assert refused(aimodel, configuration=value)["configuration"] == ["Configuration must be a JSON object."]


def test_configuration_schema_error_names_the_json_path(aimodel, github):
    aimodel = accepted(aimodel, model_definition="github", configuration={"repository": "a/b", "tag": "v1"})
    errors = refused(aimodel, configuration={"repository": 5, "tag": "v1"})["configuration"]
    assert errors == ["$.repository: 5 is not of type 'string'"]
    errors = refused(aimodel, configuration={"repository": "a/b", "tag": "v1", "extra": 1})["configuration"]
    assert errors == ["$: Additional properties are not allowed ('extra' was unexpected)"]


def test_container_accepts_only_the_empty_object(aimodel):
    accepted(aimodel, configuration={})
    assert refused(aimodel, configuration={"a": 1})["configuration"] == [
        "$: Additional properties are not allowed ('a' was unexpected)"
    ]


def test_configuration_nested_too_deep_is_refused(aimodel):
    deep: dict = {}
    for _ in range(MAX_CONFIGURATION_DEPTH + 5):
        deep = {"a": deep}
    assert refused(aimodel, configuration=deep)["configuration"] == [
        f"Configuration is nested more than {MAX_CONFIGURATION_DEPTH} levels deep."
    ]


def test_configuration_too_large_is_refused(aimodel):
    errors = refused(aimodel, configuration={"a": "x" * 100_001})["configuration"]
    assert errors == ["Configuration is 100,010 bytes; at most 100,000 are allowed."]


def test_configuration_with_nul_is_refused(aimodel):
    assert refused(aimodel, configuration={"a\x00": 1})["configuration"] == [
        "Configuration must not contain NUL characters."
    ]


def test_json_path_rendering():
    assert json_path([]) == "$"
    assert json_path(["a", 0, "b"]) == "$.a[0].b"


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


# --- region and hardware ------------------------------------------------------------------------


def test_region_unknown(aimodel):
    assert refused(aimodel, region="REGION_MARS")["region"] == ["Unknown region 'REGION_MARS'."]


def test_region_inactive(aimodel):
    InactiveRegionFactory()
    assert refused(aimodel, region="REGION_RETIRED")["region"] == ["Region 'REGION_RETIRED' is not available."]


def test_hardware_of_the_region(aimodel):
    accepted(aimodel, hardware="NVIDIA_A100_80G")
    accepted(aimodel, region="REGION_LOCAL", hardware="GPU")


def test_hardware_not_in_the_region_is_refused(aimodel):
    errors = refused(aimodel, hardware="GPU")["hardware"]
    assert errors == [
        "Hardware 'GPU' is not available in region 'REGION_GCP_EUROPE_WEST4'; choose one of: "
        "CPU, NVIDIA_TESLA_T4, NVIDIA_L4, NVIDIA_A100, NVIDIA_A100_80G."
    ]


def test_moving_region_revalidates_the_hardware(aimodel):
    accepted(aimodel, region="REGION_LOCAL", hardware="my-box")
    assert "not available in region" in refused(aimodel, region="REGION_GCP_EUROPE_WEST4")["hardware"][0]


@pytest.mark.parametrize("value", ["my-gpu", "RTX_4090", "a", "x" * 63])
def test_custom_hardware_allowed_on_local(aimodel, value):
    accepted(aimodel, region="REGION_LOCAL", hardware=value)


@pytest.mark.parametrize("value", ["my gpu", "gpu!", "gpü", "<script>"])
def test_invalid_custom_hardware_name_is_refused(aimodel, value):
    assert refused(aimodel, region="REGION_LOCAL", hardware=value)["hardware"] == [
        "Custom hardware must be 1–63 letters, digits, underscores or hyphens."
    ]


def test_overlong_custom_hardware_name_is_refused_by_its_length(aimodel):
    assert refused(aimodel, region="REGION_LOCAL", hardware="x" * 64)["hardware"] == [
        "Ensure this value has at most 63 characters (it has 64)."
    ]


def test_custom_hardware_refused_on_gcp(aimodel):
    assert "not available in region 'REGION_GCP_EUROPE_WEST4'" in refused(aimodel, hardware="my-gpu")["hardware"][0]


def test_hardware_empty_is_required(aimodel):
    assert refused(aimodel, hardware="")["hardware"] == ["This field is required."]


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
