"""The Configuration editor's pure parts, back again: posted inputs -> value (reading), and
jsonschema errors -> inputs, in words (messages)."""

import json

import pytest
from jsonschema import Draft202012Validator

from modelhub.forms.configuration import build_inputs, carry_over, place_errors, read_inputs
from tests.configuration_support import DEMO_SPECS, RICH_SPEC, RICH_VALUE, browser_post, by_name


def same_json(a, b) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


@pytest.mark.parametrize(
    ("spec", "value"),
    [
        (DEMO_SPECS["github"], {"repository": "instill-ai/model-resnet-50", "tag": "v1.0"}),
        (DEMO_SPECS["huggingface"], {"repo_id": "acme/bert"}),
        (DEMO_SPECS["huggingface"], {"repo_id": "acme/bert", "revision": ""}),
        (DEMO_SPECS["container"], {}),
        (DEMO_SPECS["container"], {"stray": [1, 2]}),
        (RICH_SPEC, RICH_VALUE),
        (RICH_SPEC, {"name": "x", "mode": "fast", "auth": {"token": "t"}, "replicas": 2.0, "labels": []}),
        (RICH_SPEC, {"replicas": "three", "mode": "slow", "enabled": "yes"}),  # invalid, still kept as it is
    ],
)
def test_round_trip_unchanged_inputs_give_back_exactly_the_value(spec, value):
    tree = build_inputs(spec, value)
    read, errors, raw = read_inputs(tree, browser_post(tree))
    assert (errors, raw) == ({}, {})
    assert same_json(read, value)


def test_changed_inputs_are_parsed_and_emptied_optional_ones_left_out():
    tree = build_inputs(RICH_SPEC, RICH_VALUE)
    data = browser_post(tree)
    data.setlist("configuration.replicas", ["5"])
    data.setlist("configuration.threshold", ["0.25"])
    data.setlist("configuration.endpoint", [""])  # emptied: left out, not ""
    data.setlist("configuration.notes", ["a\r\nb"])
    data.setlist("configuration.enabled", ["on"])
    data.setlist("configuration.labels", ["cat", "", "bird"])  # dog removed, bird added
    data.setlist("configuration.mode", ['"fast"'])
    data.setlist("configuration.auth.scheme", [""])
    data.setlist("configuration.backend", ['"plain"'])
    read, errors, _ = read_inputs(tree, data)
    assert errors == {}
    expected = {
        **RICH_VALUE,
        "replicas": 5,
        "threshold": 0.25,
        "notes": "a\nb",
        "enabled": True,
        "labels": ["cat", "bird"],
        "mode": "fast",
        "auth": {"token": "s3cret-token"},
        "backend": "plain",
    }
    del expected["endpoint"]
    assert read == expected


def test_new_optional_values_left_empty_are_not_stored():
    spec = DEMO_SPECS["huggingface"]
    tree = build_inputs(spec, {})
    data = browser_post(tree)
    data.setlist("configuration.repo_id", ["acme/bert"])
    assert read_inputs(tree, data)[0] == {"repo_id": "acme/bert"}  # no "revision": ""


def test_unchecking_a_box_stores_false_and_a_list_emptied_is_left_out():
    tree = build_inputs(RICH_SPEC, {**RICH_VALUE, "enabled": True})
    data = browser_post(tree)
    data.pop("configuration.enabled")
    data.setlist("configuration.labels", ["", ""])
    read = read_inputs(tree, data)[0]
    assert read["enabled"] is False and "labels" not in read


def test_text_that_is_not_a_number_is_kept_for_jsonschema_to_report():
    tree = build_inputs(RICH_SPEC, RICH_VALUE)
    data = browser_post(tree)
    data.setlist("configuration.replicas", ["many"])
    assert read_inputs(tree, data)[0]["replicas"] == "many"


def test_json_subtree_that_does_not_parse_is_an_error_at_its_input_and_its_text_is_kept():
    tree = build_inputs(RICH_SPEC, RICH_VALUE)
    data = browser_post(tree)
    data.setlist("configuration.backend", ['{"url": '])
    read, errors, raw = read_inputs(tree, data)
    assert errors["configuration.backend"].startswith("Invalid JSON at line 1, column 9")
    assert raw == {"configuration.backend": '{"url": '}
    assert read["backend"] == RICH_VALUE["backend"]  # the shown value, until the text parses


def test_inputs_not_posted_at_all_keep_their_value():
    tree = build_inputs(RICH_SPEC, RICH_VALUE)
    assert same_json(read_inputs(tree, {})[0], RICH_VALUE)


def test_carry_over_keeps_the_settings_the_new_definition_has():
    assert carry_over({"repository": "a/b", "tag": "v1"}, DEMO_SPECS["huggingface"]) == {"revision": "main"}
    assert carry_over({"repo_id": "a/b", "other": 1}, DEMO_SPECS["huggingface"]) == {
        "repo_id": "a/b",
        "revision": "main",
    }
    assert carry_over({"a": 1}, DEMO_SPECS["container"]) == {}
    assert carry_over({"a": 1}, {"type": "object"}) == {"a": 1}


def errors_of(spec, value):
    return list(Draft202012Validator(spec).iter_errors(value))


def test_github_errors_are_put_at_their_inputs_in_words():
    spec = DEMO_SPECS["github"]
    value = {"repository": "not a repo"}
    tree = build_inputs(spec, value)
    summary = place_errors(tree, errors_of(spec, value))
    assert summary == ["Repository: must look like owner/repository on GitHub", "Tag: required"]
    repository, tag = tree.children
    assert repository.errors == ["Must look like owner/repository on GitHub"]
    assert tag.errors == ["Required"]
    assert repository.described_by == f"{repository.id}-help {repository.id}-error"


def test_rich_errors_in_words_at_nested_inputs_list_and_json_subtree():
    value = {
        **RICH_VALUE,
        "name": "",
        "replicas": 9,
        "threshold": 0.33,
        "labels": ["a", "a"],
        "auth": {"token": "short"},
        "backend": 5,
        "engine": "tpu",
    }
    value.pop("mode")
    tree = build_inputs(RICH_SPEC, value)
    summary = place_errors(tree, errors_of(RICH_SPEC, value))
    assert set(summary) == {
        "Display name: must not be empty",
        "Mode: required",
        "Replicas: must be at most 8",
        "Threshold: must be a multiple of 0.05",
        "Labels: must not list the same value twice",
        "Authentication › Token: must be at least 8 characters long",
        "Backend: 5 is not valid under any of the given schemas",
        "Engine: must be one of: cpu, gpu",
    }
    assert by_name(tree)["configuration.auth.token"].errors == ["Must be at least 8 characters long"]


def test_unknown_keys_are_reported_at_the_other_settings_input():
    spec = DEMO_SPECS["container"]
    tree = build_inputs(spec, {"x": 1})
    assert place_errors(tree, errors_of(spec, {"x": 1})) == ["Other settings: not settings of this definition: x"]
    assert tree.other.errors == ["Not settings of this definition: x"]


def test_errors_inside_a_json_subtree_name_the_path_within_it():
    spec = {
        "type": "object",
        "properties": {"a": {"anyOf": [{"type": "object", "properties": {"b": {"type": "integer"}}}]}},
    }
    value = {"a": {"b": "x"}}
    tree = build_inputs(spec, value)
    assert place_errors(tree, errors_of(spec, value))[0].startswith("A: ")
    spec = {"type": "object", "properties": {"a": {"type": "object", "patternProperties": {"^x": {"type": "integer"}}}}}
    value = {"a": {"xa": "s"}}
    tree = build_inputs(spec, value)
    assert place_errors(tree, errors_of(spec, value)) == ["A: at $.xa: must be a whole number"]
    assert tree.children[0].errors == ["At $.xa: must be a whole number"]
