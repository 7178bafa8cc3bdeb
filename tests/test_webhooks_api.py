"""The webhooks API: create (secret once), list, get, update, delete, rotate; who may manage them."""

import json

import pytest
from standardwebhooks.webhooks import Webhook as StandardWebhook

from modelhub.models import Role, Webhook, WebhookEvent
from tests.api_support import assert_status, bearer, patch_json
from tests.factories import MembershipFactory, UserFactory

URL = "http://127.0.0.1:9/hook"


def hooks_url(namespace_id: str, suffix: str = "") -> str:
    return f"/v1alpha/namespaces/{namespace_id}/webhooks{suffix}"


def create(client, user, namespace_id="alice", body=None):
    return client.post(
        hooks_url(namespace_id),
        data=json.dumps(body if body is not None else {"url": URL}),
        content_type="application/json",
        headers=bearer(user),
    )


def test_create_shows_the_secret_once_and_every_event_by_default(client, alice, alice_ns):
    response = assert_status(create(client, alice, body={"url": URL, "description": "CI"}), 201)
    hook = response.json()["webhook"]
    assert hook["secret"].startswith("whsec_")
    StandardWebhook(hook["secret"])  # a secret every Standard Webhooks library reads
    assert hook["events"] == list(WebhookEvent.values) and hook["active"] is True
    assert hook["url"] == URL and hook["description"] == "CI"
    assert response["Location"] == hooks_url("alice", f"/{hook['id']}")

    got = assert_status(client.get(hooks_url("alice", f"/{hook['id']}"), headers=bearer(alice)), 200).json()
    listed = assert_status(client.get(hooks_url("alice"), headers=bearer(alice)), 200).json()
    assert "secret" not in got["webhook"] and [h["id"] for h in listed["webhooks"]] == [hook["id"]]
    assert "secret" not in json.dumps(listed)
    alice_ns.refresh_from_db()
    assert alice_ns.has_webhooks


def test_update_events_and_disable_then_delete(client, alice, alice_ns):
    hook = create(client, alice).json()["webhook"]
    url = hooks_url("alice", f"/{hook['id']}")
    body = {"events": ["model.updated", "model.created"], "active": False}
    updated = assert_status(patch_json(client, url, body, headers=bearer(alice)), 200).json()["webhook"]
    assert updated["events"] == ["model.created", "model.updated"] and updated["active"] is False
    alice_ns.refresh_from_db()
    assert not alice_ns.has_webhooks  # no active webhook: writes skip the lookup
    assert_status(client.delete(url, headers=bearer(alice)), 200)
    assert not Webhook.objects.exists()
    assert_status(client.get(url, headers=bearer(alice)), 404, 5)


def test_rotate_gives_a_new_secret(client, alice, alice_ns):
    hook = create(client, alice).json()["webhook"]
    rotated = client.post(hooks_url("alice", f"/{hook['id']}/rotateSecret"), headers=bearer(alice))
    secret = assert_status(rotated, 200).json()["webhook"]["secret"]
    assert secret.startswith("whsec_") and secret != hook["secret"]
    assert Webhook.objects.get().secret == secret


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "url"),
        ({"url": "ftp://127.0.0.1/x"}, "url"),
        ({"url": "http://user:pw@127.0.0.1/x"}, "url"),
        ({"url": URL, "events": ["model.exploded"]}, "events"),
        ({"url": URL, "events": "model.created"}, "events"),
        ({"url": URL, "description": "x" * 256}, "description"),
        ({"url": URL, "secret": "whsec_mine"}, "secret"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_made(client, alice, alice_ns, body, field):
    response = assert_status(create(client, alice, body=body), 400, 3)
    assert field in [v["field"] for v in response.json()["details"][0]["fieldViolations"]]
    assert not Webhook.objects.exists()


def test_who_may_manage_webhooks(client, alice, bob, acme, carol, private_model, superuser):
    """Owners and admins manage; members and viewers get 403; outsiders who cannot see the
    namespace get 404, as if it did not exist; anonymous callers 401."""
    owner = UserFactory(username="olga")
    MembershipFactory(namespace=acme, user=owner, role=Role.OWNER)
    admin = UserFactory(username="adam")
    MembershipFactory(namespace=acme, user=admin, role=Role.ADMIN)
    for user in (owner, admin, superuser):
        assert_status(create(client, user, "acme"), 201)
        assert_status(client.get(hooks_url("acme"), headers=bearer(user)), 200)
    for user in (alice, carol):  # alice is a member of acme, carol a viewer
        assert_status(create(client, user, "acme"), 403, 7)
        assert_status(client.get(hooks_url("acme"), headers=bearer(user)), 403, 7)
    assert_status(create(client, bob, "acme"), 404, 5)  # acme holds only a private model
    assert_status(client.get(hooks_url("acme"), headers=bearer(bob)), 404, 5)
    assert_status(client.get(hooks_url("acme")), 401, 16)
    assert_status(client.get(hooks_url("nowhere"), headers=bearer(alice)), 404, 5)
    assert Webhook.objects.count() == 3


def test_a_webhook_of_another_namespace_is_not_found(client, alice, alice_ns, bob):
    from tests.factories import user_with_namespace

    user_with_namespace("bob")
    theirs = create(client, bob, "bob").json()["webhook"]
    assert_status(client.get(hooks_url("alice", f"/{theirs['id']}"), headers=bearer(alice)), 404, 5)
    assert_status(client.get(hooks_url("alice", "/not-a-uuid"), headers=bearer(alice)), 404, 5)
