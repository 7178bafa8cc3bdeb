"""In Chromium, on the demo data, at desktop and phone width: the admin saves one field of a
model and sees one message naming what was saved, the audit trail in labels with the old and
new value (no field names), a styled "Edit as JSON" button; the API returns the saved value."""

import pytest
from playwright.sync_api import expect

from modelhub.models import AIModel
from tests.browser.demo_support import WIDTHS, assert_page_is_sound, log_in_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_DESCRIPTION = "Image classifier, retrained on the spring catalogue."


@pytest.mark.parametrize("width", WIDTHS)
def test_admin_saves_a_description_with_one_message_and_a_readable_audit_trail(demo_data, browser, live_server, width):
    resnet = AIModel.objects.get(namespace__namespace_id="alice", model_id="resnet-50")
    context = browser.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    log_in_demo(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/admin/modelhub/aimodel/{resnet.pk}/change/")

    switch = page.get_by_role("button", name="Edit as JSON")
    expect(switch).to_be_visible()
    style = switch.evaluate("b => [getComputedStyle(b).borderTopStyle, getComputedStyle(b).borderTopLeftRadius]")
    assert style[0] != "outset" and style[1] != "0px", f"Edit as JSON looks like a bare browser button: {style}"

    page.locator("#id_description").fill(NEW_DESCRIPTION)
    page.locator("[name=_continue]").click()
    page.wait_for_load_state()

    messages = page.locator("ul.messagelist li")
    expect(messages).to_have_count(1)
    expect(messages).to_contain_text("Description")
    expect(messages).not_to_contain_text("was changed successfully")
    expect(messages).not_to_contain_text("namespaces/")  # the model's name, not its resource name
    assert "namespaces/" not in page.title(), page.title()

    newest = page.locator(".field-changes_shown").first
    expect(newest).to_contain_text("Description")
    expect(newest).to_contain_text(NEW_DESCRIPTION)
    assert "description:" not in newest.inner_text(), newest.inner_text()  # the field's name, not its label
    expect(page.locator(".field-what").first).not_to_have_text("update")
    assert_page_is_sound(page, f"the admin's model page after a save @{width}")

    stored = page.request.get(f"{live_server.url}/v1alpha/namespaces/alice/models/resnet-50")
    assert stored.status == 200 and stored.json()["model"]["description"] == NEW_DESCRIPTION
    context.close()
