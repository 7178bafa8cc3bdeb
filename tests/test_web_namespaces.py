"""The namespace page /namespaces/{ns}/: what it shows to whom, its search and pages, and 404 for a
namespace the visitor may know nothing of."""

import pytest

from modelhub.models import MembershipState, Role, Visibility
from tests.factories import AIModelFactory, MembershipFactory, NamespaceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_organization_page_shows_its_name_kind_models_and_active_members(
    client, alice, carol, acme, aimodel, private_model, container
):
    AIModelFactory(namespace=acme, model_id="open-acme", model_definition=container)
    invitee = UserFactory(username="dave")
    MembershipFactory(namespace=acme, user=invitee, role=Role.MEMBER, state=MembershipState.PENDING)
    body = client.get("/namespaces/acme/").content.decode()
    assert '<h1 class="h3 mb-1 text-break">Acme</h1>' in body
    assert 'data-testid="namespace-kind">Organization<' in body
    assert 'href="/namespaces/acme/models/open-acme/"' in body
    assert "secret" not in body  # the private model, to an anonymous visitor
    members = body[body.index('data-testid="member-list"') :]
    assert "alice" in members and "carol" in members and "dave" not in members
    client.force_login(carol)
    assert 'href="/namespaces/acme/models/secret/"' in client.get("/namespaces/acme/").content.decode()


def test_a_user_page_lists_their_models_and_no_members(client, alice, aimodel):
    body = client.get("/namespaces/alice/").content.decode()
    assert 'data-testid="namespace-kind">User<' in body and 'data-testid="member-list"' not in body
    assert 'href="/namespaces/alice/models/resnet/"' in body


@pytest.mark.parametrize("namespace_id", ["nobody", "hidden-org", "bad%20id"])
def test_a_namespace_the_visitor_may_know_nothing_of_is_404(client, bob, container, namespace_id):
    hidden = NamespaceFactory(namespace_id="hidden-org")
    AIModelFactory(namespace=hidden, model_id="x", visibility=Visibility.PRIVATE, model_definition=container)
    client.force_login(bob)
    assert client.get(f"/namespaces/{namespace_id}/").status_code == 404


def test_a_pending_invitation_does_not_open_a_private_namespace(client, container):
    hidden = NamespaceFactory(namespace_id="hidden-org")
    AIModelFactory(namespace=hidden, model_id="x", visibility=Visibility.PRIVATE, model_definition=container)
    invitee = UserFactory(username="dave")
    MembershipFactory(namespace=hidden, user=invitee, role=Role.VIEWER, state=MembershipState.PENDING)
    client.force_login(invitee)
    assert client.get("/namespaces/hidden-org/").status_code == 404
    assert client.get("/namespaces/hidden-org/models/x/").status_code == 404


def test_other_letter_case_redirects(client, alice, aimodel):
    response = client.get("/namespaces/ALICE/?q=res")
    assert response.status_code == 301 and response["Location"] == "/namespaces/alice/?q=res"


def test_search_and_pages(client, alice, alice_ns, container):
    for n in range(25):
        AIModelFactory(namespace=alice_ns, model_id=f"m{n:02d}", description="vision" if n % 2 else "text")
    body = client.get("/namespaces/alice/").content.decode()
    assert "25 models" in body and body.count('class="fw-semibold text-break"') == 20 and 'rel="next"' in body
    searched = client.get("/namespaces/alice/?q=vision").content.decode()
    assert "12 models match" in searched and "m01" in searched and "/m02/" not in searched


def test_the_list_and_model_pages_link_to_the_namespace_page(client, alice, aimodel):
    assert 'href="/namespaces/alice/"' in client.get("/namespaces/alice/models/resnet/").content.decode()
    assert 'href="/namespaces/alice/"' in client.get("/?namespace=alice").content.decode()


def test_the_page_costs_the_same_queries_whatever_the_number_of_models(
    client, acme, container, django_assert_num_queries
):
    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get("/namespaces/acme/").status_code == 200
        return len(captured)

    AIModelFactory(namespace=acme, model_id="first", model_definition=container)
    few = count_queries()
    for n in range(30):
        AIModelFactory(namespace=acme, model_id=f"more-{n}", model_definition=container)
    assert count_queries() == few
    # namespace with role, "may see something", a page of rows, the bounded count, the catalog's
    # titles (regions, hardware), the members
    assert few <= 7
