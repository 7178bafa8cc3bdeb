"""The one rule for the namespace a request names: hidden (404) unless the caller may know it,
refused (403) when they know it but the action is not theirs."""

import pytest

from modelhub.models import Role
from modelhub.namespace_access import NamespaceHidden, NamespaceRefused, namespace_for
from modelhub.permissions import can_manage_members

pytestmark = pytest.mark.django_db


def test_a_member_gets_the_namespace_with_their_role_in_any_letter_case(alice, acme):
    namespace = namespace_for(alice, "ACME")
    assert namespace.pk == acme.pk and namespace.caller_role == Role.MEMBER


def test_an_outsider_and_a_missing_or_malformed_name_are_hidden_alike(bob, acme, django_assert_num_queries):
    for name in ("acme", "nobody-here"):
        with pytest.raises(NamespaceHidden):
            namespace_for(bob, name)
    with django_assert_num_queries(0), pytest.raises(NamespaceHidden):
        namespace_for(bob, "not a name!")


def test_a_user_namespace_is_hidden_where_an_organization_is_asked_for(alice, alice_ns, acme):
    assert namespace_for(alice, "acme", organization=True).pk == acme.pk
    with pytest.raises(NamespaceHidden):
        namespace_for(alice, "alice", organization=True)


def test_a_known_namespace_is_refused_with_the_rule_s_words(carol, acme):
    with pytest.raises(NamespaceRefused) as refused:
        namespace_for(carol, "acme", allowed=can_manage_members, refusal="Only owners and admins.")
    assert refused.value.message == "Only owners and admins."
    assert namespace_for(carol, "acme").caller_role == Role.VIEWER
