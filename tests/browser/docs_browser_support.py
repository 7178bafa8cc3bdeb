"""The API reference in the browser: sending Try It, and checking that a page fits (axe, no sideways scroll)."""

import json

from playwright.sync_api import Page

from tests.browser.axe_support import assert_no_axe_violations


def try_it(page: Page, body: dict | None = None, **path) -> None:
    for name, value in path.items():
        page.locator(f"#try-path-{name}").fill(value)
    if body is not None:
        page.get_by_label("Body (JSON)").fill(json.dumps(body))
    page.get_by_role("button", name="Try It!").click()


def page_fits(page: Page, context: str) -> None:
    """0 axe violations and nothing scrolls the page sideways."""
    assert_no_axe_violations(page, context)
    sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert sizes[0] <= sizes[1], f"{context}: the page is {sizes[0]} px wide in {sizes[1]} px"
