"""Two owners of an organization leave at the same instant, each through their own database
connection: the organization's row lock serialises them, so exactly one leaves and the other is
told they are the last owner. PostgreSQL only (SQLite serialises writers on one file lock)."""

import threading
import time
from unittest import mock

import pytest
from django.db import connection, connections

from modelhub.models import Membership, Role
from modelhub.services import LastOwner, membership_accept, membership_invite, membership_remove, organization_create
from modelhub.services import organizations as organization_services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency tests need PostgreSQL: set DATABASE_URL=postgres://... (as CI does)")


def test_two_owners_leaving_at_once_leave_one_owner():
    first, second = UserFactory(username="first"), UserFactory(username="second")
    namespace = organization_create(namespace_id="pair", display_name="", owner=first, source="api")
    invitation = membership_invite(namespace=namespace, user=second, role=Role.OWNER, actor=first, source="api")
    membership_accept(membership=invitation, actor=second, source="api")
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def leave(user):
        try:
            membership = Membership.objects.select_related("namespace").get(namespace=namespace, user=user)
            barrier.wait(timeout=10)
            membership_remove(membership=membership, actor=user, source="api")
            outcomes[user.username] = "left"
        except LastOwner:
            outcomes[user.username] = "last owner"
        finally:
            connections.close_all()

    real_check = organization_services._keeps_an_owner

    def slow_check(*args):
        # Both checks would see the other owner if they ran before either wrote: hold each one
        # after its check, so only the lock can keep the second from deciding on stale rows.
        answer = real_check(*args)
        time.sleep(0.5)
        return answer

    threads = [threading.Thread(target=leave, args=(user,)) for user in (first, second)]
    with mock.patch.object(organization_services, "_keeps_an_owner", slow_check):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["last owner", "left"]
    owners = Membership.objects.active().filter(namespace=namespace, role=Role.OWNER)
    assert owners.count() == 1
