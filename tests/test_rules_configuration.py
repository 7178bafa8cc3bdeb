"""The rules of the model definition and its configuration, through the service."""

import pytest

from modelhub.rules.changes import MAX_CONFIGURATION_DEPTH
from modelhub.rules.configuration import json_path
from tests.rules_support import accepted, refused

pytestmark = pytest.mark.django_db


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
