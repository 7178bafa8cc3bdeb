"""lookUp, the list across namespaces and the health probes: what each answers, bad input first, and
their query budgets."""

from unittest import mock

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from modelhub.models import Visibility
from tests.api_support import assert_status, bearer
from tests.factories import AIModelFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "uid", ["nope", "00000000-0000-0000-0000-00000000000", "0" * 32, "{00000000-0000-0000-0000-000000000000}"]
)
def test_look_up_refuses_what_is_not_a_uuid(client, aimodel, uid):
    assert_status(client.get(f"/v1alpha/models/{uid}/lookUp"), 400, 3)


def test_look_up_of_an_unknown_uid_is_404(client, aimodel):
    assert_status(client.get("/v1alpha/models/00000000-0000-0000-0000-000000000000/lookUp"), 404, 5)


@pytest.mark.parametrize(
    ("view", "full"), [("", False), ("VIEW_UNSPECIFIED", False), ("1", False), ("2", True), ("VIEW_FULL", True)]
)
def test_look_up_answers_the_model_in_the_view_asked(client, aimodel, view, full):
    response = assert_status(client.get(f"/v1alpha/models/{aimodel.uid}/lookUp?view={view}"), 200)
    assert response.json()["model"]["name"] == "namespaces/alice/models/resnet"
    assert ("configuration" in response.json()["model"]) is full
    assert response["ETag"] == aimodel.etag


def test_list_all_pages_filters_and_orders_across_namespaces(client, alice, alice_ns, acme, container):
    for i in range(3):
        AIModelFactory(namespace=alice_ns, model_id=f"cat-{i}", model_definition=container)
        AIModelFactory(namespace=acme, model_id=f"dog-{i}", model_definition=container)
    AIModelFactory(namespace=acme, model_id="dog-secret", visibility=Visibility.PRIVATE, model_definition=container)
    anonymous = client.get("/v1alpha/models?order_by=id&page_size=4").json()
    assert [m["id"] for m in anonymous["models"]] == ["cat-0", "cat-1", "cat-2", "dog-0"]
    assert anonymous["totalSize"] == 6
    rest = client.get(f"/v1alpha/models?order_by=id&page_size=4&page_token={anonymous['nextPageToken']}").json()
    assert [m["id"] for m in rest["models"]] == ["dog-1", "dog-2"] and rest["nextPageToken"] == ""
    mine = client.get('/v1alpha/models?filter=q="dog"&visibility=1', headers=bearer(alice)).json()
    assert [m["name"] for m in mine["models"]] == ["namespaces/acme/models/dog-secret"]
    assert all("configuration" not in m for m in anonymous["models"])


@pytest.mark.parametrize(
    "query", ["page_size=101", "page_size=", "view=VIEW_HUGE", "view=3", "order_by=name", "filter=x"]
)
def test_list_all_refuses_bad_parameters(client, aimodel, query):
    assert_status(client.get(f"/v1alpha/models?{query}"), 400, 3)


@pytest.mark.parametrize(
    "path", ["/v1alpha/__liveness", "/v1alpha/health/model", "/v1alpha/__readiness", "/v1alpha/ready/model"]
)
def test_health_probes_answer_serving(client, path):
    response = assert_status(client.get(path), 200)
    assert response.json() == {"healthCheckResponse": {"status": "SERVING_STATUS_SERVING"}}


def test_readiness_answers_503_not_serving_without_the_database(client):
    with mock.patch("modelhub.api.health.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/v1alpha/__readiness")
        live = client.get("/v1alpha/__liveness")
    assert response.status_code == 503
    assert response.json() == {"healthCheckResponse": {"status": "SERVING_STATUS_NOT_SERVING"}}
    assert live.status_code == 200


def test_health_probes_refuse_other_methods(client):
    assert_status(client.post("/v1alpha/__liveness"), 405, 12)


def test_list_all_costs_the_same_queries_whatever_the_page_size(
    client, alice, alice_ns, acme, container, django_assert_num_queries
):
    for i in range(12):
        AIModelFactory(namespace=alice_ns if i % 2 else acme, model_id=f"m-{i}", model_definition=container)
    for size in (1, 12):
        # (the planner's estimate on PostgreSQL: modelhub.paging,) count + page, no image or README loaded
        with django_assert_num_queries(2 + (connection.vendor == "postgresql")):
            assert len(client.get(f"/v1alpha/models?page_size={size}").json()["models"]) == size
    headers = bearer(alice)
    client.get("/v1alpha/models", headers=headers)  # the token's first use also touches it
    counts = []
    for size in (1, 12):
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get(f"/v1alpha/models?page_size={size}", headers=headers).json()["models"]) == size
        counts.append(len(queries))
    # token, (estimate or public rows' count,) count, page, the request log's insert (and its pruning)
    assert counts[0] == counts[1] <= 7


def test_look_up_is_one_query_for_anonymous_callers(client, aimodel, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert_status(client.get(f"/v1alpha/models/{aimodel.uid}/lookUp"), 200)
