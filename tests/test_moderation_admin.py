"""modelhub.admin.moderation: the read-only Report/ModerationNote admin."""

import pytest
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from modelhub.admin.moderation import ModerationNoteAdmin, ReportAdmin
from modelhub.models import AIModel, ModerationNote, Report
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
