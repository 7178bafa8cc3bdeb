"""The admin's bulk actions on models: visibility, hide and restore."""

import pytest

from modelhub.models import AuditEntry, ModerationState, Visibility
from modelhub.services import aimodel_hide
from tests.admin_support import CHANGELIST
from tests.support import fresh

pytestmark = pytest.mark.django_db


# --- bulk actions -----------------------------------------------------------------------


def run_action(client, action, *aimodels):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [str(m.pk) for m in aimodels]}, follow=True)


def test_make_private_and_public_are_audited_per_model(client, superuser, aimodel, private_model):
    client.force_login(superuser)
    response = run_action(client, "make_private", aimodel, private_model)
    text = response.content.decode()
    assert "Made private: alice/resnet." in text
    assert "Already private: acme/secret." in text
    assert fresh(aimodel).visibility == Visibility.PRIVATE
    entry = AuditEntry.objects.get()
    assert (entry.source, entry.actor, entry.changes["visibility"]["new"]) == ("admin", superuser, "VISIBILITY_PRIVATE")
    run_action(client, "make_public", aimodel, private_model)
    assert {fresh(aimodel).visibility, fresh(private_model).visibility} == {Visibility.PUBLIC}
    assert AuditEntry.objects.filter(source="admin").count() == 3


def test_make_public_refuses_a_hidden_model_with_a_message(client, superuser, aimodel, private_model, moderator):
    aimodel_hide(aimodel=private_model, actor=moderator)
    client.force_login(superuser)
    AuditEntry.objects.all().delete()
    text = run_action(client, "make_public", aimodel, private_model).content.decode()
    assert "Not made public: acme/secret: This model was hidden by moderators" in text
    assert fresh(private_model).visibility == Visibility.PRIVATE
    assert not AuditEntry.objects.exists()


def test_hide_and_restore_actions_go_through_moderation(client, superuser, aimodel):
    client.force_login(superuser)
    assert "Hidden: alice/resnet." in run_action(client, "hide", aimodel).content.decode()
    row = fresh(aimodel)
    assert (row.moderation_state, row.visibility) == (ModerationState.HIDDEN, Visibility.PRIVATE)
    run_action(client, "restore", aimodel)
    assert fresh(aimodel).moderation_state == ModerationState.ACTIVE
    assert list(AuditEntry.objects.order_by("id").values_list("action", "source")) == [
        ("hide", "moderation"),
        ("restore", "moderation"),
    ]


def test_hide_is_offered_only_to_moderators(client, superuser, aimodel, django_user_model):
    from django.contrib.auth.models import Permission

    staff = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_aimodel", "change_aimodel"]))
    client.force_login(staff)
    response = client.get(CHANGELIST)
    actions = [value for value, _ in response.context["action_form"].fields["action"].choices]
    assert "make_public" in actions and "hide" not in actions
    run_action(client, "hide", aimodel)
    assert fresh(aimodel).moderation_state == ModerationState.ACTIVE
