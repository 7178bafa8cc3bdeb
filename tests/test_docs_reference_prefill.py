"""The API reference's code samples and Try it form are prefilled with the signed-in user's own live
namespace and model, free IDs for create and rename, and never a deleted model."""

import json
import re
from html import unescape

import pytest

from modelhub.api.openapi_webhooks.operations import EXAMPLE_DELIVERY_ID, EXAMPLE_WEBHOOK_ID
from tests.docs_support import UPDATE, doc_operations, marked_text, page_of
from tests.factories import AIModelFactory, user_with_namespace

pytestmark = pytest.mark.django_db


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
