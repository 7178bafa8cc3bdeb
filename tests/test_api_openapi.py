"""The OpenAPI document describes what the server does: real answers validate against it."""

import json

import pytest
import yaml
from jsonschema import Draft202012Validator

from modelhub.api.openapi import document
from tests.api_support import assert_status, bearer, model_url, patch_json
from tests.images_support import png_data_uri

pytestmark = pytest.mark.django_db


def response_schema(path: str, method: str, status: int) -> dict:
    doc = document()
    operation = doc["paths"][path][method]
    schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
    return {**schema, "components": doc["components"]}


def check(response, path: str, method: str = "get"):
    schema = response_schema(path, method, response.status_code)
    Draft202012Validator.check_schema(schema)
    errors = sorted(Draft202012Validator(schema).iter_errors(response.json()), key=str)
    assert not errors, [e.message for e in errors]
    return response.json()


MODELS = "/v1alpha/namespaces/{namespace}/models"
MODEL = "/v1alpha/namespaces/{namespace}/models/{model}"


def test_served_json_and_yaml_are_the_same_openapi_31_document(client):
    served = assert_status(client.get("/v1alpha/openapi.json"), 200).json()
    assert served["openapi"].startswith("3.1") and served == document()
    response = assert_status(client.get("/v1alpha/openapi.yaml"), 200)
    assert response["Content-Type"].startswith("application/yaml")
    assert yaml.safe_load(response.content) == served


def api_routes() -> set[str]:
    """Every API URL pattern (but the catch-all 404s), in OpenAPI's {param} spelling."""
    from modelhub.api.urls import urlpatterns
    from modelhub.api.urls_beta import urlpatterns as beta_patterns

    names = {"namespace_id": "namespace", "model_id": "model", "definition_id": "definition", "model_uid": "uid"}
    names |= {"webhook_id": "webhook", "delivery_id": "delivery"}
    names |= {"org_id": "organization", "username": "user"}
    routes = set()
    for prefix, patterns in (("/v1alpha/", urlpatterns), ("/v1beta/", beta_patterns)):
        for pattern in patterns:
            route = str(pattern.pattern)
            if route.startswith("^"):
                continue
            for converter, name in names.items():
                route = route.replace(f"<str:{converter}>", "{" + name + "}")
            routes.add(prefix + route)
    return routes


def test_every_endpoint_is_documented(client):
    paths = document()["paths"]
    assert set(paths) == api_routes()
    assert {MODELS, MODEL, "/v1alpha/models", "/v1alpha/models/{uid}/lookUp", MODEL + "/rename"} <= set(paths)
    for schema in document()["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


def test_model_answers_match_the_document(client, alice, aimodel, private_model, container, github):
    headers = bearer(alice)
    check(client.get("/v1alpha/namespaces/alice/models", headers=headers), MODELS)
    check(client.get("/v1alpha/namespaces/acme/models?page_size=1", headers=headers), MODELS)
    basic = check(client.get(model_url(aimodel)), MODEL)["model"]
    assert "configuration" not in basic
    full = check(client.get(model_url(aimodel) + "?view=VIEW_FULL"), MODEL)["model"]
    assert "configuration" in full
    body = {"description": "doc", "profileImage": png_data_uri(), "sourceUrl": "https://a.example"}
    check(patch_json(client, model_url(aimodel), body, headers), MODEL, "patch")


def test_error_answers_match_the_document(client, alice, bob, aimodel, private_model):
    headers = bearer(alice)
    for response in (
        patch_json(client, model_url(aimodel), {"colour": 1}, headers),
        patch_json(client, model_url(aimodel), {"description": "x"}),
        patch_json(client, model_url(aimodel), {"description": "x"}, bearer(bob)),
        patch_json(client, model_url(private_model), {"description": "x"}, bearer(bob)),
        patch_json(client, model_url(aimodel), {"description": "x"}, {**headers, "If-Match": '"stale"'}),
        client.patch(model_url(aimodel), data="x", content_type="text/plain", headers=headers),
    ):
        check(response, MODEL, "patch")
    check(client.get("/v1alpha/namespaces/alice/models?page_size=-1"), MODELS)
    check(client.get("/v1alpha/namespaces/nobody/models"), MODELS)


def test_catalog_answers_match_the_document(client, container, github):
    check(client.get("/v1alpha/available-regions"), "/v1alpha/available-regions")
    check(client.get("/v1alpha/model-definitions"), "/v1alpha/model-definitions")
    check(client.get("/v1alpha/model-definitions/github"), "/v1alpha/model-definitions/{definition}")
    check(client.get("/v1alpha/model-definitions/nope"), "/v1alpha/model-definitions/{definition}")


def test_patch_body_schema_names_every_editable_field():
    from modelhub.api.patch import FIELD_ALIASES

    documented = set(document()["components"]["schemas"]["ModelPatch"]["properties"])
    camel = {name for name in FIELD_ALIASES if "_" not in name}
    assert documented == camel


CREATE_BODY = {
    "id": "fresh",
    "modelDefinition": "container",
    "configuration": {},
    "task": 1,
    "visibility": "VISIBILITY_PRIVATE",
    "region": "REGION_LOCAL",
    "hardware": "CPU",
}


def post_json(client, url: str, body, headers=None):
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=headers or {})


def test_lifecycle_answers_match_the_document(client, alice, bob, aimodel, private_model, container):
    headers = bearer(alice)
    check(post_json(client, "/v1alpha/namespaces/alice/models", CREATE_BODY, headers), MODELS, "post")
    for response in (
        post_json(client, "/v1alpha/namespaces/alice/models", {**CREATE_BODY, "colour": 1}, headers),
        post_json(client, "/v1alpha/namespaces/alice/models", CREATE_BODY),
        post_json(client, "/v1alpha/namespaces/alice/models", CREATE_BODY, bearer(bob)),
        post_json(client, "/v1alpha/namespaces/nobody/models", CREATE_BODY, headers),
    ):
        check(response, MODELS, "post")
    rename = MODEL + "/rename"
    check(post_json(client, model_url(aimodel, "/rename"), {"newModelId": "resnet-2"}, headers), rename, "post")
    check(post_json(client, model_url(private_model, "/rename"), {"newModelId": "x"}, bearer(bob)), rename, "post")
    check(post_json(client, "/v1alpha/namespaces/alice/models/resnet-2/rename", {}, headers), rename, "post")
    transfer = MODEL + "/transfer"
    moved = post_json(client, "/v1alpha/namespaces/alice/models/resnet-2/transfer", {"namespaceId": "acme"}, headers)
    assert check(moved, transfer, "post")["model"]["name"] == "namespaces/acme/models/resnet-2"
    for response in (
        post_json(client, model_url(private_model, "/transfer"), {"namespaceId": "alice"}, bearer(bob)),
        post_json(client, "/v1alpha/namespaces/acme/models/resnet-2/transfer", {"namespaceId": "x y"}, headers),
        post_json(client, "/v1alpha/namespaces/acme/models/resnet-2/transfer", {"namespaceId": "acme"}, headers),
        post_json(client, "/v1alpha/namespaces/acme/models/resnet-2/transfer", {"namespaceId": "nobody"}, headers),
    ):
        check(response, transfer, "post")
    look_up = "/v1alpha/models/{uid}/lookUp"
    check(client.get(f"/v1alpha/models/{aimodel.uid}/lookUp?view=VIEW_FULL"), look_up)
    check(client.get(f"/v1alpha/models/{private_model.uid}/lookUp"), look_up)
    check(client.get("/v1alpha/models/nope/lookUp"), look_up)
    listed = check(client.get("/v1alpha/models?page_size=1", headers=headers), "/v1alpha/models")
    assert listed["totalSize"] == 3 and listed["nextPageToken"]  # alice's, and acme's two (she is a member)
    check(client.get("/v1alpha/models?order_by=colour"), "/v1alpha/models")


def test_health_and_paged_definitions_match_the_document(client, container, github):
    for path in ("/v1alpha/__liveness", "/v1alpha/__readiness", "/v1alpha/health/model", "/v1alpha/ready/model"):
        check(client.get(path), path)
    first = check(client.get("/v1alpha/model-definitions?page_size=1"), "/v1alpha/model-definitions")
    assert first["nextPageToken"] and first["totalSize"] == 2
    check(client.get("/v1alpha/model-definitions?page_token=forged"), "/v1alpha/model-definitions")


def test_documented_methods_are_the_served_ones(client):
    """Each path answers exactly its documented methods (HEAD with GET); others are 405 with Allow."""
    for path, operations in document()["paths"].items():
        uid = "0" * 8 + "-0000-0000-0000-" + "0" * 12
        url = path.format(
            namespace="alice",
            model="resnet",
            uid=uid,
            definition="x",
            webhook=uid,
            delivery=uid,
            organization="acme",
            user="bob",
        )
        documented = {method.upper() for method in operations} | ({"HEAD"} if "get" in operations else set())
        undocumented = next(m for m in ("PUT", "PATCH", "OPTIONS") if m not in documented)
        response = client.generic(undocumented, url)
        assert response.status_code == 405, path
        assert set(response["Allow"].split(", ")) == documented, path


def test_the_image_route_declares_the_301_an_alias_or_other_letter_case_gets(client, alice, aimodel):
    from modelhub.services import aimodel_rename, aimodel_update

    aimodel_update(aimodel=aimodel, changes={"profile_image": png_data_uri()}, actor=alice, source="api")
    aimodel_rename(aimodel=aimodel, new_model_id="resnet-2", actor=alice, source="api")
    declared = document()["paths"][MODEL + "/image"]["get"]["responses"]
    for old in ("resnet", "RESNET-2"):
        moved = client.get(f"/v1alpha/namespaces/alice/models/{old}/image")
        assert moved.status_code == 301 and moved["Location"] == "/v1alpha/namespaces/alice/models/resnet-2/image"
        assert str(moved.status_code) in declared and "Location" in declared["301"]["headers"]


def test_create_declares_200_and_if_match_states_the_servers_own_pattern():
    from modelhub.api.etags import IF_MATCH_PATTERN

    create = document()["paths"][MODELS]["post"]["responses"]
    assert "200" in create and "201" not in create
    for path, method in ((MODEL, "patch"), (MODEL, "delete"), (MODEL + "/rename", "post")):
        operation = document()["paths"][path][method]
        [if_match] = [p for p in operation["parameters"] if p["name"] == "If-Match"]
        assert if_match["schema"]["pattern"] == f"^(?:{IF_MATCH_PATTERN})$"
        assert "400" in operation["responses"] and "412" in operation["responses"]


def test_webhook_answers_match_the_document(client, alice, alice_ns, aimodel):
    from modelhub.services import aimodel_update

    hooks = "/v1alpha/namespaces/{namespace}/webhooks"
    hook = hooks + "/{webhook}"
    headers = bearer(alice)
    body = json.dumps({"url": "http://127.0.0.1:9/hook", "events": ["model.updated"]})
    created = client.post("/v1alpha/namespaces/alice/webhooks", body, content_type="application/json", headers=headers)
    webhook_id = check(assert_status(created, 201), hooks, "post")["webhook"]["id"]
    url = f"/v1alpha/namespaces/alice/webhooks/{webhook_id}"
    check(client.get("/v1alpha/namespaces/alice/webhooks", headers=headers), hooks)
    check(client.get(url, headers=headers), hook)
    check(patch_json(client, url, {"description": "CI"}, headers), hook, "patch")
    check(client.post(url + "/rotateSecret", headers=headers), hook + "/rotateSecret", "post")
    aimodel_update(aimodel=aimodel, changes={"description": "x"}, actor=alice, source="api")
    deliveries = check(client.get(url + "/deliveries", headers=headers), hook + "/deliveries")["deliveries"]
    redeliver = f"{url}/deliveries/{deliveries[0]['id']}/redeliver"
    check(client.post(redeliver, headers=headers), hook + "/deliveries/{delivery}/redeliver", "post")
    check(client.get(url, headers=bearer_of_outsider(client)), hook)
    check(client.delete(url, headers=headers), hook, "delete")


def bearer_of_outsider(client):
    from tests.factories import UserFactory

    return bearer(UserFactory(username="mallory"))
