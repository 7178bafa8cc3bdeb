"""modelhub.moderation.admin: read-only Report/ModerationNote admin and the hide/restore bulk actions."""

import pytest
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from modelhub.models import AIModel, AuditEntry, ModerationNote, ModerationState, Report, Visibility
from modelhub.moderation.admin import ModerationNoteAdmin, ReportAdmin, hide_selected, restore_selected
from modelhub.services import moderation_note_create, report_create
from tests.factories import AIModelFactory

pytestmark = pytest.mark.django_db


class FakeModelAdmin:
    def __init__(self):
        self.said = []

    def message_user(self, request, message, level=None):
        self.said.append(str(message))


def admin_request(user):
    request = RequestFactory().post("/admin/modelhub/aimodel/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


@pytest.fixture
def two_models(aimodel, alice_ns, container):
    return [aimodel, AIModelFactory(namespace=alice_ns, model_id="second", model_definition=container)]


def states() -> list[tuple]:
    return list(AIModel.objects.order_by("model_id").values_list("model_id", "visibility", "moderation_state"))


@pytest.mark.parametrize("who", ["moderator", "superuser"])
def test_hide_selected_then_restore_selected_go_through_the_service(request, two_models, who):
    user = request.getfixturevalue(who)
    modeladmin = FakeModelAdmin()
    hide_selected(modeladmin, admin_request(user), AIModel.objects.all())
    assert states() == [
        ("resnet", Visibility.PRIVATE, ModerationState.HIDDEN),
        ("second", Visibility.PRIVATE, ModerationState.HIDDEN),
    ]
    hides = AuditEntry.objects.filter(action="hide")
    assert [(e.actor, e.source) for e in hides] == [(user, "moderation")] * 2
    restore_selected(modeladmin, admin_request(user), AIModel.objects.filter(model_id="resnet"))
    assert states()[0] == ("resnet", Visibility.PRIVATE, ModerationState.ACTIVE)
    assert modeladmin.said == ["2 of 2 model(s) hidden.", "1 of 1 model(s) restored."]


def test_hide_selected_counts_already_hidden_models(two_models, moderator):
    modeladmin = FakeModelAdmin()
    hide_selected(modeladmin, admin_request(moderator), AIModel.objects.filter(model_id="resnet"))
    hide_selected(modeladmin, admin_request(moderator), AIModel.objects.all())
    assert modeladmin.said[-1] == "1 of 2 model(s) hidden."


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_bulk_actions_refuse_non_moderators(request, two_models, who):
    before = states()
    modeladmin = FakeModelAdmin()
    hide_selected(modeladmin, admin_request(request.getfixturevalue(who)), AIModel.objects.all())
    restore_selected(modeladmin, admin_request(request.getfixturevalue(who)), AIModel.objects.all())
    assert states() == before
    assert modeladmin.said == ["Only staff moderators may hide or restore models."] * 2
    assert not AuditEntry.objects.exists()


def test_report_and_note_are_registered_read_only(aimodel, bob, moderator):
    assert isinstance(admin.site._registry[Report], ReportAdmin)
    assert isinstance(admin.site._registry[ModerationNote], ModerationNoteAdmin)
    request = admin_request(moderator)
    report_admin = admin.site._registry[Report]
    assert report_admin.has_view_permission(request)
    assert not report_admin.has_add_permission(request)
    assert not report_admin.has_change_permission(request)
    assert not report_admin.has_delete_permission(request)


def test_report_changelist_for_a_moderator(client, aimodel, bob, moderator):
    report_create(aimodel=aimodel, reporter=bob, reason="license", text="GPL")
    moderation_note_create(aimodel=aimodel, author=moderator, text="Note")
    client.force_login(moderator)
    response = client.get("/admin/modelhub/report/?reason__exact=license&q=resnet")
    assert response.status_code == 200
    assert "namespaces/alice/models/resnet" in response.content.decode()
    assert client.get("/admin/modelhub/moderationnote/").status_code == 200


def test_report_admin_is_closed_to_non_staff(client, aimodel, bob):
    client.force_login(bob)
    assert client.get("/admin/modelhub/report/").status_code == 302  # to the admin login


def test_bulk_hide_reports_a_model_the_rules_refuse_and_hides_the_others(aimodel, alice_ns, container, moderator):
    AIModelFactory(namespace=alice_ns, model_id="broken", model_definition=container, source_url="ftp://x")
    modeladmin = FakeModelAdmin()
    hide_selected(modeladmin, admin_request(moderator), AIModel.objects.order_by("model_id"))
    assert modeladmin.said[0].startswith("namespaces/alice/models/broken was not hidden: ")
    assert modeladmin.said[1] == "1 of 2 model(s) hidden."
    assert states() == [
        ("broken", Visibility.PUBLIC, ModerationState.ACTIVE),
        ("resnet", Visibility.PRIVATE, ModerationState.HIDDEN),
    ]
