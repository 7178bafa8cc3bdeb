"""An organization with one person per role, made through the services as the product makes them."""

from modelhub.models import Membership, MembershipState, Role
from modelhub.services import membership_accept, membership_invite, organization_create
from tests.factories import UserFactory

ROLE_USERS = {"olivia": Role.OWNER, "adam": Role.ADMIN, "mia": Role.MEMBER, "vic": Role.VIEWER}


def organization_with_roles(namespace_id: str = "labs"):
    """`namespace_id` owned by olivia, with adam (admin), mia (member), vic (viewer) active and
    ivy invited as member (pending). Returns (namespace, {username: user})."""
    users = {name: UserFactory(username=name) for name in [*ROLE_USERS, "ivy"]}
    namespace = organization_create(namespace_id=namespace_id, display_name="Labs", owner=users["olivia"], source="web")
    for name, role in ROLE_USERS.items():
        if role == Role.OWNER:
            continue
        membership = membership_invite(
            namespace=namespace, user=users[name], role=role, actor=users["olivia"], source="web"
        )
        membership_accept(membership=membership, actor=users[name], source="web")
    membership_invite(namespace=namespace, user=users["ivy"], role=Role.MEMBER, actor=users["olivia"], source="web")
    return namespace, users


def memberships_state(namespace) -> set[tuple[str, str, str]]:
    """(username, role, state) of every membership: equal before and after a refused change."""
    return {
        (m.user.username, m.role, "pending" if m.state == MembershipState.PENDING else "active")
        for m in Membership.objects.filter(namespace=namespace).select_related("user")
    }
