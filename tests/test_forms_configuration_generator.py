"""The Configuration editor's pure parts: schema -> inputs, posted inputs -> value, errors -> inputs."""

import json

import pytest
from jsonschema import Draft202012Validator

from modelhub.forms.configuration import build_inputs, carry_over, defaults, place_errors, read_inputs
from modelhub.forms.configuration.hints import html_pattern
from tests.configuration_support import DEMO_SPECS, RICH_SPEC, RICH_VALUE, browser_post


def by_name(tree):
    return {node.name: node for node in tree.inputs}


def kinds(tree):
    return {node.name: node.kind for node in tree.inputs}


def same_json(a, b) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


# --- schema -> inputs -------------------------------------------------------------------


def test_github_definition_gives_repository_and_tag_inputs():
    tree = build_inputs(DEMO_SPECS["github"], {"repository": "acme/resnet", "tag": "v1"})
    assert tree.kind == "fieldset"
    repository, tag = tree.children
    assert (repository.name, repository.label, repository.kind) == ("configuration.repository", "Repository", "text")
    assert repository.required and tag.required
    assert repository.help == "owner/repository on GitHub"
    assert repository.text == "acme/resnet" and tag.text == "v1"
    assert ("pattern", r"(?:[A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-]+)") in repository.attrs
    assert ("minlength", "1") in tag.attrs
    assert len({node.id for node in tree.inputs}) == 3  # ids are unique


def test_huggingface_definition_prefills_its_default_revision():
    spec = DEMO_SPECS["huggingface"]
    assert defaults(spec) == {"revision": "main"}
    assert carry_over({}, spec) == {"revision": "main"}
    tree = build_inputs(spec, carry_over({}, spec))
    repo_id, revision = tree.children
    assert (repo_id.label, repo_id.required, repo_id.text) == ("Repo id", True, "")
    assert (revision.label, revision.required, revision.text) == ("Revision", False, "main")


def test_container_definition_has_no_inputs_but_keeps_stray_keys_as_json():
    assert build_inputs(DEMO_SPECS["container"], {}).children == []
    tree = build_inputs(DEMO_SPECS["container"], {"left": "over"})
    assert tree.other is not None and tree.other.kind == "json"
    assert json.loads(tree.other.text) == {"left": "over"}


def test_rich_schema_gives_each_kind_of_input():
    tree = build_inputs(RICH_SPEC, RICH_VALUE)
    assert kinds(tree) == {
        "configuration": "fieldset",
        "configuration.name": "text",
        "configuration.mode": "select",
        "configuration.enabled": "checkbox",
        "configuration.replicas": "number",
        "configuration.threshold": "number",
        "configuration.endpoint": "url",
        "configuration.notes": "textarea",
        "configuration.labels": "list",
        "configuration.auth": "fieldset",
        "configuration.auth.token": "text",
        "configuration.auth.scheme": "select",
        "configuration.backend": "json",
        "configuration.engine": "select",
        "configuration.flavour": "text",  # unknown keywords (x-widget, examples) are ignored
    }
    inputs = by_name(tree)
    name = inputs["configuration.name"]
    assert (name.label, name.help, name.required) == ("Display name", "Shown in lists", True)
    assert ("minlength", "1") in name.attrs and ("maxlength", "40") in name.attrs
    assert [(o.token, o.label, o.selected) for o in inputs["configuration.mode"].options] == [
        ("", "Choose…", False),
        ('"fast"', "fast", False),
        ('"accurate"', "accurate", True),
    ]
    assert inputs["configuration.replicas"].attrs == [("min", "1"), ("max", "8"), ("step", "1")]
    assert inputs["configuration.threshold"].attrs == [("min", "0"), ("max", "1"), ("step", "0.05")]
    assert inputs["configuration.labels"].items == ["cat", "dog"]
    assert inputs["configuration.auth"].label == "Authentication"
    assert inputs["configuration.auth.token"].required and not inputs["configuration.auth.scheme"].required
    assert "oneOf" in inputs["configuration.backend"].reason
    assert json.loads(inputs["configuration.backend"].text) == {"url": "http://b"}
    assert inputs["configuration.engine"].label == "Engine"  # followed the $ref
    assert inputs["configuration.enabled"].checked is False


@pytest.mark.parametrize(
    ("schema", "value", "reason"),
    [
        ({"type": "object", "properties": {"a": {"$ref": "#/$defs/none"}}}, {"a": 1}, "$ref"),
        ({"type": "object", "properties": {"a": {"$ref": "https://example.com/x.json"}}}, {}, "$ref"),
        ({"type": "object", "properties": {"a": {"anyOf": [{"type": "string"}]}}}, {}, "anyOf"),
        ({"type": "object", "properties": {"a": {"type": "object", "patternProperties": {"^x": {}}}}}, {}, "pattern"),
        ({"type": "object", "properties": {"a": {"type": "array", "items": {"type": "object"}}}}, {}, "lists of"),
        ({"type": "object", "properties": {"a": {"type": "integer"}}}, {"a": "three"}, "not a whole number"),
        ({"type": "object", "properties": {"a": {"type": "array", "items": {"type": "string"}}}}, {"a": [1]}, "list"),
        ({"type": "object", "properties": {"a": {"type": ["string", "integer"]}}}, {}, "type"),
        ({"type": "object", "properties": {"a": True}}, {"a": [1, {"b": 2}]}, "any value"),
    ],
)
def test_unsupported_subtrees_fall_back_to_json_for_that_subtree_only(schema, value, reason):
    tree = build_inputs(schema, value)
    (node,) = tree.children
    assert node.kind == "json" and reason in node.reason
    assert node.text == ("" if "a" not in value else json.dumps(value["a"], indent=2))


def test_unsupported_root_is_one_json_input():
    tree = build_inputs({"oneOf": [{"type": "object"}]}, {"a": 1})
    assert tree.kind == "json" and json.loads(tree.text) == {"a": 1}


def test_a_stored_value_the_enum_no_longer_offers_is_kept_as_an_option():
    tree = build_inputs({"type": "object", "properties": {"m": {"enum": ["a", "b"]}}}, {"m": "z"})
    options = [(o.token, o.selected) for o in tree.children[0].options]
    assert options == [("", False), ('"a"', False), ('"b"', False), ('"z"', True)]


def test_nested_deeper_than_the_limit_is_json():
    schema = {"type": "object", "properties": {}}
    inner = schema
    for _ in range(12):
        inner["properties"]["n"] = {"type": "object", "properties": {}}
        inner = inner["properties"]["n"]
    tree = build_inputs(schema, {})
    assert [node.kind for node in tree.inputs][-1] == "json"


@pytest.mark.parametrize(
    ("pattern", "html"),
    [
        ("^[a-z-]+$", r"(?:[a-z\-]+)"),
        ("^v[0-9]+(\\.[0-9]+)*$", r"(?:v[0-9]+(\.[0-9]+)*)"),
        ("abc", ".*(?:abc).*"),
        ("^[^/]+$", r"(?:[^\/]+)"),
        ("(?P<x>a)", None),
        ("\\Aabc\\Z", None),
        ("[unclosed", None),
    ],
)
def test_patterns_become_html_pattern_hints_only_where_the_browser_reads_them_alike(pattern, html):
    assert html_pattern(pattern) == html


# --- posted inputs -> value ---------------------------------------------------------------


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


# --- jsonschema errors -> inputs, in words -------------------------------------------------


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


def test_order_is_x_order_then_required_then_stored_so_postgres_key_order_does_not_matter():
    as_jsonb_stores_it = {  # PostgreSQL's jsonb orders keys by length: "tag" before "repository"
        "type": "object",
        "properties": {"tag": {"type": "string"}, "note": {"type": "string"}, "repository": {"type": "string"}},
        "required": ["repository", "tag"],
    }
    assert [n.label for n in build_inputs(as_jsonb_stores_it, {}).children] == ["Repository", "Tag", "Note"]
    as_jsonb_stores_it["properties"]["note"]["x-order"] = 0
    assert [n.label for n in build_inputs(as_jsonb_stores_it, {}).children] == ["Note", "Repository", "Tag"]


@pytest.mark.parametrize(
    ("prop", "kind"),
    [
        ({"type": "string", "maxLength": 200}, "text"),
        ({"type": "string", "maxLength": 201}, "textarea"),
        ({"type": "string", "format": "textarea"}, "textarea"),
        ({"type": "string", "format": "markdown"}, "textarea"),
        ({"type": "string", "format": "uri"}, "url"),
        ({"type": "string"}, "text"),
    ],
)
def test_long_or_multiline_strings_get_a_textarea_and_uris_a_url_input(prop, kind):
    (node,) = build_inputs({"type": "object", "properties": {"s": prop}}, {}).children
    assert node.kind == kind
