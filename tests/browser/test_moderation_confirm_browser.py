"""Moderation in Chromium, on the demo data, at desktop and phone width: Hide asks first (a
dialog; without JavaScript a page of its own), badges mean one thing each, labels stay apart
from values on a phone, and Restore returns the model to the visibility it had before it was
hidden (read back through the API, anonymously)."""

import json
import urllib.error
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from modelhub.models import AIModel, AuditEntry
from modelhub.services import report_create
from tests.browser.demo_support import WIDTHS, assert_page_is_sound, log_in_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

API = "/v1alpha/namespaces/alice/models/paddle-ocr"

# Each stacked cell of plain text: the gap between its label (its ::before) and its value, in px.
LABEL_GAPS = """() => [...document.querySelectorAll('.table-stack td[data-label]')]
    .filter(td => td.offsetParent && td.children.length === 0 && td.textContent.trim()).map(td => {
    const probe = document.createElement('span');
    probe.textContent = td.dataset.label;
    probe.style.fontWeight = getComputedStyle(td, '::before').fontWeight;
    probe.style.position = 'absolute';
    td.appendChild(probe);
    const labelWidth = probe.getBoundingClientRect().width;
    probe.remove();
    const range = document.createRange();
    range.selectNodeContents(td);
    const rects = [...range.getClientRects()].filter(r => r.width > 0);
    const valueLeft = Math.min(...rects.map(r => r.left));
    return [td.dataset.label, valueLeft - td.getBoundingClientRect().left - labelWidth];
})"""


@pytest.fixture
def reported(demo_data):
    bob = get_user_model().objects.get(username="bob")
    paddle = AIModel.objects.get(namespace__namespace_id="alice", model_id="paddle-ocr")
    report_create(aimodel=paddle, reporter=bob, reason="spam", text="Links to a download site.")
    return paddle


def anonymous_visibility(browser, live_server) -> str | None:
    """The model's visibility as the API tells a visitor without credentials (None: not found)."""
    try:
        with urllib.request.urlopen(live_server.url + API, timeout=10) as response:
            return json.load(response)["model"]["visibility"]
    except urllib.error.HTTPError as exc:
        assert exc.code == 404
        return None


@pytest.mark.parametrize("width", WIDTHS)
def test_hide_asks_first_and_restore_returns_the_model_to_public(reported, browser, live_server, width):
    context = browser.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    log_in_demo(page, live_server.url, "moderator")
    page.goto(live_server.url + "/moderation/")
    row = page.get_by_role("row").filter(has_text="alice/paddle-ocr")
    expect(row.locator(".badge.text-bg-success")).to_have_text("Public")  # green, as on every page
    if width == "phone":
        gaps = dict(page.evaluate(LABEL_GAPS))
        assert gaps and min(gaps.values()) >= 8, gaps  # "Open reports 1", not "Open reports1"
    assert_page_is_sound(page, f"the queue @{width}")

    row.get_by_role("link", name="alice/paddle-ocr").click()
    expect(page.get_by_test_id("open-count")).to_have_text("1 open")
    page.get_by_label("Reason, shown to the owner").fill("Spam: links to a download site.")
    page.get_by_role("button", name="Hide model").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Hide alice/paddle-ocr?")
    expect(dialog).to_contain_text("The owner will read your reason: “Spam: links to a download site.”")
    expect(dialog.get_by_role("button", name="Keep it")).to_be_focused()
    assert_page_is_sound(page, f"the hide dialog @{width}")
    dialog.get_by_role("button", name="Keep it").click()
    expect(dialog).to_be_hidden()
    assert anonymous_visibility(browser, live_server) == "VISIBILITY_PUBLIC"  # nothing happened

    page.get_by_role("button", name="Hide model").click()
    dialog.get_by_role("button", name="Yes, hide it").click()
    expect(page.get_by_test_id("message")).to_have_text(
        "alice/paddle-ocr is hidden: private, and its owner cannot publish it."
    )
    expect(page.get_by_test_id("open-count")).to_have_text("none open")  # the report was actioned
    expect(page.get_by_test_id("open-count")).not_to_have_class("badge text-bg-info")
    assert anonymous_visibility(browser, live_server) is None  # 404 for everyone else

    before = page.get_by_label("Public: everyone can see it (as before it was hidden)")
    expect(before).to_be_checked()
    assert_page_is_sound(page, f"the hidden model's moderation page @{width}")
    page.get_by_role("button", name="Restore model").click()
    expect(page.get_by_test_id("message")).to_have_text("alice/paddle-ocr is restored and public again.")
    assert anonymous_visibility(browser, live_server) == "VISIBILITY_PUBLIC"
    restore = AuditEntry.objects.get(aimodel=reported, action="restore")
    assert restore.changes["visibility"] == {"old": "VISIBILITY_PRIVATE", "new": "VISIBILITY_PUBLIC"}
    context.close()


def assert_sound_with_javascript(browser, page, context: str) -> None:
    """axe-core cannot run where JavaScript is off: check the same page, served as it is, in a
    context with JavaScript (its own scripts included)."""
    html, url = page.content(), page.url
    checker = browser.new_context(viewport=page.viewport_size)
    try:
        checker.route(url, lambda route: route.fulfill(status=200, body=html, content_type="text/html"))
        other = checker.new_page()
        other.goto(url)
        assert_page_is_sound(other, context)
    finally:
        checker.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_without_javascript_hide_asks_on_a_page_of_its_own(reported, browser, live_server, width):
    context = browser.new_context(viewport=WIDTHS[width], java_script_enabled=False)
    page = context.new_page()
    log_in_demo(page, live_server.url, "moderator")
    page.goto(f"{live_server.url}/moderation/models/{reported.pk}/")
    page.get_by_label("Reason, shown to the owner").fill("Spam.")
    page.get_by_role("button", name="Hide model").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hide alice/paddle-ocr?")
    expect(page.get_by_test_id("hide-confirm")).to_contain_text("1 open report will be marked as actioned")
    expect(page.get_by_label("Reason, shown to the owner")).to_have_value("Spam.")
    assert anonymous_visibility(browser, live_server) == "VISIBILITY_PUBLIC"
    assert_sound_with_javascript(browser, page, f"the hide confirmation page @{width}")
    page.get_by_role("button", name="Yes, hide alice/paddle-ocr").click()
    expect(page.get_by_test_id("message")).to_contain_text("alice/paddle-ocr is hidden")
    assert anonymous_visibility(browser, live_server) is None
    context.close()
