"""Authorization of the organization routes, table-driven, for every role an organization knows:
anonymous, outsider, invitee (pending: no role yet), viewer, member (an invitee who accepted),
admin, owner, moderator (staff) and superuser. The organization `labs` holds one private model,
so anyone outside it may know nothing of it (404). Each call runs in its own rolled-back
transaction; a refused one leaves the memberships, their history and the model as they were."""

import json

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client

from modelhub.models import Membership, OrganizationAuditEntry, Visibility
from tests.api_support import bearer
from tests.factories import AIModelFactory, UserFactory
from tests.organizations_support import memberships_state, organization_with_roles
from tests.support import snapshot

pytestmark = pytest.mark.django_db

CALLERS = ["anonymous", "outsider", "invitee", "viewer", "member", "admin", "owner", "moderator", "superuser"]
L = "login"
#                                      anon outsider invitee viewer member admin owner  mod  super
ORG_PAGE = (404, 404, 404, 200, 200, 200, 200, 200, 200)
ROUTES = {
    "namespace-page": ("GET", "/namespaces/labs/", None, ORG_PAGE),
    "model-page": ("GET", "/namespaces/labs/models/secret/", None, ORG_PAGE),
    "model-edit": ("GET", "/namespaces/labs/models/secret/edit/", None, (L, 404, 404, 403, 200, 200, 200, 403, 200)),
    "settings": ("GET", "/namespaces/labs/settings/", None, (L, 404, 404, 200, 200, 200, 200, 403, 200)),
    "history": ("GET", "/namespaces/labs/history/", None, (L, 404, 404, 403, 403, 200, 200, 403, 200)),
    "invite-viewer": (
        "POST",
        "/namespaces/labs/members/invite/",
        {"username": "dave", "role": "viewer"},
        (L, 404, 404, 403, 403, 302, 302, 403, 302),
    ),
    "invite-owner": (
        "POST",
        "/namespaces/labs/members/invite/",
        {"username": "dave", "role": "owner"},
        (L, 404, 404, 403, 403, 403, 302, 403, 302),
    ),
    "demote-member": (
        "POST",
        "/namespaces/labs/members/{mia}/role/",
        {"role": "viewer"},
        (L, 404, 404, 403, 403, 302, 302, 403, 302),
    ),
    "demote-admin": (
        "POST",
        "/namespaces/labs/members/{adam}/role/",
        {"role": "member"},
        (L, 404, 404, 403, 403, 403, 302, 403, 302),
    ),
    "remove-viewer": (  # the viewer herself leaves
        "POST",
        "/namespaces/labs/members/{vic}/remove/",
        {},
        (L, 404, 404, 302, 403, 302, 302, 403, 302),
    ),
    "remove-owner": (  # the last owner: nobody may, the owner is told why (302 with a message)
        "POST",
        "/namespaces/labs/members/{olivia}/remove/",
        {},
        (L, 404, 404, 403, 403, 403, 302, 403, 302),
    ),
    "delete-org": (
        "POST",
        "/namespaces/labs/delete/",
        {"confirm": "labs"},
        (L, 404, 404, 403, 403, 403, 302, 403, 302),
    ),
    "api-org": ("GET", "/v1beta/organizations/labs", None, ORG_PAGE),
    "api-org-members": ("GET", "/v1beta/organizations/labs/memberships", None, ORG_PAGE),
    "api-invite": (
        "PUT",
        "/v1beta/organizations/labs/memberships/dave",
        {"role": "viewer"},
        (401, 404, 404, 403, 403, 201, 201, 403, 201),
    ),
    "api-remove-member": (
        "DELETE",
        "/v1beta/organizations/labs/memberships/mia",
        None,
        (401, 404, 404, 403, 200, 200, 200, 403, 200),
    ),
    "api-model": ("GET", "/v1alpha/namespaces/labs/models/secret", None, ORG_PAGE),
    "api-patch": (
        "PATCH",
        "/v1alpha/namespaces/labs/models/secret",
        {"description": "by the table"},
        (401, 404, 404, 403, 200, 200, 200, 403, 200),
    ),
}


@pytest.fixture
def world(container):
    namespace, users = organization_with_roles("labs")
    AIModelFactory(namespace=namespace, model_id="secret", visibility=Visibility.PRIVATE, model_definition=container)
    UserFactory(username="dave")
    moderator = UserFactory(username="moderator", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    callers = {
        "anonymous": None,
        "outsider": UserFactory(username="bob"),
        "invitee": users["ivy"],
        "viewer": users["vic"],
        "member": users["mia"],
        "admin": users["adam"],
        "owner": users["olivia"],
        "moderator": moderator,
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
    }
    ids = {m.user.username: m.pk for m in Membership.objects.filter(namespace=namespace).select_related("user")}
    return namespace, callers, ids


def call(user, method, url, data):
    client = Client()
    if url.startswith(("/v1alpha/", "/v1beta/")):
        headers = bearer(user) if user else {}
        body = json.dumps(data) if data is not None else ""
        return client.generic(method, url, body, content_type="application/json", headers=headers)
    if user:
        client.force_login(user)
    return client.post(url, data) if method == "POST" else client.get(url)


def outcome(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return L
    return response.status_code


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_organization_routes_follow_the_roles(world, route):
    namespace, callers, ids = world
    method, template, data, expected = ROUTES[route]
    url = template.format(**ids)
    aimodel = namespace.aimodels.get()
    results = []
    for caller in CALLERS:
        with transaction.atomic():
            before = memberships_state(namespace), OrganizationAuditEntry.objects.count(), snapshot(aimodel)
            result = outcome(call(callers[caller], method, url, data))
            if method != "GET" and result in (L, 400, 401, 403, 404):
                after = memberships_state(namespace), OrganizationAuditEntry.objects.count(), snapshot(aimodel)
                assert after == before, f"{caller} changed something through {url}"
            results.append(result)
            transaction.set_rollback(True)
    assert tuple(results) == expected, f"{CALLERS}: {url}"
