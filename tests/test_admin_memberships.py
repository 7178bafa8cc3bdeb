"""Memberships in the Django admin: written through the organization services, audited, refused alike."""

from django.urls import reverse

from modelhub.models import Membership, MembershipState, OrganizationAuditEntry, Role
from tests.factories import MembershipFactory, UserFactory

ADD = "/admin/modelhub/membership/add/"


def change_url(membership) -> str:
    return reverse("admin:modelhub_membership_change", args=[membership.pk])


def delete_url(membership) -> str:
    return reverse("admin:modelhub_membership_delete", args=[membership.pk])


def audit(namespace) -> list[tuple[str, str, str, str]]:
    entries = OrganizationAuditEntry.objects.filter(namespace=namespace).order_by("pk")
    return [(e.action, e.source, e.old_value, e.new_value) for e in entries]


def test_adding_a_member_invites_them_and_is_audited(client, superuser, acme, bob):
    client.force_login(superuser)
    response = client.post(ADD, {"namespace": acme.pk, "user": bob.pk, "role": Role.VIEWER})
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = Membership.objects.get(namespace=acme, user=bob)
    assert membership.state == MembershipState.PENDING and membership.invited_by == superuser
    assert audit(acme) == [("invite", "admin", "", "viewer")]


def test_a_role_change_is_audited_and_the_last_owner_keeps_theirs(client, superuser, acme, alice):
    owner = MembershipFactory(namespace=acme, user=UserFactory(username="olga"), role=Role.OWNER)
    member = Membership.objects.get(namespace=acme, user=alice)
    client.force_login(superuser)
    assert client.post(change_url(member), {"role": Role.ADMIN}).status_code == 302
    assert Membership.objects.get(pk=member.pk).role == Role.ADMIN
    assert audit(acme) == [("role", "admin", "member", "admin")]

    refused = client.post(change_url(owner), {"role": Role.MEMBER})
    assert refused.status_code == 200
    assert "olga is the last owner of acme; make someone else owner first." in refused.content.decode()
    assert Membership.objects.get(pk=owner.pk).role == Role.OWNER and len(audit(acme)) == 1


def test_deleting_removes_through_the_service_and_never_the_last_owner(client, superuser, acme, alice):
    owner = MembershipFactory(namespace=acme, user=UserFactory(username="olga"), role=Role.OWNER)
    member = Membership.objects.get(namespace=acme, user=alice)
    client.force_login(superuser)
    assert client.post(delete_url(member), {"post": "yes"}).status_code == 302
    assert not Membership.objects.filter(pk=member.pk).exists()
    assert audit(acme) == [("remove", "admin", "member", "")]

    refused = client.post(delete_url(owner), {"post": "yes"}, follow=True)
    assert "Olga is the last owner of acme" in refused.content.decode()  # the admin capitalises messages
    assert Membership.objects.filter(pk=owner.pk).exists() and len(audit(acme)) == 1


def test_the_namespace_page_shows_members_read_only(client, superuser, acme, alice):
    client.force_login(superuser)
    page = client.get(reverse("admin:modelhub_namespace_change", args=[acme.pk])).content.decode()
    assert 'name="memberships-INITIAL_FORMS" value="1"' in page and "alice" in page
    assert 'name="memberships-0-role"' not in page and 'name="memberships-MAX_NUM_FORMS" value="0"' in page
