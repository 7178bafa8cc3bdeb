"""The account pages in Chromium, on the demo data, at desktop and phone width: the login card's
"Forgot password?", the reset flow from the e-mail's link to logging in with the new password,
the account menu (tokens, change password, log out as a POST), and the password change.
Each page in the site's own layout (never the admin's), with 0 axe violations and no sideways
scrolling; what changed is checked through the API (the old token stops working)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from modelhub.demo.cast import PASSWORD
from modelhub.services import token_create
from tests.browser.axe_support import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
NEW_PASSWORD = "a-new-passphrase-17"


def assert_site_page(page: Page, heading: str) -> None:
    """The site's layout (its navbar and brand), no trace of the admin, accessible, fits a phone."""
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("navigation", name="Main navigation")).to_be_visible()
    assert "Django administration" not in page.content()
    assert page.locator("a[href^='/admin/']").count() == 0  # demo users here are not staff
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_axe_violations(page, heading)


def open_account_menu(page: Page) -> None:
    toggler = page.get_by_role("button", name="Toggle navigation")
    if toggler.is_visible():  # on a phone the menu sits in the collapsed navbar
        toggler.click()
    page.get_by_test_id("account-menu-button").click()


def api_status(page: Page, live_server, raw_token: str) -> int:
    response = page.request.get(
        f"{live_server.url}/v1alpha/namespaces/alice/models", headers={"Authorization": f"Bearer {raw_token}"}
    )
    return response.status


@pytest.mark.parametrize("width", WIDTHS)
def test_forgot_password_from_the_login_card_to_a_new_password(demo_data, new_context, live_server, width):
    from django.contrib.auth import get_user_model

    alice = get_user_model().objects.get(username="alice")
    raw = token_create(user=alice, name="CI")[1]
    context = new_context(base_url=live_server.url, viewport=WIDTHS[width])
    page = context.new_page()
    assert api_status(page, live_server, raw) == 200

    page.goto("/accounts/login/")
    assert_site_page(page, "Log in to modelhub")
    page.get_by_role("link", name="Forgot password?").click()
    assert_site_page(page, "Reset your password")
    expect(page.get_by_text("the link works once")).to_be_visible()

    page.get_by_label("Email").fill("alice@example.com")
    page.get_by_role("button", name="Send the reset link").click()
    assert_site_page(page, "Check your e-mail")
    # the test server keeps mail in memory: the page says it is not sent anywhere
    expect(page.get_by_test_id("mail-development-note")).to_contain_text("does not send e-mail")

    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.com"]
    assert mail.outbox[0].subject == "Reset your modelhub password"
    link = re.search(r"https?://\S+/accounts/reset/\S+", mail.outbox[0].body).group(0)
    page.goto(link)
    assert_site_page(page, "Choose a new password")
    page.get_by_label(re.compile(r"New password\W*$")).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set new password").click()
    assert_site_page(page, "Your new password is set")
    assert api_status(page, live_server, raw) == 401  # the new password revoked the token

    page.goto(link)  # a used link: said in words, with the way out
    assert_site_page(page, "This reset link no longer works")
    expect(page.get_by_role("link", name="Ask for a new link")).to_be_visible()

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("username")).to_have_text("alice")


@pytest.mark.parametrize("width", WIDTHS)
def test_account_menu_changes_the_password_and_logs_out(demo_data, new_context, live_server, width):
    from django.contrib.auth import get_user_model

    alice = get_user_model().objects.get(username="alice")
    raw = token_create(user=alice, name="CI")[1]
    context = new_context(base_url=live_server.url, viewport=WIDTHS[width])
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")

    open_account_menu(page)
    menu = page.get_by_test_id("account-menu").get_by_role("list")
    expect(menu).to_be_visible()
    items = [text.strip() for text in menu.locator("a.dropdown-item, button.dropdown-item").all_inner_texts()]
    assert items == ["API tokens", "Change password", "Log out"]
    assert menu.locator("a[href^='/admin/']").count() == 0
    assert_no_axe_violations(page, "the open account menu")

    menu.get_by_role("link", name="Change password").click()
    assert_site_page(page, "Change your password")
    page.get_by_label("Old password").fill("not-my-password")
    page.get_by_label(re.compile(r"New password\W*$")).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.locator("#id_old_password")).to_have_class(re.compile("is-invalid"))
    assert api_status(page, live_server, raw) == 200  # a wrong old password changes nothing

    page.get_by_label("Old password").fill(PASSWORD)
    page.get_by_label(re.compile(r"New password\W*$")).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    assert_site_page(page, "Your password has been changed")
    assert api_status(page, live_server, raw) == 401

    open_account_menu(page)
    page.get_by_role("button", name="Log out").click()  # a POST form
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_test_id("username")).to_have_count(0)
    assert page.request.get(f"{live_server.url}/accounts/password_change/", max_redirects=0).status == 302
