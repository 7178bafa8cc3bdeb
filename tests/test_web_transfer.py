"""The edit page's Transfer: the Danger zone row, the confirmation page, the move, and refusals
that leave the model where it was."""

import pytest

from modelhub.models import AIModel, AIModelAlias, Role
from modelhub.services import aimodel_hide
from tests.factories import AIModelFactory, MembershipFactory
from tests.support import snapshot

pytestmark = pytest.mark.django_db


def transfer_url(aimodel) -> str:
    return f"/namespaces/{aimodel.namespace.namespace_id}/models/{aimodel.model_id}/transfer/"


def test_the_danger_zone_offers_exactly_the_namespaces_where_the_user_may_create(client, alice, acme, aimodel):
    MembershipFactory(user=alice, role=Role.VIEWER, namespace__namespace_id="readonly")
    pending = MembershipFactory(user=alice, role=Role.OWNER, namespace__namespace_id="invited-only")
    pending.state = "MEMBERSHIP_STATE_PENDING"
    pending.save()
    client.force_login(alice)
    body = client.get(f"/namespaces/alice/models/{aimodel.model_id}/edit/").content.decode()
    row = body[body.index('data-testid="danger-transfer"') : body.index('data-testid="danger-delete"')]
    assert '<option value="acme">acme</option>' in row
    for absent in ("alice", "readonly", "invited-only"):
        assert f'value="{absent}"' not in row


def test_without_another_namespace_the_row_points_at_creating_an_organization(client, alice, alice_ns, aimodel):
    client.force_login(alice)
    body = client.get(f"/namespaces/alice/models/{aimodel.model_id}/edit/").content.decode()
    row = body[body.index('data-testid="danger-transfer"') : body.index('data-testid="danger-delete"')]
    assert "<select" not in row and 'href="/organizations/new/"' in row


def test_the_first_post_asks_for_confirmation_and_moves_nothing(client, alice, acme, aimodel):
    client.force_login(alice)
    before = snapshot(aimodel)
    response = client.post(transfer_url(aimodel), {"namespace": "acme", "new_model_id": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Move <strong>alice/resnet</strong> to <strong>acme/resnet</strong>?" in body
    assert 'name="confirm" value="on"' in body
    assert snapshot(aimodel) == before


def test_the_confirmed_post_moves_the_model_and_the_old_page_redirects(client, alice, acme, aimodel):
    client.force_login(alice)
    data = {"namespace": "acme", "new_model_id": "resnet-acme", "confirm": "on"}
    response = client.post(transfer_url(aimodel), data, follow=True)
    assert response.redirect_chain[-1] == ("/namespaces/acme/models/resnet-acme/", 302)
    assert "Moved alice/resnet to acme/resnet-acme." in response.content.decode()
    stored = AIModel.objects.get(pk=aimodel.pk)
    assert (stored.namespace.namespace_id, stored.model_id) == ("acme", "resnet-acme")
    for suffix in ("", "edit/", "history/"):
        old = client.get(f"/namespaces/alice/models/resnet/{suffix}")
        assert old.status_code == 301 and old["Location"] == f"/namespaces/acme/models/resnet-acme/{suffix}"
    history = client.get("/namespaces/acme/models/resnet-acme/history/").content.decode()
    assert "Transferred to another namespace" in history and "Namespace" in history


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"namespace": "bob-ns", "confirm": "on"}, "Select a valid choice."),
        ({"namespace": "alice", "confirm": "on"}, "Select a valid choice."),
        ({"namespace": "acme", "new_model_id": "9lives", "confirm": "on"}, "Use 1–63 letters"),
        ({"namespace": "acme", "new_model_id": "taken", "confirm": "on"}, "already exists"),
    ],
)
def test_refusals_show_the_form_again_and_move_nothing(client, alice, acme, aimodel, container, data, message):
    AIModelFactory(namespace=acme, model_id="taken", model_definition=container)
    client.force_login(alice)
    before, aliases = snapshot(aimodel), AIModelAlias.objects.count()
    response = client.post(transfer_url(aimodel), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot(aimodel) == before and AIModelAlias.objects.count() == aliases


def test_a_hidden_model_is_not_moved_by_its_owner(client, alice, acme, aimodel, moderator):
    aimodel_hide(aimodel=aimodel, actor=moderator, note="Spam")
    client.force_login(alice)
    before = snapshot(aimodel)
    response = client.post(transfer_url(aimodel), {"namespace": "acme", "confirm": "on"})
    assert response.status_code == 400
    assert "hidden by moderators" in response.content.decode()
    assert snapshot(aimodel) == before


def test_a_reader_who_may_not_edit_gets_403_and_nothing_moves(client, bob, acme, aimodel):
    client.force_login(bob)
    before = snapshot(aimodel)
    assert client.post(transfer_url(aimodel), {"namespace": "acme", "confirm": "on"}).status_code == 403
    assert snapshot(aimodel) == before
