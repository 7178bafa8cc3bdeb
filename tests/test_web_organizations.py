"""Organization pages: create one, its settings (display name, invitations, roles, removal,
leaving, deletion), its membership history, and the account page's invitations. Refusals say
why and change nothing."""

import pytest

from modelhub.models import Membership, Namespace, NamespaceKind, OrganizationAuditEntry, Role
from tests.factories import AIModelFactory, UserFactory
from tests.organizations_support import memberships_state, organization_with_roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def labs(db):
    return organization_with_roles("labs")


def frozen(namespace):
    return memberships_state(namespace), OrganizationAuditEntry.objects.filter(namespace=namespace).count()


def member(namespace, username) -> Membership:
    return Membership.objects.get(namespace=namespace, user__username=username)


# --- create ---------------------------------------------------------------------------------


def test_any_signed_in_user_creates_an_organization_and_owns_it(client, bob):
    client.force_login(bob)
    assert client.get("/organizations/new/").status_code == 200
    response = client.post("/organizations/new/", {"namespace_id": "bobs-lab", "display_name": "Bob's lab"})
    assert response.status_code == 302 and response["Location"] == "/namespaces/bobs-lab/"
    namespace = Namespace.objects.get(namespace_id="bobs-lab")
    assert namespace.kind == NamespaceKind.ORGANIZATION and namespace.display_name == "Bob's lab"
    assert memberships_state(namespace) == {("bob", Role.OWNER, "active")}
    assert OrganizationAuditEntry.objects.get(namespace=namespace).action == "create"


@pytest.mark.parametrize(
    ("namespace_id", "message"),
    [
        ("ALICE", "already exists"),
        ("9lives", "Use 1–63 letters"),
        ("", "This field is required."),
        ("a" * 64, "at most 63"),
    ],
)
def test_a_bad_or_taken_id_is_refused_at_its_field(client, alice, bob, namespace_id, message):
    client.force_login(bob)
    count = Namespace.objects.count()
    response = client.post("/organizations/new/", {"namespace_id": namespace_id, "display_name": "X"})
    assert response.status_code == 400 and message in response.content.decode()
    assert Namespace.objects.count() == count


# --- invitations and roles ---------------------------------------------------------------------


def test_an_owner_invites_and_the_invitation_is_pending(client, labs):
    namespace, users = labs
    UserFactory(username="dave")
    client.force_login(users["olivia"])
    response = client.post("/namespaces/labs/members/invite/", {"username": "dave", "role": "member"}, follow=True)
    assert "Invited dave as member." in response.content.decode()
    assert ("dave", Role.MEMBER, "pending") in memberships_state(namespace)
    page = client.get("/namespaces/labs/settings/").content.decode()
    row = page[page.index('data-username="dave"') :]
    assert "Invited" in row[: row.index("</tr>")]


@pytest.mark.parametrize(
    ("who", "data", "status", "message"),
    [
        ("olivia", {"username": "nobody", "role": "member"}, 400, "No user is called"),
        ("olivia", {"username": "ivy", "role": "member"}, 400, "already invited"),
        ("olivia", {"username": "mia", "role": "viewer"}, 400, "already a member"),
        ("olivia", {"username": "dave", "role": "emperor"}, 400, "Select a valid choice"),
        ("adam", {"username": "dave", "role": "owner"}, 403, ""),
        ("mia", {"username": "dave", "role": "viewer"}, 403, ""),
    ],
)
def test_invitation_refusals_change_nothing(client, labs, who, data, status, message):
    namespace, users = labs
    UserFactory(username="dave")
    client.force_login(users[who])
    before = frozen(namespace)
    response = client.post("/namespaces/labs/members/invite/", data)
    assert response.status_code == status and message in response.content.decode()
    assert frozen(namespace) == before


def test_admins_are_offered_only_member_and_viewer(client, labs):
    _, users = labs
    client.force_login(users["adam"])
    page = client.get("/namespaces/labs/settings/").content.decode()
    invite = page[page.index('data-testid="invite-form"') :]
    invite = invite[: invite.index("</form>")]
    assert 'value="member"' in invite and 'value="viewer"' in invite
    assert 'value="owner"' not in invite and 'value="admin"' not in invite
    olivia_row = page[page.index('data-username="olivia"') :]
    assert "Change role" not in olivia_row[: olivia_row.index("</tr>")]


def test_roles_change_and_the_last_owner_keeps_theirs(client, labs):
    namespace, users = labs
    client.force_login(users["olivia"])
    mia = member(namespace, "mia")
    client.post(f"/namespaces/labs/members/{mia.pk}/role/", {"role": "admin"})
    assert ("mia", Role.ADMIN, "active") in memberships_state(namespace)
    before = frozen(namespace)
    olivia = member(namespace, "olivia")
    response = client.post(f"/namespaces/labs/members/{olivia.pk}/role/", {"role": "member"}, follow=True)
    assert "is the last owner of labs" in response.content.decode()
    assert frozen(namespace) == before


def test_an_admin_may_not_touch_an_owner(client, labs):
    namespace, users = labs
    client.force_login(users["adam"])
    before = frozen(namespace)
    olivia = member(namespace, "olivia")
    assert client.post(f"/namespaces/labs/members/{olivia.pk}/role/", {"role": "viewer"}).status_code == 403
    assert client.post(f"/namespaces/labs/members/{olivia.pk}/remove/").status_code == 403
    assert frozen(namespace) == before


def test_remove_withdraw_and_leave(client, labs):
    namespace, users = labs
    client.force_login(users["adam"])
    client.post(f"/namespaces/labs/members/{member(namespace, 'vic').pk}/remove/")
    client.post(f"/namespaces/labs/members/{member(namespace, 'ivy').pk}/remove/")
    client.force_login(users["mia"])
    left = client.post(f"/namespaces/labs/members/{member(namespace, 'mia').pk}/remove/")
    assert left.status_code == 302 and left["Location"] == "/settings/account/"
    assert {name for name, _, _ in memberships_state(namespace)} == {"olivia", "adam"}
    actions = list(
        OrganizationAuditEntry.objects.filter(namespace=namespace)
        .order_by("-id")
        .values_list("action", "member_username")[:3]
    )
    assert actions == [("leave", "mia"), ("cancel", "ivy"), ("remove", "vic")]


def test_the_last_owner_cannot_leave(client, labs):
    namespace, users = labs
    client.force_login(users["olivia"])
    before = frozen(namespace)
    response = client.post(f"/namespaces/labs/members/{member(namespace, 'olivia').pk}/remove/", follow=True)
    assert "You are the last owner of labs" in response.content.decode()
    assert frozen(namespace) == before


def test_the_display_name_is_for_owners(client, labs):
    namespace, users = labs
    client.force_login(users["adam"])
    assert client.post("/namespaces/labs/settings/", {"display_name": "Adam's"}).status_code == 403
    client.force_login(users["olivia"])
    client.post("/namespaces/labs/settings/", {"display_name": "Labs Inc."})
    assert Namespace.objects.get(pk=namespace.pk).display_name == "Labs Inc."


# --- Danger zone and history ------------------------------------------------------------------


def test_an_organization_with_a_model_is_not_deleted(client, labs, container):
    namespace, users = labs
    AIModelFactory(namespace=namespace, model_id="kept", model_definition=container)
    client.force_login(users["olivia"])
    response = client.post("/namespaces/labs/delete/", {"confirm": "labs"}, follow=True)
    assert "still holds models" in response.content.decode()
    assert Namespace.objects.filter(pk=namespace.pk).exists()


def test_an_empty_organization_is_deleted_once_its_id_is_typed(client, labs):
    namespace, users = labs
    client.force_login(users["olivia"])
    client.post("/namespaces/labs/delete/", {"confirm": "wrong"})
    assert Namespace.objects.filter(pk=namespace.pk).exists()
    response = client.post("/namespaces/labs/delete/", {"confirm": "labs"})
    assert response.status_code == 302 and not Namespace.objects.filter(pk=namespace.pk).exists()


def test_history_shows_who_changed_which_role(client, labs):
    namespace, users = labs
    client.force_login(users["olivia"])
    client.post(f"/namespaces/labs/members/{member(namespace, 'mia').pk}/role/", {"role": "viewer"})
    page = client.get("/namespaces/labs/history/").content.decode()
    first = page[page.index('data-testid="org-history-row"') :]
    first = first[: first.index("</tr>")]
    assert "olivia" in first and "Changed the role" in first and "mia" in first and "Member → Viewer" in first
    for name in ("mia", "vic"):
        client.force_login(users[name])
        assert client.get("/namespaces/labs/history/").status_code == 403


# --- the account page -------------------------------------------------------------------------


def test_the_invitee_accepts_on_the_account_page(client, labs):
    namespace, users = labs
    client.force_login(users["ivy"])
    page = client.get("/settings/account/").content.decode()
    assert 'data-namespace="labs"' in page and "as <strong>member</strong>" in page
    invitation = member(namespace, "ivy")
    response = client.post(f"/settings/account/invitations/{invitation.pk}/", {"answer": "accept"})
    assert response.status_code == 302 and response["Location"] == "/namespaces/labs/"
    assert ("ivy", Role.MEMBER, "active") in memberships_state(namespace)
    assert 'data-namespace="labs"' not in client.get("/settings/account/").content.decode()


def test_the_invitee_declines_and_no_one_else_answers(client, labs):
    namespace, users = labs
    invitation = member(namespace, "ivy")
    client.force_login(users["olivia"])
    before = frozen(namespace)
    assert client.post(f"/settings/account/invitations/{invitation.pk}/", {"answer": "accept"}).status_code == 404
    assert frozen(namespace) == before
    client.force_login(users["ivy"])
    client.post(f"/settings/account/invitations/{invitation.pk}/", {"answer": "decline"})
    assert "ivy" not in {name for name, _, _ in memberships_state(namespace)}
