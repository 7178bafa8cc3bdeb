"""Browser-test helpers: logging in, and full-page screenshots of the key pages when a test fails."""

import re
from pathlib import Path

import pytest

from tests.docs_support import UPDATE
from tests.factories import PASSWORD

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.fixture
def screenshot_pages():
    """Relative URLs a failing test gets full-page screenshots of (tests add the edit page)."""
    return {"list": "/"}


def _open_pages(item) -> list:
    if page := item.funcargs.get("page"):
        return [page]
    browser = item.funcargs.get("browser")
    return [p for context in (browser.contexts if browser else []) for p in context.pages]


def _save_failure_screenshots(item) -> None:
    pages, live_server = _open_pages(item), item.funcargs.get("live_server")
    if not pages or live_server is None:
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", item.name)
    for n, page in enumerate(pages):
        page.screenshot(path=ARTIFACTS / f"{stem}-at-failure-{n}.png", full_page=True)
    for label, url in item.funcargs.get("screenshot_pages", {"list": "/"}).items():
        pages[0].goto(f"{live_server.url}{url}")
        pages[0].screenshot(path=ARTIFACTS / f"{stem}-{label}.png", full_page=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed and item.get_closest_marker("browser"):
        try:
            _save_failure_screenshots(item)
        except Exception as exc:  # a screenshot must never hide the real failure
            report.sections.append(("failure screenshots", f"could not be saved: {exc!r}"))
    return report


@pytest.fixture
def docs_pages(screenshot_pages):
    """The screenshot pages, with the API reference's Update page among them."""
    screenshot_pages["update"] = UPDATE
    return screenshot_pages
