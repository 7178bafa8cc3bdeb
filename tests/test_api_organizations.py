"""The /v1beta/ organizations and memberships API: bad input first (each refusal changes nothing:
memberships and the organization's history stay as they were), then what each route answers."""

import json

import pytest

from modelhub.models import Namespace, OrganizationAuditEntry, Role
from tests.api_support import assert_status, bearer
from tests.factories import AIModelFactory, UserFactory
from tests.organizations_support import memberships_state, organization_with_roles

pytestmark = pytest.mark.django_db


def call(client, method, url, body=None, headers=None):
    data = body if isinstance(body, str) else json.dumps(body) if body is not None else ""
    return client.generic(method, url, data, content_type="application/json", headers=headers or {})


@pytest.fixture
def labs(db):
    return organization_with_roles("labs")


def frozen(namespace):
    return memberships_state(namespace), OrganizationAuditEntry.objects.filter(namespace=namespace).count()


# --- create and read ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({}, 400, 3, "id"),
        ({"id": ""}, 400, 3, "id"),
        ({"id": "9-starts-with-a-digit"}, 400, 3, "id"),
        ({"id": "ok", "displayName": 5}, 400, 3, "displayName"),
        ({"id": "ok", "displayName": "x" * 256}, 400, 3, "displayName"),
        ({"id": "ok", "colour": "red"}, 400, 3, "colour"),
        ({"id": "ok", "displayName": "a", "display_name": "b"}, 400, 3, "display_name"),
        ({"id": "ALICE"}, 409, 6, "id"),
    ],
)
def test_create_refuses_bad_input_and_creates_nothing(client, alice, body, status, code, field):
    count = Namespace.objects.count()
    response = assert_status(call(client, "POST", "/v1beta/organizations", body, bearer(alice)), status, code)
    assert field in {v["field"] for v in response.json()["details"][0]["fieldViolations"]}
    assert Namespace.objects.count() == count


def test_create_needs_credentials(client):
    assert_status(call(client, "POST", "/v1beta/organizations", {"id": "new-org"}), 401, 16)
    assert not Namespace.objects.filter(namespace_id="new-org").exists()


def test_create_answers_201_and_the_caller_owns_it(client, bob):
    response = call(client, "POST", "/v1beta/organizations", {"id": "bobs-org", "displayName": "Bob's"}, bearer(bob))
    organization = assert_status(response, 201).json()["organization"]
    assert organization["name"] == "organizations/bobs-org" and organization["profile"] == {"displayName": "Bob's"}
    assert response["Location"] == "/v1beta/organizations/bobs-org" and response["ETag"]
    members = client.get("/v1beta/organizations/bobs-org/memberships", headers=bearer(bob)).json()["memberships"]
    assert [(m["user"]["id"], m["role"], m["state"]) for m in members] == [("bob", "owner", "MEMBERSHIP_STATE_ACTIVE")]


def test_get_is_404_for_an_organization_the_caller_may_know_nothing_of(client, labs, bob, alice, aimodel):
    assert_status(client.get("/v1beta/organizations/labs", headers=bearer(bob)), 404, 5)
    assert_status(client.get("/v1beta/organizations/labs"), 404, 5)
    assert_status(client.get("/v1beta/organizations/alice", headers=bearer(alice)), 404, 5)  # a user's namespace
    assert_status(client.get("/v1beta/organizations/labs/memberships", headers=bearer(bob)), 404, 5)
    ivy = labs[1]["ivy"]  # invited, not yet a member
    assert_status(client.get("/v1beta/organizations/labs", headers=bearer(ivy)), 404, 5)


def test_get_answers_members_and_anyone_who_may_see_a_public_model(client, labs, bob, container):
    namespace, users = labs
    assert_status(client.get("/v1beta/organizations/labs", headers=bearer(users["vic"])), 200)
    AIModelFactory(namespace=namespace, model_id="open", model_definition=container)
    organization = assert_status(client.get("/v1beta/organizations/LABS", headers=bearer(bob)), 200).json()
    assert organization["organization"]["id"] == "labs"


def test_members_list_shows_invitations_to_owners_and_admins_only(client, labs):
    _, users = labs
    for name, sees_ivy in (("olivia", True), ("adam", True), ("mia", False), ("vic", False)):
        rows = client.get("/v1beta/organizations/labs/memberships", headers=bearer(users[name])).json()["memberships"]
        assert ("ivy" in {row["user"]["id"] for row in rows}) is sees_ivy, name


# --- invite, change role, remove ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "username", "body", "status", "code"),
    [
        ("olivia", "nobody", {"role": "member"}, 404, 5),
        ("olivia", "dave", {"role": "emperor"}, 400, 3),
        ("olivia", "dave", {"role": 2}, 400, 3),
        ("olivia", "dave", {}, 400, 3),
        ("olivia", "dave", {"role": "member", "colour": 1}, 400, 3),
        ("olivia", "dave", "{not json", 400, 3),
        ("olivia", "ivy", {"role": "member"}, 409, 6),  # inviting twice
        ("olivia", "mia", {"role": "member"}, 409, 6),  # already a member with that role
        ("olivia", "olivia", {"role": "admin"}, 400, 3),  # demoting the last owner
        ("adam", "dave", {"role": "owner"}, 403, 7),  # admins do not make owners
        ("adam", "dave", {"role": "admin"}, 403, 7),
        ("adam", "olivia", {"role": "member"}, 403, 7),
        ("mia", "dave", {"role": "viewer"}, 403, 7),
        ("vic", "dave", {"role": "viewer"}, 403, 7),
        ("ivy", "dave", {"role": "viewer"}, 404, 5),  # invited, not yet a member: knows nothing
        ("bob", "dave", {"role": "viewer"}, 404, 5),
    ],
)
def test_put_membership_refusals_change_nothing(client, labs, who, username, body, status, code):
    namespace, users = labs
    users |= {"bob": UserFactory(username="bob"), "dave": UserFactory(username="dave")}
    before = frozen(namespace)
    url = f"/v1beta/organizations/labs/memberships/{username}"
    assert_status(call(client, "PUT", url, body, bearer(users[who])), status, code)
    assert frozen(namespace) == before


def test_put_without_credentials_is_401(client, labs):
    before = frozen(labs[0])
    assert_status(call(client, "PUT", "/v1beta/organizations/labs/memberships/mia", {"role": "viewer"}), 401, 16)
    assert frozen(labs[0]) == before


def test_an_invitation_grants_nothing_until_accepted(client, labs, container):
    namespace, users = labs
    secret = AIModelFactory(namespace=namespace, model_id="secret", visibility="VISIBILITY_PRIVATE")
    dave = UserFactory(username="dave")
    response = call(
        client, "PUT", "/v1beta/organizations/labs/memberships/dave", {"role": "member"}, bearer(users["olivia"])
    )
    membership = assert_status(response, 201).json()["membership"]
    assert (membership["role"], membership["state"]) == ("member", "MEMBERSHIP_STATE_PENDING")
    url = f"/v1alpha/namespaces/labs/models/{secret.model_id}"
    assert_status(client.get(url, headers=bearer(dave)), 404, 5)
    mine = client.get("/v1beta/users/dave/memberships", headers=bearer(dave)).json()["memberships"]
    assert [(m["organization"]["id"], m["state"]) for m in mine] == [("labs", "MEMBERSHIP_STATE_PENDING")]
    accepted = call(
        client, "PUT", "/v1beta/users/dave/memberships/labs", {"state": "MEMBERSHIP_STATE_ACTIVE"}, bearer(dave)
    )
    assert assert_status(accepted, 200).json()["membership"]["state"] == "MEMBERSHIP_STATE_ACTIVE"
    patched = call(client, "PATCH", url, {"description": "by dave"}, bearer(dave))
    assert_status(patched, 200)
    history = OrganizationAuditEntry.objects.filter(namespace=namespace, member_username="dave").order_by("id")
    assert [(e.action, e.actor.username, e.new_value) for e in history] == [
        ("invite", "olivia", "member"),
        ("accept", "dave", "member"),
    ]


def test_change_role_and_remove(client, labs):
    namespace, users = labs
    url = "/v1beta/organizations/labs/memberships/mia"
    changed = call(client, "PUT", url, {"role": "viewer"}, bearer(users["adam"]))
    assert assert_status(changed, 200).json()["membership"]["role"] == "viewer"
    stale = call(client, "DELETE", url, headers={**bearer(users["adam"]), "If-Match": '"0"'})
    assert_status(stale, 412, 9)
    assert_status(call(client, "DELETE", url, headers=bearer(users["adam"])), 200)
    assert ("mia", "viewer", "active") not in memberships_state(namespace)
    entry = OrganizationAuditEntry.objects.filter(namespace=namespace, member_username="mia").latest("id")
    assert (entry.action, entry.actor.username, entry.old_value) == ("remove", "adam", "viewer")


def test_the_last_owner_can_neither_leave_nor_be_removed_but_a_second_owner_frees_them(client, labs):
    namespace, users = labs
    url = "/v1beta/organizations/labs/memberships/olivia"
    before = frozen(namespace)
    assert_status(call(client, "DELETE", url, headers=bearer(users["olivia"])), 400, 3)
    assert_status(
        call(client, "DELETE", "/v1beta/users/olivia/memberships/labs", headers=bearer(users["olivia"])), 400, 3
    )
    assert frozen(namespace) == before
    promoted = call(
        client, "PUT", "/v1beta/organizations/labs/memberships/adam", {"role": "owner"}, bearer(users["olivia"])
    )
    assert_status(promoted, 200)
    assert_status(call(client, "DELETE", url, headers=bearer(users["olivia"])), 200)
    assert ("adam", Role.OWNER, "active") in memberships_state(namespace)


def test_delete_of_a_non_member_is_404(client, labs):
    namespace, users = labs
    UserFactory(username="dave")
    before = frozen(namespace)
    assert_status(
        call(client, "DELETE", "/v1beta/organizations/labs/memberships/dave", headers=bearer(users["olivia"])), 404, 5
    )
    assert frozen(namespace) == before


# --- the invitee's side ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "path", "body", "status", "code"),
    [
        ("ivy", "ivy/memberships/labs", {"state": "MEMBERSHIP_STATE_PENDING"}, 400, 3),
        ("ivy", "ivy/memberships/labs", {"state": "ACTIVE"}, 400, 3),
        ("ivy", "ivy/memberships/labs", {}, 400, 3),
        ("ivy", "ivy/memberships/nowhere", {"state": "MEMBERSHIP_STATE_ACTIVE"}, 404, 5),
        ("olivia", "ivy/memberships/labs", {"state": "MEMBERSHIP_STATE_ACTIVE"}, 403, 7),
        ("mia", "mia/memberships/labs", {"state": "MEMBERSHIP_STATE_ACTIVE"}, 409, 6),
        ("ivy", "nobody/memberships/labs", {"state": "MEMBERSHIP_STATE_ACTIVE"}, 404, 5),
    ],
)
def test_answering_refusals_change_nothing(client, labs, who, path, body, status, code):
    namespace, users = labs
    before = frozen(namespace)
    assert_status(call(client, "PUT", f"/v1beta/users/{path}", body, bearer(users[who])), status, code)
    assert frozen(namespace) == before


def test_another_users_memberships_are_not_listed(client, labs):
    _, users = labs
    assert_status(client.get("/v1beta/users/ivy/memberships", headers=bearer(users["olivia"])), 403, 7)
    assert_status(client.get("/v1beta/users/ivy/memberships"), 401, 16)


def test_accepting_by_proto_number_and_declining(client, labs):
    namespace, users = labs
    accepted = call(client, "PUT", "/v1beta/users/ivy/memberships/labs", {"state": 1}, bearer(users["ivy"]))
    assert assert_status(accepted, 200).json()["membership"]["name"] == "users/ivy/memberships/labs"
    dave = UserFactory(username="dave")
    call(client, "PUT", "/v1beta/organizations/labs/memberships/dave", {"role": "viewer"}, bearer(users["olivia"]))
    assert_status(call(client, "DELETE", "/v1beta/users/dave/memberships/labs", headers=bearer(dave)), 200)
    assert "dave" not in {name for name, _, _ in memberships_state(namespace)}


# --- the OpenAPI document describes these answers ------------------------------------------


def documented(response, path: str, method: str):
    from jsonschema import Draft202012Validator

    from modelhub.api.openapi import document

    doc = document()
    operation = doc["paths"][path][method]
    schema = operation["responses"][str(response.status_code)]["content"]["application/json"]["schema"]
    errors = list(Draft202012Validator({**schema, "components": doc["components"]}).iter_errors(response.json()))
    assert not errors, [e.message for e in errors]


def test_answers_match_the_openapi_document(client, labs, bob):
    _, users = labs
    owner = bearer(users["olivia"])
    org, member = "/v1beta/organizations/{organization}", "/v1beta/organizations/{organization}/memberships/{user}"
    mine = "/v1beta/users/{user}/memberships/{organization}"
    documented(
        call(client, "POST", "/v1beta/organizations", {"id": "docs-org"}, owner), "/v1beta/organizations", "post"
    )
    documented(call(client, "POST", "/v1beta/organizations", {"id": "labs"}, owner), "/v1beta/organizations", "post")
    documented(client.get("/v1beta/organizations/labs", headers=owner), org, "get")
    documented(client.get("/v1beta/organizations/nope", headers=owner), org, "get")
    documented(client.get("/v1beta/organizations/labs/memberships", headers=owner), org + "/memberships", "get")
    documented(
        call(client, "PUT", "/v1beta/organizations/labs/memberships/bob", {"role": "viewer"}, owner), member, "put"
    )
    documented(call(client, "PUT", "/v1beta/organizations/labs/memberships/bob", {"role": "x"}, owner), member, "put")
    documented(
        call(client, "PUT", "/v1beta/users/bob/memberships/labs", {"state": "MEMBERSHIP_STATE_ACTIVE"}, bearer(bob)),
        mine,
        "put",
    )
    documented(
        client.get("/v1beta/users/bob/memberships", headers=bearer(bob)), "/v1beta/users/{user}/memberships", "get"
    )
    documented(call(client, "DELETE", "/v1beta/users/bob/memberships/labs", headers=bearer(bob)), mine, "delete")
    documented(call(client, "DELETE", "/v1beta/organizations/labs/memberships/mia", headers=owner), member, "delete")
