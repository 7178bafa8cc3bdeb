"""Restoring a field from the history page in Chromium: restored, a conflict refused then confirmed,
the event sent; axe-core finds nothing on the history and conflict pages at 1440 and 390 px."""

import pytest
from playwright.sync_api import expect

from modelhub.models import AuditSource, WebhookDelivery
from modelhub.services import aimodel_update
from modelhub.services.webhooks import webhook_create
from tests.browser.conftest import log_in
from tests.browser.sweep_support import VIEWPORTS, check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def edit(aimodel, user, **changes):
    aimodel.refresh_from_db()
    aimodel_update(aimodel=aimodel, changes=changes, actor=user, source=AuditSource.API)


def test_restore_a_value_and_confirm_over_a_conflict(page, live_server, alice, alice_ns, aimodel):
    webhook_create(namespace=alice_ns, url="http://127.0.0.1:9/hook", actor=alice)
    edit(aimodel, alice, description="Second words")
    edit(aimodel, alice, license="MIT")
    log_in(page, live_server, "alice")
    history = f"{live_server.url}/namespaces/alice/models/resnet/history/"
    page.goto(history)
    for viewport in ("desktop", "phone"):
        page.set_viewport_size(VIEWPORTS[viewport])
        assert check_page(page, role="alice", label="history-restore", viewport=viewport) == []
    page.set_viewport_size(VIEWPORTS["desktop"])

    page.get_by_role("button", name="Restore this value of Description").click()
    expect(page.get_by_test_id("message")).to_contain_text("Restored the earlier Description")
    aimodel.refresh_from_db()
    assert aimodel.description == "A test model." and aimodel.license == "MIT"
    expect(page.get_by_test_id("audit-entry").first).to_contain_text("A value restored from history")
    assert WebhookDelivery.objects.filter(payload__data__action="revert").count() == 1

    edit(aimodel, alice, license="Apache-2.0")
    page.goto(history)
    # The older license change (to MIT): its field has changed since.
    page.get_by_test_id("audit-entry").nth(2).get_by_role("button", name="Restore this value of License").click()
    expect(page.get_by_test_id("revert-conflict")).to_be_visible()
    expect(page.get_by_test_id("current-value")).to_have_text("Apache-2.0")
    assert check_page(page, role="alice", label="revert-conflict", viewport="desktop") == []
    aimodel.refresh_from_db()
    assert aimodel.license == "Apache-2.0"
    page.get_by_role("button", name="Restore anyway").click()
    expect(page.get_by_test_id("message")).to_contain_text("Restored the earlier License")
    aimodel.refresh_from_db()
    assert aimodel.license == ""


def test_view_the_model_at_a_point(page, live_server, alice, aimodel):
    edit(aimodel, alice, description="Second words")
    edit(aimodel, alice, description="Third words")
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/namespaces/alice/models/resnet/history/")
    page.get_by_test_id("audit-entry").nth(1).get_by_role("link", name="View the model at this point").click()
    shown = page.get_by_test_id("model-at-point")
    expect(shown).to_contain_text("Second words")
    expect(shown).not_to_contain_text("Third words")
    for viewport in ("desktop", "phone"):
        page.set_viewport_size(VIEWPORTS[viewport])
        assert check_page(page, role="alice", label="history-point", viewport=viewport) == []
