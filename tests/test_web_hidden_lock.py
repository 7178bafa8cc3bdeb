"""The settings page of a model the moderators hid: its visibility is locked (the reason and the
moderators' notes shown, no "Public" offered), and a forged "Public" is still refused."""

import pytest

from modelhub.models import AIModel, Visibility
from modelhub.services import aimodel_hide, aimodel_unhide, moderation_note_create
from tests.web_helpers import edit_form_data

pytestmark = pytest.mark.django_db


def edit_url(aimodel) -> str:
    return f"/namespaces/{aimodel.namespace.namespace_id}/models/{aimodel.model_id}/edit/"


def danger_zone(body: str) -> str:
    return body.split('id="section-danger"')[1].split("</section>")[0]


def test_a_hidden_models_visibility_is_locked_with_the_reason_and_notes(client, alice, aimodel, moderator):
    aimodel_hide(aimodel=aimodel, actor=moderator, note="Malware in the weights.", share_note=True)
    moderation_note_create(aimodel=aimodel, author=moderator, text="Upload clean weights, then write to us.")
    client.force_login(alice)
    danger = danger_zone(client.get(edit_url(aimodel)).content.decode())
    assert "Locked: hidden by moderators" in danger
    assert 'Reason:</span> <span class="text-break">Malware in the weights.</span>' in danger
    assert "Upload clean weights, then write to us." in danger
    assert danger.count("Malware in the weights.") == 1  # the shared reason is not repeated as a note
    assert "VISIBILITY_PUBLIC" not in danger and "<select" not in danger.split('data-testid="visibility-locked"')[1]


def test_a_forged_public_is_still_refused(client, alice, aimodel, moderator):
    aimodel_hide(aimodel=aimodel, actor=moderator, note="Malware in the weights.")
    client.force_login(alice)
    response = client.post(edit_url(aimodel), edit_form_data(aimodel, visibility=Visibility.PUBLIC))
    assert response.status_code == 400 and "hidden by moderators" in response.content.decode()
    assert AIModel.objects.get(pk=aimodel.pk).visibility == Visibility.PRIVATE


def test_after_restore_the_visibility_row_is_back(client, alice, aimodel, moderator):
    aimodel_hide(aimodel=aimodel, actor=moderator, note="Malware in the weights.")
    aimodel_unhide(aimodel=AIModel.objects.get(pk=aimodel.pk), actor=moderator)
    client.force_login(alice)
    danger = danger_zone(client.get(edit_url(aimodel)).content.decode())
    assert "Locked" not in danger and 'value="VISIBILITY_PUBLIC"' in danger
