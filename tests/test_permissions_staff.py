"""Staff is one rule (modelhub.permissions.is_staff_moderator): superusers and the Moderators
group's staff users. A staff user without the group is not staff: they see what any signed-in
user sees. The public rule is one too: `AIModel.objects.public()` and `AIModel.is_public`."""

import pytest
from django.urls import reverse

from modelhub.models import AIModel, ModerationState, Visibility
from modelhub.permissions import can_view, is_staff_moderator, sees_moderation
from modelhub.services import aimodel_hide, aimodel_unhide
from tests.factories import AIModelFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(db):
    """is_staff (may open the admin) but not in the Moderators group."""
    return UserFactory(username="clerk", is_staff=True)


def test_staff_is_superusers_and_moderators_only(moderator, superuser, clerk, alice):
    from django.contrib.auth.models import AnonymousUser

    assert is_staff_moderator(moderator) and is_staff_moderator(superuser)
    assert not is_staff_moderator(clerk)
    assert not is_staff_moderator(alice)
    assert not is_staff_moderator(AnonymousUser())
    moderator.is_active = False
    assert not is_staff_moderator(moderator)


def test_a_staff_user_outside_the_moderators_group_sees_what_a_stranger_sees(clerk, moderator, acme, container):
    private = AIModelFactory(namespace=acme, model_id="secret", model_definition=container)
    private.visibility = Visibility.PRIVATE
    private.save(update_fields=["visibility"])
    assert not can_view(clerk, private, None) and can_view(moderator, private, None)
    assert not AIModel.objects.visible_to(clerk).filter(pk=private.pk).exists()
    assert AIModel.objects.visible_to(moderator).filter(pk=private.pk).exists()
    assert not sees_moderation(clerk, None) and sees_moderation(moderator, None)


def test_the_history_hides_moderation_from_a_staff_user_outside_the_group(client, clerk, moderator, aimodel):
    aimodel_hide(aimodel=aimodel, actor=moderator, note="Hidden pending review")
    aimodel.refresh_from_db()
    aimodel_unhide(aimodel=aimodel, actor=moderator)
    url = reverse("aimodel-history", args=["alice", aimodel.model_id])
    for user, shown in ((clerk, False), (moderator, True)):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert ("Hidden pending review" in page) is shown


def test_the_public_rule_selects_what_the_property_says(aimodel, alice_ns, container):
    hidden = AIModelFactory(namespace=alice_ns, model_id="hidden", model_definition=container)
    hidden.moderation_state = ModerationState.HIDDEN
    hidden.save(update_fields=["moderation_state"])
    private = AIModelFactory(namespace=alice_ns, model_id="private", model_definition=container)
    private.visibility = Visibility.PRIVATE
    private.save(update_fields=["visibility"])
    rows = AIModel.objects.filter(namespace=alice_ns)
    assert {m.model_id for m in rows.public()} == {m.model_id for m in rows if m.is_public} == {aimodel.model_id}
