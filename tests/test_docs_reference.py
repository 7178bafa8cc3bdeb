"""The API reference at /docs/api/ is generated from the OpenAPI document: everything it documents is shown."""

import json
import re
from html import escape, unescape

import pytest
from jsonschema import Draft202012Validator

from modelhub.api.openapi import document
from modelhub.api.openapi_examples import TASK_DESCRIPTIONS
from modelhub.api.openapi_webhooks.operations import EXAMPLE_DELIVERY_ID, EXAMPLE_WEBHOOK_ID
from modelhub.docs.reference import METHODS, operations
from tests.docs_support import collapsed, marked_text
from tests.factories import AIModelFactory, user_with_namespace

pytestmark = pytest.mark.django_db

UPDATE = "/docs/api/update-a-model/"


def doc_operations():
    """(path, method, operation) straight from the document, not from the page model."""
    return [
        (path, method, item[method])
        for path, item in document()["paths"].items()
        for method in METHODS
        if method in item
    ]


def _schema(node: dict) -> dict:
    return {**node, "components": document()["components"]}


def _resolve(schema: dict) -> dict:
    while "$ref" in schema:
        schema = document()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def shown(value) -> str:
    """An enum value as the page writes it: a name as is, anything else (numbers, "") as JSON."""
    return value if isinstance(value, str) and value else json.dumps(value)


def page_of(operation: dict) -> str:
    from django.utils.text import slugify

    return f"/docs/api/{slugify(operation['summary'])}/"


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


def test_code_samples_use_the_signed_in_users_own_namespace_and_model(client, alice, aimodel):
    client.force_login(alice)
    samples = marked_text(client.get(UPDATE).content, "data-testid")
    url = "http://testserver/v1alpha/namespaces/alice/models/resnet"
    assert samples["sample-curl"].startswith(f"curl -X PATCH {url} ")
    assert '-d \'{"description": "A new description of the model."}\'' in samples["sample-curl"]
    assert f'requests.patch( "{url}"' in samples["sample-python"]
    assert 'json={ "description": "A new description of the model.", },' in samples["sample-python"]
    assert f'fetch("{url}", {{ method: "PATCH"' in samples["sample-javascript"]
    assert "MODELHUB_TOKEN" in samples["sample-javascript"]


def test_code_samples_fall_back_to_the_documents_examples(client, db):
    user, namespace = user_with_namespace("dora")
    client.force_login(user)
    curl = marked_text(client.get(UPDATE).content, "data-testid")["sample-curl"]
    assert "/v1alpha/namespaces/dora/models/resnet-50 " in curl  # her namespace; no model of hers yet
    client.logout()
    curl = marked_text(client.get(UPDATE).content, "data-testid")["sample-curl"]
    assert "/v1alpha/namespaces/alice/models/resnet-50 " in curl
    AIModelFactory(namespace=namespace, model_id="first-model")
    client.force_login(user)
    curl = marked_text(client.get("/docs/api/list-available-regions/").content, "data-testid")["sample-curl"]
    assert "Authorization" not in curl  # an anonymous-only operation needs no token


def test_try_it_form_is_prefilled_with_valid_path_values_and_body(client, alice, aimodel):
    client.force_login(alice)
    html = client.get(UPDATE).content.decode()
    assert 'data-in="path" data-name="namespace" value="alice"' in html
    assert 'data-in="path" data-name="model" value="resnet"' in html
    assert "&quot;description&quot;: &quot;A new description of the model.&quot;" in html
    assert marked_text(html, "data-testid")["try-it-url"] == "PATCH /v1alpha/namespaces/alice/models/resnet"
    assert "<script>" not in html and "/static/js/api_docs.js" in html


def test_path_values_can_be_chosen_in_the_query_string_and_the_detail_page_links_them(client, alice, aimodel):
    client.force_login(alice)
    detail = client.get(aimodel.get_absolute_url()).content.decode()
    link = "/docs/api/update-a-model/?namespace=alice&amp;model=resnet"
    assert f'href="{link}"' in detail
    html = client.get("/docs/api/update-a-model/?namespace=acme&model=%3Cb%3Ex").content.decode()
    assert 'data-name="namespace" value="acme"' in html and 'data-name="model" value="&lt;b&gt;x"' in html
    assert "/v1alpha/namespaces/acme/models/%3Cb%3Ex" in marked_text(html, "data-testid")["sample-curl"]


def test_code_samples_never_use_a_deleted_model(client, alice, aimodel, alice_ns, container):
    from modelhub.models import AuditSource
    from modelhub.services import aimodel_delete

    newer = AIModelFactory(namespace=alice_ns, model_id="newer", model_definition=container)
    aimodel_delete(aimodel=newer, actor=alice, source=AuditSource.API)
    client.force_login(alice)
    curl = marked_text(client.get(UPDATE).content, "data-testid")["sample-curl"]
    assert "/v1alpha/namespaces/alice/models/resnet " in curl


def try_it_body(html) -> dict:
    return json.loads(unescape(re.search(r'<textarea[^>]*id="try-body"[^>]*>(.*?)</textarea>', html, re.S).group(1)))


def test_create_example_takes_an_id_free_for_the_signed_in_user(client, alice, alice_ns, aimodel, container):
    from modelhub.models import AuditSource
    from modelhub.services import aimodel_delete

    AIModelFactory(namespace=alice_ns, model_id="ResNet-50", model_definition=container)  # IDs ignore case
    held = AIModelFactory(namespace=alice_ns, model_id="resnet-50-2", model_definition=container)
    aimodel_delete(aimodel=held, actor=alice, source=AuditSource.API)  # a deleted model still holds its ID
    anonymous = client.get("/docs/api/create-a-model/").content.decode()
    assert try_it_body(anonymous)["id"] == "resnet-50"  # the document's example
    client.force_login(alice)
    html = client.get("/docs/api/create-a-model/").content.decode()
    body = try_it_body(html)
    assert body["id"] == "resnet-50-3"
    assert {k: v for k, v in body.items() if k != "id"} == {
        k: v for k, v in try_it_body(anonymous).items() if k != "id"
    }
    samples = marked_text(html, "data-testid")
    assert '"id": "resnet-50-3"' in samples["sample-curl"] and '"id": "resnet-50-3",' in samples["sample-python"]
    assert '"id": "resnet-50-3"' in samples["sample-javascript"]
    assert 'data-name="namespace" value="alice"' in html


def test_create_example_id_is_free_in_the_namespace_chosen_in_the_query_string(client, alice, acme, container):
    AIModelFactory(namespace=acme, model_id="resnet-50", model_definition=container)
    client.force_login(alice)
    assert try_it_body(client.get("/docs/api/create-a-model/").content.decode())["id"] == "resnet-50"
    html = client.get("/docs/api/create-a-model/?namespace=acme").content.decode()
    assert try_it_body(html)["id"] == "resnet-50-2"


def test_rename_example_is_a_free_new_id_for_the_prefilled_model(client, alice, alice_ns, aimodel, container):
    AIModelFactory(namespace=alice_ns, model_id="RESNET-V2", model_definition=container)
    client.force_login(alice)
    html = client.get("/docs/api/rename-a-model/?model=resnet").content.decode()
    assert 'data-name="model" value="resnet"' in html
    assert try_it_body(html) == {"newModelId": "resnet-v2-2"}
    odd = client.get("/docs/api/rename-a-model/?model=%3Cb%3Ex").content.decode()
    assert try_it_body(odd) == {"newModelId": "resnet-50-v2"}  # no valid ID from that: the document's
    long = try_it_body(client.get("/docs/api/rename-a-model/?model=" + "x" * 70).content.decode())["newModelId"]
    assert long == "x" * 59  # cut to leave room for a "-2" should that be taken


def test_delete_page_asks_for_a_confirmation_and_never_offers_a_deleted_model(
    client, alice, alice_ns, aimodel, container
):
    from modelhub.models import AuditSource
    from modelhub.services import aimodel_delete

    newer = AIModelFactory(namespace=alice_ns, model_id="newer", model_definition=container)
    aimodel_delete(aimodel=newer, actor=alice, source=AuditSource.API)
    client.force_login(alice)
    html = client.get("/docs/api/delete-a-model/").content.decode()
    assert 'data-name="model" value="resnet"' in html
    marked = marked_text(html, "data-testid")
    assert marked["try-confirm-target"] == "alice/resnet"
    assert "sends a real DELETE" in marked["try-it-delete-warning"]
    assert '<input class="form-check-input" type="checkbox" id="try-confirm"' in html
    assert "curl -X DELETE http://testserver/v1alpha/namespaces/alice/models/resnet " in marked["sample-curl"]
    assert 'id="try-confirm"' not in client.get(UPDATE).content.decode()


@pytest.mark.parametrize("index", range(len(doc_operations())))
def test_every_operation_page_prefills_try_it_with_the_users_live_model(client, alice, aimodel, index):
    _, _, operation = doc_operations()[index]
    client.force_login(alice)
    html = client.get(page_of(operation)).content.decode()
    values = dict(re.findall(r'data-in="path" data-name="([^"]+)" value="([^"]*)"', html))
    expected = {"namespace": "alice", "model": "resnet", "uid": str(aimodel.uid), "definition": "container"}
    expected |= {"webhook": EXAMPLE_WEBHOOK_ID, "delivery": EXAMPLE_DELIVERY_ID}  # the document's examples
    expected |= {"user": "alice", "organization": "acme"}  # acme: the document's example (alice has none)
    assert values == {name: expected[name] for name in values}
    for param in operation.get("parameters", []):
        if param["in"] == "path":
            assert param["name"] in values


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
