"""The Configuration editor's pure parts, schema -> inputs: each kind of input, its hints and order, and
the subtrees edited as JSON."""

import json

import pytest

from modelhub.forms.configuration import build_inputs, carry_over, defaults
from modelhub.forms.configuration.hints import html_pattern
from tests.configuration_support import DEMO_SPECS, RICH_SPEC, RICH_VALUE, by_name


def kinds(tree):
    return {node.name: node.kind for node in tree.inputs}


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
