"""The namespace's Webhooks page: who may see it, adding (secret once), the delivery log, redeliver."""

import pytest

from modelhub.models import AuditSource, DeliveryStatus, Role, Webhook, WebhookDelivery
from modelhub.services import aimodel_update
from modelhub.services.webhooks import webhook_create
from tests.factories import MembershipFactory, UserFactory

PAGE = "/namespaces/{}/webhooks/"
URL = "http://127.0.0.1:9/hook"


def test_adding_a_webhook_shows_its_secret_once(client, alice, alice_ns):
    client.force_login(alice)
    response = client.post(PAGE.format("alice"), {"url": URL, "description": "CI", "events": ["model.updated"]})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    hook = Webhook.objects.get()
    assert hook.events == ["model.updated"] and hook.description == "CI"
    assert hook.secret in response.content.decode()
    again = client.get(PAGE.format("alice")).content.decode()
    assert hook.secret not in again and URL in again and "Model updated" in again


def test_all_events_chosen_means_every_event(client, alice, alice_ns):
    from modelhub.models import WebhookEvent

    client.force_login(alice)
    client.post(PAGE.format("alice"), {"url": URL, "events": WebhookEvent.values})
    assert Webhook.objects.get().events == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "This field is required."),
        ("ftp://x.example/", "Use an http:// or https:// URL"),
        ("http://nowhere.invalid/", "resolved"),
    ],
)
def test_a_refused_url_is_an_error_at_the_field_and_nothing_is_added(client, alice, alice_ns, url, message):
    client.force_login(alice)
    response = client.post(PAGE.format("alice"), {"url": url})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Webhook.objects.exists()


def test_the_delivery_log_and_redeliver(client, alice, alice_ns, aimodel):
    hook, _ = webhook_create(namespace=alice_ns, url=URL, actor=alice)
    aimodel_update(aimodel=aimodel, changes={"description": "x"}, actor=alice, source=AuditSource.API)
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.update(status=DeliveryStatus.FAILED)
    client.force_login(alice)
    page = client.get(PAGE.format("alice")).content.decode()
    assert "Model updated" in page and "Failed" in page
    response = client.post(f"/namespaces/alice/webhooks/{hook.uid}/deliveries/{delivery.uid}/redeliver/")
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING


def test_disable_enable_and_delete(client, alice, alice_ns):
    hook, _ = webhook_create(namespace=alice_ns, url=URL, actor=alice)
    client.force_login(alice)
    client.post(f"/namespaces/alice/webhooks/{hook.uid}/active/", {"active": "false"})
    hook.refresh_from_db()
    assert not hook.active
    client.post(f"/namespaces/alice/webhooks/{hook.uid}/active/", {"active": "true"})
    hook.refresh_from_db()
    assert hook.active
    response = client.post(f"/namespaces/alice/webhooks/{hook.uid}/rotate/")
    hook.refresh_from_db()
    assert hook.secret in response.content.decode()
    client.post(f"/namespaces/alice/webhooks/{hook.uid}/delete/")
    assert not Webhook.objects.exists()


def test_who_may_see_the_page(client, alice, bob, acme, carol, private_model, superuser):
    admin = UserFactory(username="adam")
    MembershipFactory(namespace=acme, user=admin, role=Role.ADMIN)
    expected = {admin: 200, superuser: 200, alice: 403, carol: 403, bob: 404}
    for user, status in expected.items():
        client.force_login(user)
        assert client.get(PAGE.format("acme")).status_code == status, user
    client.logout()
    assert client.get(PAGE.format("acme"))["Location"].startswith("/accounts/login/")


def test_the_namespace_page_links_to_webhooks_for_those_who_manage_them(client, alice, acme, carol, superuser):
    admin = UserFactory(username="adam")
    MembershipFactory(namespace=acme, user=admin, role=Role.ADMIN)
    link = f'href="{PAGE.format("acme")}"'
    expected = {admin: True, superuser: True, alice: False, carol: False}
    for user, shown in expected.items():
        client.force_login(user)
        page = client.get("/namespaces/acme/").content.decode()
        assert "Members" in page and (link in page) is shown, user


def test_another_namespaces_webhook_is_not_found(client, alice, alice_ns, acme):
    theirs, _ = webhook_create(namespace=acme, url=URL, actor=None)
    client.force_login(alice)
    for action in ("rotate", "active", "delete"):
        assert client.post(f"/namespaces/alice/webhooks/{theirs.uid}/{action}/").status_code == 404
    assert client.post("/namespaces/alice/webhooks/not-a-uuid/delete/").status_code == 404
    assert Webhook.objects.filter(pk=theirs.pk, active=True).exists()


def test_the_admin_shows_webhooks_and_deliveries_read_only_without_the_secret(
    client, superuser, alice, alice_ns, aimodel
):
    hook, secret = webhook_create(namespace=alice_ns, url=URL, actor=alice)
    aimodel_update(aimodel=aimodel, changes={"description": "x"}, actor=alice, source=AuditSource.API)
    delivery = WebhookDelivery.objects.get()
    client.force_login(superuser)
    for url in (
        "/admin/modelhub/webhook/",
        f"/admin/modelhub/webhook/{hook.pk}/change/",
        "/admin/modelhub/webhookdelivery/",
        f"/admin/modelhub/webhookdelivery/{delivery.pk}/change/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert secret not in response.content.decode()
