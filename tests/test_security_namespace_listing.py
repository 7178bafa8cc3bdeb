"""Namespaces are named only to those who may see something in them.

The list page's Namespace filter offered every namespace (organizations with nothing public
included), and the API's list answered 200 for an existing namespace and 404 for a missing
one, so anyone could probe which namespaces exist.
"""

import pytest

from modelhub.models import Visibility
from modelhub.selectors import namespaces_listed_to
from tests.api_support import assert_status, bearer
from tests.factories import AIModelFactory, NamespaceFactory, user_with_namespace

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden_org(container):
    """An organization with only a private model: nothing in it for outsiders."""
    org = NamespaceFactory(namespace_id="stealth")
    AIModelFactory(namespace=org, model_id="plans", visibility=Visibility.PRIVATE, model_definition=container)
    return org


def suggestions(client, prefix: str) -> list[str]:
    """The namespace filter's suggestions for what was typed (the datalist htmx swaps in)."""
    response = client.get("/namespace-suggestions/", {"namespace": prefix})
    assert response.status_code == 200
    return [option.split('"')[1] for option in response.content.decode().split("<option ")[1:]]


# --- those who must not learn of it ----------------------------------------------------------


@pytest.mark.parametrize("who", [None, "bob"])
def test_the_filter_does_not_name_a_namespace_with_nothing_to_see(client, request, aimodel, hidden_org, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    assert suggestions(client, "st") == [] and suggestions(client, "ALI") == ["alice"]
    # Typed in whole, the filter shows what a namespace that does not exist shows.
    assert client.get("/", {"namespace": "stealth"}).context["page"].rows == []


@pytest.mark.parametrize("who", [None, "bob"])
def test_the_api_answers_an_empty_to_you_namespace_as_a_missing_one(client, request, hidden_org, who):
    headers = bearer(request.getfixturevalue(who)) if who else {}
    hidden = assert_status(client.get("/v1alpha/namespaces/stealth/models", headers=headers), 404, 5).json()
    missing = assert_status(client.get("/v1alpha/namespaces/nothing/models", headers=headers), 404, 5).json()
    assert hidden["message"].replace("stealth", "X") == missing["message"].replace("nothing", "X")
    assert hidden["details"] == missing["details"]


def test_a_filter_that_matches_nothing_in_a_visible_namespace_is_still_an_empty_list(client, aimodel):
    body = assert_status(client.get('/v1alpha/namespaces/alice/models?filter=q="zzz"'), 200).json()
    assert body["models"] == [] and body["totalSize"] == 0


# --- those who may ----------------------------------------------------------------------------


def test_members_and_staff_see_their_namespaces(client, alice, carol, moderator, hidden_org):
    assert "stealth" not in namespaces_listed_to(alice).values_list("namespace_id", flat=True)
    assert "stealth" in namespaces_listed_to(moderator).values_list("namespace_id", flat=True)
    body = assert_status(client.get("/v1alpha/namespaces/stealth/models", headers=bearer(moderator)), 200).json()
    assert body["totalSize"] == 1


def test_a_member_of_an_empty_namespace_gets_an_empty_list(client, alice, alice_ns):
    assert "alice" in namespaces_listed_to(alice).values_list("namespace_id", flat=True)
    body = assert_status(client.get("/v1alpha/namespaces/alice/models", headers=bearer(alice)), 200).json()
    assert body == {"models": [], "nextPageToken": "", "totalSize": 0}


def test_the_filter_names_namespaces_with_public_models_and_ones_own(client, aimodel, hidden_org):
    dave, _ = user_with_namespace("dave")  # owns an empty namespace
    client.force_login(dave)
    assert [suggestions(client, letter) for letter in "ads"] == [["alice"], ["dave"], []]


def test_creating_in_an_empty_to_you_namespace_is_the_same_404_as_in_a_missing_one(client, bob, hidden_org):
    body = {"id": "probe", "modelDefinition": "model-definitions/container", "configuration": {}}
    hidden = client.post(
        "/v1alpha/namespaces/stealth/models", body, content_type="application/json", headers=bearer(bob)
    )
    missing = client.post(
        "/v1alpha/namespaces/nothing/models", body, content_type="application/json", headers=bearer(bob)
    )
    assert_status(hidden, 404, 5) and assert_status(missing, 404, 5)
    assert hidden.json()["message"].replace("stealth", "X") == missing.json()["message"].replace("nothing", "X")


def test_creating_in_a_namespace_one_may_only_read_is_403(client, bob, aimodel):
    body = {"id": "probe", "modelDefinition": "model-definitions/container", "configuration": {}}
    response = client.post(
        "/v1alpha/namespaces/alice/models", body, content_type="application/json", headers=bearer(bob)
    )
    assert_status(response, 403, 7)
