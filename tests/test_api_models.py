"""GET of models, lists, images, regions and definitions; permissions of section 5 on reads."""

import pytest
from django.db import connection

from modelhub.models import Visibility
from modelhub.services import aimodel_update
from tests.api_support import assert_status, bearer, model_url
from tests.factories import AIModelFactory
from tests.images_support import png_data_uri

pytestmark = pytest.mark.django_db


def test_get_basic_is_instill_shaped_camel_case(client, aimodel):
    response = assert_status(client.get(model_url(aimodel)), 200)
    model = response.json()["model"]
    assert model["name"] == "namespaces/alice/models/resnet"
    assert model["id"] == "resnet" and model["uid"] == str(aimodel.uid)
    assert model["modelDefinition"] == "model-definitions/container"
    assert model["ownerName"] == "users/alice"
    assert model["createTime"].endswith("Z") and model["updateTime"].endswith("Z")
    assert "configuration" not in model and "profileImage" not in model and "readme" not in model
    assert response["ETag"] == aimodel.etag


def test_get_full_includes_configuration_readme_and_image(client, aimodel):
    model = client.get(model_url(aimodel) + "?view=VIEW_FULL").json()["model"]
    assert model["configuration"] == {} and model["readme"] == "" and model["profileImage"] == ""


def test_get_bad_view_is_400(client, aimodel):
    assert_status(client.get(model_url(aimodel) + "?view=VIEW_HUGE"), 400, 3)


@pytest.mark.parametrize(
    ("who", "private_status", "public_status"),
    [("anonymous", 404, 200), ("bob", 404, 200), ("carol", 200, 200), ("alice", 200, 200), ("moderator", 200, 200)],
)
def test_read_permission_matrix(request, client, aimodel, private_model, who, private_status, public_status):
    headers = {} if who == "anonymous" else bearer(request.getfixturevalue(who))
    assert_status(client.get(model_url(private_model), headers=headers), private_status)
    assert_status(client.get(model_url(aimodel), headers=headers), public_status)
    listed = client.get("/v1alpha/namespaces/acme/models", headers=headers)
    if private_status == 200:
        assert [m["id"] for m in listed.json()["models"]] == ["secret"]
    else:  # nothing in acme to see: answered as a namespace that does not exist
        assert_status(listed, 404, 5)


def test_missing_model_and_namespace_are_404_json(client, aimodel):
    assert_status(client.get("/v1alpha/namespaces/alice/models/nope"), 404, 5)
    assert_status(client.get("/v1alpha/namespaces/nobody/models"), 404, 5)
    assert_status(client.get("/v1alpha/namespaces/x%00y/models/a"), 404, 5)


def test_list_paginates_with_cursor_and_total(client, alice_ns, container):
    for i in range(25):
        AIModelFactory(namespace=alice_ns, model_id=f"m{i:02d}", model_definition=container)
    seen, token = [], ""
    while True:
        body = assert_status(
            client.get(f"/v1alpha/namespaces/alice/models?page_size=10&page_token={token}"), 200
        ).json()
        assert body["totalSize"] == 25
        seen += [m["id"] for m in body["models"]]
        token = body["nextPageToken"]
        if not token:
            break
    assert sorted(seen) == [f"m{i:02d}" for i in range(25)] and len(seen) == 25
    ordered = client.get("/v1alpha/namespaces/alice/models?order_by=id%20asc&page_size=3").json()["models"]
    assert [m["id"] for m in ordered] == ["m00", "m01", "m02"]
    desc = client.get("/v1alpha/namespaces/alice/models?order_by=id desc&page_size=2").json()
    page2 = client.get(
        f"/v1alpha/namespaces/alice/models?order_by=id desc&page_size=2&page_token={desc['nextPageToken']}"
    )
    assert [m["id"] for m in page2.json()["models"]] == ["m22", "m21"]


def test_list_filter_visibility_and_order_by_update_time(client, alice, alice_ns, container):
    a = AIModelFactory(namespace=alice_ns, model_id="alpha", description="Finds cats", model_definition=container)
    AIModelFactory(namespace=alice_ns, model_id="beta", visibility=Visibility.PRIVATE, model_definition=container)
    headers = bearer(alice)
    found = client.get('/v1alpha/namespaces/alice/models?filter=q="CATS"', headers=headers).json()
    assert [m["id"] for m in found["models"]] == ["alpha"] and found["totalSize"] == 1
    private = client.get("/v1alpha/namespaces/alice/models?visibility=VISIBILITY_PRIVATE", headers=headers).json()
    assert [m["id"] for m in private["models"]] == ["beta"]
    aimodel_update(aimodel=a, changes={"description": "Finds dogs"}, actor=alice, source="api")
    latest = client.get("/v1alpha/namespaces/alice/models?order_by=update_time desc&page_size=1", headers=headers)
    assert latest.json()["models"][0]["id"] == "alpha"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page_size=-1", "page_size"),
        ("page_size=101", "page_size"),
        ("page_size=ten", "page_size"),
        ("page_token=garbage", "page_token"),
        ("filter=name=foo", "filter"),
        ('filter=q="unterminated', "filter"),
        ("visibility=VISIBILITY_SECRET", "visibility"),
        ("order_by=colour", "order_by"),
        ("order_by=id sideways", "order_by"),
        ("view=VIEW_HUGE", "view"),
        ("view=3", "view"),
    ],
)
def test_list_bad_parameters_are_400_naming_the_parameter(client, aimodel, query, field):
    body = assert_status(client.get(f"/v1alpha/namespaces/alice/models?{query}"), 400, 3).json()
    assert body["details"][0]["fieldViolations"][0]["field"] == field


def test_page_token_of_another_query_is_400(client, alice_ns, container):
    for i in range(3):
        AIModelFactory(namespace=alice_ns, model_id=f"m{i}", model_definition=container)
    token = client.get("/v1alpha/namespaces/alice/models?page_size=1").json()["nextPageToken"]
    assert_status(client.get(f"/v1alpha/namespaces/alice/models?page_size=1&order_by=id&page_token={token}"), 400, 3)


def test_list_query_count_does_not_grow_with_page_size(client, alice_ns, container, django_assert_num_queries):
    for i in range(30):
        AIModelFactory(namespace=alice_ns, model_id=f"m{i}", model_definition=container)
    for size in (1, 30):
        # namespace, page, count (on PostgreSQL after the planner's estimate: modelhub.paging)
        with django_assert_num_queries(3 + (connection.vendor == "postgresql")):
            assert len(client.get(f"/v1alpha/namespaces/alice/models?page_size={size}").json()["models"]) == size
    token = client.get("/v1alpha/namespaces/alice/models?page_size=5").json()["nextPageToken"]
    with django_assert_num_queries(2):  # namespace, page: later pages carry the total in their token
        body = client.get(f"/v1alpha/namespaces/alice/models?page_size=5&page_token={token}").json()
    assert (len(body["models"]), body["totalSize"]) == (5, 30)


def test_list_never_loads_heavy_columns(client, aimodel, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get("/v1alpha/namespaces/alice/models")
    page_sql = [q["sql"] for q in ctx.captured_queries if "modelhub_aimodel" in q["sql"] and "COUNT" not in q["sql"]]
    assert page_sql and all("profile_image" not in sql and "readme" not in sql for sql in page_sql)


def test_image_bytes_etag_cache_control_and_304(client, alice, aimodel, private_model):
    assert_status(client.get(model_url(aimodel, "/image")), 404, 5)
    aimodel_update(aimodel=aimodel, changes={"profile_image": png_data_uri()}, actor=alice, source="api")
    response = assert_status(client.get(model_url(aimodel, "/image")), 200)
    assert response["Content-Type"] == "image/png" and response.content.startswith(b"\x89PNG")
    assert response["Cache-Control"] == "public, no-cache"  # revalidated each time (hiding takes effect)
    again = client.get(model_url(aimodel, "/image"), headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304 and again["ETag"] == response["ETag"]


def test_private_image_follows_read_permissions(client, alice, carol, bob, private_model):
    aimodel_update(aimodel=private_model, changes={"profile_image": png_data_uri()}, actor=alice, source="api")
    assert_status(client.get(model_url(private_model, "/image")), 404, 5)
    assert_status(client.get(model_url(private_model, "/image"), headers=bearer(bob)), 404, 5)
    response = assert_status(client.get(model_url(private_model, "/image"), headers=bearer(carol)), 200)
    assert response["Cache-Control"] == "private, no-cache"
    client.force_login(carol)
    assert_status(client.get(model_url(private_model, "/image")), 200)


def test_available_regions_lists_active_regions_with_hardware(client):
    regions = assert_status(client.get("/v1alpha/available-regions"), 200).json()["regions"]
    by_name = {r["regionName"]: r for r in regions}
    assert {"title": "NVIDIA Tesla T4", "value": "NVIDIA_TESLA_T4"} in by_name["REGION_GCP_EUROPE_WEST4"]["hardware"]
    assert by_name["REGION_LOCAL"]["allowsCustomHardware"] is True


def test_model_definitions_list_and_get(client, container, github):
    body = assert_status(client.get("/v1alpha/model-definitions"), 200).json()
    assert [d["id"] for d in body["modelDefinitions"]] == ["container", "github"] and body["totalSize"] == 2
    one = assert_status(client.get("/v1alpha/model-definitions/github"), 200).json()["modelDefinition"]
    assert one["name"] == "model-definitions/github" and one["modelSpec"]["required"] == ["repository", "tag"]
    assert_status(client.get("/v1alpha/model-definitions/nope"), 404, 5)


@pytest.mark.parametrize("path", ["/v1alpha/", "/v1alpha/nothing/here", "/v1alpha/namespaces/alice/models/x/y/z"])
def test_unknown_api_paths_are_404_json(client, path):
    response = assert_status(client.get(path), 404, 5)
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("method", ["post", "put"])
def test_unsupported_methods_are_405_code_12(client, aimodel, method):
    response = assert_status(getattr(client, method)(model_url(aimodel)), 405, 12)
    assert response["Allow"] == "DELETE, GET, HEAD, PATCH"
    assert_status(getattr(client, method)("/v1alpha/available-regions"), 405, 12)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", {"public"}),
        ("bob", {"public"}),  # not a member: public and active only
        ("carol", {"public", "private", "hidden"}),  # a viewer in acme reads all of acme
        ("alice", {"public", "private", "hidden"}),
        ("moderator", {"public", "private", "hidden"}),
    ],
)
def test_list_rows_and_total_follow_the_callers_role(request, client, acme, container, who, expected):
    """The list's condition is chosen from the caller's role in the namespace (one query with it)."""
    AIModelFactory(namespace=acme, model_id="public", visibility=Visibility.PUBLIC)
    AIModelFactory(namespace=acme, model_id="private", visibility=Visibility.PRIVATE)
    AIModelFactory(namespace=acme, model_id="hidden", visibility=Visibility.PUBLIC, moderation_state="HIDDEN")
    headers = {} if who == "anonymous" else bearer(request.getfixturevalue(who))
    body = client.get("/v1alpha/namespaces/acme/models", headers=headers).json()
    assert {m["id"] for m in body["models"]} == expected
    assert body["totalSize"] == len(expected)
