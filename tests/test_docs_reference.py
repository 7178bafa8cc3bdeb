"""The API reference pages (/docs/api/) show the OpenAPI document: every operation, parameter, body
field, response and example, the required marks, and the menu that works without JavaScript."""

import json
import re
from html import escape

import pytest
from jsonschema import Draft202012Validator

from modelhub.api.openapi import document
from modelhub.api.openapi_examples import TASK_DESCRIPTIONS
from modelhub.docs.reference import operations
from tests.docs_support import UPDATE, collapsed, doc_operations, marked_text, page_of

pytestmark = pytest.mark.django_db


def _schema(node: dict) -> dict:
    return {**node, "components": document()["components"]}


def _resolve(schema: dict) -> dict:
    while "$ref" in schema:
        schema = document()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def shown(value) -> str:
    """An enum value as the page writes it: a name as is, anything else (numbers, "") as JSON."""
    return value if isinstance(value, str) and value else json.dumps(value)


def test_every_operation_has_a_summary_and_its_own_page():
    slugs = [page_of(op) for _, _, op in doc_operations()]
    assert len(slugs) == len(set(slugs)) == len(operations())
    update = document()["paths"]["/v1alpha/namespaces/{namespace}/models/{model}"]["patch"]
    assert page_of(update) == UPDATE


@pytest.mark.parametrize("index", range(len(doc_operations())))
def test_each_page_shows_every_parameter_body_field_and_response_of_the_document(client, index):
    path, method, operation = doc_operations()[index]
    html = client.get(page_of(operation)).content.decode()
    assert f">{method.upper()}<" in html and f">{path}<" in html
    fields = marked_text(html, "data-field")
    required = marked_text(html, "data-required")
    kept = marked_text(html, "data-kept")
    shared = document()["paths"][path].get("parameters", [])
    for param in [*shared, *operation.get("parameters", [])]:
        text = fields[f"{param['in']}:{param['name']}"]
        assert collapsed(param["description"]) in text
        assert (f"{param['in']}:{param['name']}" in required) == bool(param.get("required")), text
        for value in param["schema"].get("enum", []):
            assert shown(value) in text
    if "requestBody" in operation:
        body = _resolve(operation["requestBody"]["content"]["application/json"]["schema"])
        for name, prop in body["properties"].items():
            if prop.get("readOnly"):  # output-only: not an input, not listed
                continue
            text = fields[f"body:{name}"]
            assert collapsed(prop["description"]) in text
            spellings = [alt["required"] for entry in body.get("allOf", []) for alt in entry.get("anyOf", [])]
            only_one = body.get("minProperties", 0) >= 1 and list(body["properties"]) == [name]
            must = name in body.get("required", []) or [name] in spellings or only_one
            assert (f"body:{name}" in required) == must, name
            assert (f"body:{name}" in kept) == (bool(prop.get("x-required-in-model")) and not must), name
            for value in prop.get("enum", []):
                described = prop.get("x-enum-descriptions", {}).get(value, "")
                assert f"{shown(value)}: {described}".strip(": ") in text
    answers = marked_text(html, "data-response")
    assert set(answers) == set(operation["responses"])
    for status in operation["responses"]:  # "Or choose an example:" links each answer's example
        assert f'href="#example-{status}" data-example="{status}"' in html and f'id="example-{status}"' in html
    for status, response in operation["responses"].items():
        assert collapsed(response["description"]) in answers[status]
        example = response.get("content", {}).get("application/json", {}).get("example")
        if example is not None:
            assert collapsed(json.dumps(example, indent=2, ensure_ascii=False)) in answers[status]


MODEL_MUST_HAVE = {"id", "modelDefinition", "configuration", "task", "visibility", "region", "hardware"}


def test_create_marks_the_fields_a_model_needs_and_update_marks_none_required(client):
    """A create needs the model's fields; a PATCH changes only what it sends, so nothing in it is required,
    and the fields a model must keep are said to be optional but not clearable."""
    create = client.get("/docs/api/create-a-model/").content
    assert {k for k in marked_text(create, "data-required") if k.startswith("body:")} == {
        f"body:{name}" for name in MODEL_MUST_HAVE
    }
    assert not marked_text(create, "data-kept")
    update = client.get(UPDATE).content
    assert {k for k in marked_text(update, "data-required") if k.startswith("body:")} == set()
    kept = marked_text(update, "data-kept")
    assert set(kept) == {f"body:{name}" for name in MODEL_MUST_HAVE}
    assert set(kept.values()) == {"optional, cannot be cleared"}
    rename = marked_text(client.get("/docs/api/rename-a-model/").content, "data-required")
    assert "body:newModelId" in rename


def test_required_flags_follow_the_schema_not_a_list_of_names():
    from modelhub.docs.schema import required_properties

    assert required_properties({"properties": {"a": {}, "b": {}}}) == set()
    assert required_properties({"properties": {"a": {}, "b": {}}, "required": ["b"]}) == {"b"}
    one_of_two_spellings = {"anyOf": [{"required": ["aB"]}, {"required": ["a_b"]}]}
    assert required_properties({"properties": {"aB": {}, "c": {}}, "allOf": [one_of_two_spellings]}) == {"aB"}
    assert required_properties({"properties": {"x": {}}, "minProperties": 1}) == {"x"}
    assert required_properties({"properties": {"x": {}, "y": {}}, "minProperties": 1}) == set()
    assert required_properties({}) == set()


def test_update_page_lists_the_seeds_13_tasks_with_their_descriptions_and_the_error_table(client):
    html = client.get(UPDATE).content.decode()
    task = marked_text(html, "data-field")["body:task"]
    assert "Task enumerates the AI task that a model is designed to solve." in task
    assert len(TASK_DESCRIPTIONS) == 13
    assert "TASK_OCR: OCR (Optical Character Recognition) - detect and recognize text in images." in task
    for value, description in TASK_DESCRIPTIONS.items():
        assert f"{value}: {description}" in task
    answers = marked_text(html, "data-response")
    assert {"400", "401", "403", "404", "409", "412", "413"} <= set(answers)
    assert '"field": "colour"' in answers["400"] and '"code": 5' in answers["404"]


def test_every_json_answer_has_an_example_body_on_its_page(client):
    """The success answer and each error of the error table, for every operation (the document itself aside)."""
    for path, method, operation in doc_operations():
        if path.startswith("/v1alpha/openapi."):
            continue
        answers = marked_text(client.get(page_of(operation)).content, "data-response")
        for status, response in operation["responses"].items():
            media = response.get("content", {}).get("application/json")
            if media is not None:
                assert "example" in media, (method, path, status)
                assert collapsed(json.dumps(media["example"], indent=2)) in answers[status]
    delete = document()["paths"]["/v1alpha/namespaces/{namespace}/models/{model}"]["delete"]
    assert delete["responses"]["200"]["content"]["application/json"]["example"] == {}


def test_every_example_in_the_document_is_valid_against_its_schema():
    checked = 0
    for _, _, operation in doc_operations():
        media = [r.get("content", {}).get("application/json") for r in operation["responses"].values()]
        if "requestBody" in operation:
            media.append(operation["requestBody"]["content"]["application/json"])
        for entry in filter(None, media):
            if "example" in entry:
                Draft202012Validator(_schema(entry["schema"])).validate(entry["example"])
                checked += 1
        for param in operation.get("parameters", []):
            if "example" in param:
                Draft202012Validator(param["schema"]).validate(param["example"])
    assert checked >= len(doc_operations())


def test_index_links_every_operation_and_the_footer_links_the_index(client):
    html = client.get("/docs/api/").content.decode()
    for _, _, operation in doc_operations():
        assert f'href="{page_of(operation)}"' in html and escape(operation["summary"]) in html
    assert 'href="/v1alpha/openapi.json"' in html
    assert '<a href="/docs/api/" class="link-secondary">REST API</a>' in client.get("/").content.decode()


def test_unknown_operation_is_404(client):
    assert client.get("/docs/api/no-such-call/").status_code == 404
    assert client.get("/docs/api/no-such-call/recent-requests/").status_code == 404


def test_the_pages_show_the_301_create_200_the_full_view_list_and_permission(client):
    image = client.get("/docs/api/get-a-models-profile-image/").content.decode()
    answers, meta = marked_text(image, "data-response"), marked_text(image, "data-response-meta")
    assert "former ID" in answers["301"] and meta["301"] == "headers: Location"
    create = marked_text(client.get("/docs/api/create-a-model/").content.decode(), "data-response")
    assert "200" in create and "201" not in create and '"canEdit": true' in create["200"]
    for page in ("/docs/api/list-namespace-models/", "/docs/api/list-models/"):
        html = client.get(page).content.decode()
        fields = marked_text(html, "data-field")
        assert "VIEW_FULL" in fields["query:view"] and "at most 20 models a page" in fields["query:view"]
        assert "coerced to 20" in fields["query:page_size"]
        assert "canTrigger is always false" in fields["response:models[].permission"]
        assert "lists leave it out" in fields["response:models[].profileImage"]
    update = marked_text(client.get(UPDATE).content.decode(), "data-field")
    assert "400" in update["header:If-Match"] and "permission" in " ".join(update)


def test_the_phone_menu_of_operations_opens_the_chosen_page_without_javascript(client):
    html = client.get(UPDATE).content.decode()
    menu = re.search(r'<form class="d-lg-none[^"]*" method="get" action="/docs/api/".*?</form>', html, re.S).group(0)
    assert '<option value="update-a-model" selected>PATCH · Update a model</option>' in menu
    assert menu.count("<option ") == len(operations())
    response = client.get("/docs/api/", {"operation": "create-a-model"})
    assert (response.status_code, response["Location"]) == (302, "/docs/api/create-a-model/")
    for bad in ("no-such-operation", "", "../admin", "x" * 5000):
        assert client.get("/docs/api/", {"operation": bad}).status_code == 404


@pytest.mark.parametrize(
    "value",
    [
        {"description": 'it\'s "quoted"\n\ttabbed \\ back', "tags": ["a", "ünï"], "readme": None},
        {"empty": {}, "none": [], "nested": {"list": [1, 2.5, -3, True, False, None, {"k": []}]}},
        [],
        {},
        "\u2028 and \x01",
    ],
)
def test_the_python_sample_writes_a_body_that_python_reads_back_as_the_same_value(value):
    import ast

    from modelhub.docs.samples import python_literal

    assert ast.literal_eval(python_literal(value, 1)) == value
