"""Restoring a field's earlier value from the history page, through the one write path."""

import pytest

from modelhub.models import AuditAction, AuditEntry, AuditSource, WebhookDelivery
from modelhub.services import ConflictError, aimodel_update
from modelhub.services.revert import aimodel_revert_field
from modelhub.services.webhooks import webhook_create
from tests.support import snapshot


def history_url(aimodel) -> str:
    return f"/namespaces/{aimodel.namespace.namespace_id}/models/{aimodel.model_id}/history/"


def change(aimodel, user, **changes) -> AuditEntry:
    aimodel.refresh_from_db()
    aimodel_update(aimodel=aimodel, changes=changes, actor=user, source=AuditSource.WEB)
    return AuditEntry.objects.filter(aimodel=aimodel).order_by("-create_time", "-id").first()


def test_restoring_writes_the_old_value_audited_as_a_revert_and_sends_the_event(aimodel, alice, alice_ns):
    webhook_create(namespace=alice_ns, url="http://127.0.0.1:9/hook", actor=alice)
    entry = change(aimodel, alice, description="Second words", task="TASK_DETECTION")
    result = aimodel_revert_field(aimodel=aimodel, entry=entry, field="description", actor=alice, source="web")
    assert result.changed_fields == ("description",)
    aimodel.refresh_from_db()
    assert aimodel.description == "A test model." and aimodel.task == "TASK_DETECTION"  # only that field
    revert = AuditEntry.objects.filter(action=AuditAction.REVERT).get()
    assert revert.changes == {"description": {"old": "Second words", "new": "A test model."}}
    assert f"entry {entry.pk}" in revert.message
    assert WebhookDelivery.objects.filter(payload__data__action="revert", event="model.updated").count() == 1


def test_a_field_changed_since_is_a_conflict_unless_confirmed(aimodel, alice):
    entry = change(aimodel, alice, description="Second words")
    change(aimodel, alice, description="Third words")
    with pytest.raises(ConflictError) as conflict:
        aimodel_revert_field(aimodel=aimodel, entry=entry, field="description", actor=alice, source="web")
    assert conflict.value.conflicts == {"description": "Third words"}
    aimodel.refresh_from_db()
    assert aimodel.description == "Third words"
    aimodel_revert_field(aimodel=aimodel, entry=entry, field="description", actor=alice, source="web", confirmed=True)
    aimodel.refresh_from_db()
    assert aimodel.description == "A test model."


@pytest.mark.parametrize("field", ["profile_image", "model_id", "nonsense", "task"])
def test_what_cannot_be_restored_is_refused_and_nothing_changes(aimodel, alice, field):
    from django.core.exceptions import ValidationError

    entry = change(aimodel, alice, description="x")  # "task" is not in this entry
    before = snapshot(aimodel)
    with pytest.raises(ValidationError):
        aimodel_revert_field(aimodel=aimodel, entry=entry, field=field, actor=alice, source="web")
    assert snapshot(aimodel) == before


def test_the_history_page_offers_restore_to_editors_only(client, aimodel, alice, bob):
    change(aimodel, alice, description="Second words")
    client.force_login(alice)
    assert "Restore this value" in client.get(history_url(aimodel)).content.decode()
    client.force_login(bob)
    assert "Restore this value" not in client.get(history_url(aimodel)).content.decode()


def test_restore_through_the_page_and_the_conflict_page(client, aimodel, alice, bob):
    entry = change(aimodel, alice, description="Second words")
    url = history_url(aimodel) + f"{entry.pk}/revert/"
    client.force_login(bob)
    assert client.post(url, {"field": "description"}).status_code == 403
    client.force_login(alice)
    response = client.post(url, {"field": "description"})
    assert response.status_code == 302
    aimodel.refresh_from_db()
    assert aimodel.description == "A test model."

    entry = change(aimodel, alice, description="Fourth")
    change(aimodel, alice, description="Fifth")
    url = history_url(aimodel) + f"{entry.pk}/revert/"
    page = client.post(url, {"field": "description"})
    assert page.status_code == 409
    text = page.content.decode()
    assert "Fifth" in text and "Restore anyway" in text
    aimodel.refresh_from_db()
    assert aimodel.description == "Fifth"
    client.post(url, {"field": "description", "confirm": "yes"})
    aimodel.refresh_from_db()
    assert aimodel.description == "A test model."


def test_another_models_entry_is_not_found(client, aimodel, alice, alice_ns, container):
    from tests.factories import AIModelFactory

    other = AIModelFactory(namespace=alice_ns, model_id="other", model_definition=container)
    entry = change(other, alice, description="x")
    client.force_login(alice)
    assert client.post(history_url(aimodel) + f"{entry.pk}/revert/", {"field": "description"}).status_code == 404


def test_the_model_at_a_point_is_read_from_the_history(client, aimodel, alice, bob):
    first = change(aimodel, alice, description="Second words")
    change(aimodel, alice, description="Third words", license="MIT")
    client.force_login(bob)  # a reader of the public model
    page = client.get(history_url(aimodel) + f"{first.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Second words" in text and "Third words" not in text and "MIT" not in text
    assert "changed since" in text
    history = client.get(history_url(aimodel)).content.decode()
    assert f"history/{first.pk}/" in history and "View the model at this point" in history


def test_a_point_of_a_moderation_entry_is_not_shown_to_readers(client, aimodel, alice, bob, moderator):
    from modelhub.services import aimodel_hide, aimodel_unhide

    aimodel_hide(aimodel=aimodel, actor=moderator, note="spam")
    aimodel.refresh_from_db()
    aimodel_unhide(aimodel=aimodel, actor=moderator)
    aimodel.refresh_from_db()
    aimodel_update(aimodel=aimodel, changes={"visibility": "VISIBILITY_PUBLIC"}, actor=alice, source="web")
    hidden = AuditEntry.objects.get(action=AuditAction.HIDE)
    client.force_login(bob)
    assert client.get(history_url(aimodel) + f"{hidden.pk}/").status_code == 404
    client.force_login(alice)
    assert client.get(history_url(aimodel) + f"{hidden.pk}/").status_code == 200
