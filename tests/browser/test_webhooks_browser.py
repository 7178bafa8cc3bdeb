"""The Webhooks page in Chromium: add a webhook (its secret shown once), the delivery log, Redeliver;
axe-core finds nothing at 1440 and 390 px and nothing scrolls sideways."""

import pytest
from playwright.sync_api import expect

from modelhub.models import AuditSource, DeliveryStatus, WebhookDelivery
from modelhub.services import aimodel_update
from tests.browser.conftest import log_in
from tests.browser.sweep_support import VIEWPORTS, check_page
from tests.webhooks_support import Receiver, run_due_tasks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def receiver():
    server = Receiver(answers=[500]).start()  # the first delivery fails: the log shows both outcomes
    yield server
    server.stop()


def test_add_a_webhook_see_its_deliveries_and_redeliver(page, live_server, alice, aimodel, receiver):
    page.set_viewport_size(VIEWPORTS["desktop"])
    log_in(page, live_server, "alice")
    url = f"{live_server.url}/namespaces/alice/webhooks/"
    page.goto(url)
    expect(page.get_by_test_id("no-webhooks")).to_be_visible()
    assert check_page(page, role="alice", label="webhooks-empty", viewport="desktop") == []

    page.get_by_label("Payload URL").fill(receiver.url)
    page.get_by_label("Description").fill("Redeploy on change")
    page.get_by_role("button", name="Add webhook").click()
    secret = page.get_by_test_id("new-secret-value").inner_text().strip()
    assert secret.startswith("whsec_")
    assert check_page(page, role="alice", label="webhooks-new-secret", viewport="desktop") == []
    page.goto(url)
    expect(page.get_by_test_id("webhook")).to_contain_text("Redeploy on change")
    assert secret not in page.content()  # shown that once only

    aimodel_update(aimodel=aimodel, changes={"description": "New words"}, actor=alice, source=AuditSource.WEB)
    run_due_tasks()  # the worker's part, in this process: the first attempt gets a 500
    page.goto(url)
    row = page.get_by_test_id("delivery")
    expect(row).to_contain_text("Model updated")
    expect(row).to_contain_text("HTTP 500")
    expect(row).to_contain_text("Pending")
    row.get_by_text("Response").click()
    expect(row.locator("pre")).to_contain_text("receiver error")
    for viewport in ("desktop", "phone"):
        page.set_viewport_size(VIEWPORTS[viewport])
        assert check_page(page, role="alice", label="webhooks-log", viewport=viewport) == []

    page.get_by_role("button", name="Redeliver").click()
    expect(page.get_by_test_id("message")).to_contain_text("Sending the model updated event again")
    run_due_tasks()
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED
    page.reload()
    expect(page.get_by_test_id("delivery")).to_contain_text("Delivered")
    expect(page.get_by_test_id("delivery")).to_contain_text("HTTP 200")
    ids = {request.headers["webhook-id"] for request in receiver.received}
    assert len(receiver.received) == 2 and len(ids) == 1


def test_deleting_asks_first(page, live_server, alice, alice_ns):
    from modelhub.models import Webhook
    from modelhub.services.webhooks import webhook_create

    webhook_create(namespace=alice_ns, url="http://127.0.0.1:9/hook", actor=alice)
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/namespaces/alice/webhooks/")
    page.get_by_role("button", name="Delete http://127.0.0.1:9/hook").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Delete the webhook for http://127.0.0.1:9/hook")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    assert Webhook.objects.exists()
    page.get_by_role("button", name="Delete http://127.0.0.1:9/hook").click()
    page.get_by_role("dialog").get_by_role("button", name="Confirm").click()
    expect(page.get_by_test_id("message")).to_contain_text("Deleted the webhook")
    assert not Webhook.objects.exists()
