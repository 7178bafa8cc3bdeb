"""The API tokens page in Chromium: the copy button, and the confirmation before revoking."""

import pytest
from playwright.sync_api import expect

from modelhub.models import ApiToken
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tokens_page(browser, live_server, alice):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/settings/tokens/")
    yield page
    context.close()


def test_copy_button_puts_the_new_token_on_the_clipboard(tokens_page):
    page = tokens_page
    page.get_by_label("Name").fill("CI deploy")
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_test_id("new-token-value").inner_text().strip()
    assert len(secret) > 20
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    expect(page.locator("[data-copy-status]")).to_have_text("The token was copied to the clipboard.")
    assert page.evaluate("navigator.clipboard.readText()") == secret


def test_revoking_asks_first_and_keeping_it_changes_nothing(tokens_page):
    page = tokens_page
    page.get_by_label("Name").fill("Laptop")
    page.get_by_role("button", name="Create token").click()
    page.get_by_role("button", name="Revoke Laptop").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Revoke the token “Laptop”?")
    expect(dialog.get_by_role("button", name="Keep it")).to_be_focused()
    dialog.get_by_role("button", name="Keep it").click()
    expect(dialog).to_be_hidden()
    assert ApiToken.objects.get(name="Laptop").revoke_time is None
    page.get_by_role("button", name="Revoke Laptop").click()
    page.get_by_role("dialog").get_by_role("button", name="Revoke token").click()
    expect(page.get_by_test_id("message")).to_contain_text("Revoked the token “Laptop”")
    assert ApiToken.objects.get(name="Laptop").revoke_time is not None
