"""Helpers for browser tests on `seed_demo`'s data: the two widths, signing in with the demo
password, and the checks every page gets (no sideways scrolling, 0 axe violations)."""

from modelhub.demo.cast import PASSWORD
from tests.browser.axe_support import assert_no_axe_violations
from tests.browser.sweep_support import VIEWPORTS

WIDTHS = VIEWPORTS  # {"desktop": 1440 × 900, "phone": 390 × 844}


def log_in_demo(page, base_url: str, username: str) -> None:
    """Sign in through the login page as a demo user; lands on the model list."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/")


def assert_page_is_sound(page, context: str) -> None:
    """Nothing scrolls sideways, and axe-core finds no violation of any impact."""
    sizes = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert sizes[0] <= sizes[1], f"{context}: the page is {sizes[0]} px wide in a {sizes[1]} px viewport"
    assert_no_axe_violations(page, context)
