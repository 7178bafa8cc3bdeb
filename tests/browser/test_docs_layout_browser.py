"""The API reference's pages in headless Chromium: 0 axe violations and no sideways scroll at 1440 and
390 px, samples that follow what is typed, required marks, and the phone menu."""

import json

import pytest
from playwright.sync_api import Page, expect

from modelhub.api.openapi_inputs import REQUIRED_INPUTS
from modelhub.docs.reference import operation_by_slug
from tests.browser.axe_support import assert_no_axe_violations
from tests.browser.conftest import log_in
from tests.browser.docs_browser_support import page_fits, try_it
from tests.browser.sweep_support import VIEWPORTS, sweep
from tests.docs_support import UPDATE, marked_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def reference_pages(role: str) -> dict[str, tuple[str, int]]:
    """The index and the update page; for alice also one page per kind (a list, an image, no parameters)."""
    pages = {"index": ("/docs/api/", 200), "update": (UPDATE, 200)}
    if role == "alice":
        kinds = (
            "list-namespace-models",
            "get-a-models-profile-image",
            "list-available-regions",
            "create-a-model",
            "delete-a-model",
            "rename-a-model",
            "get-a-model-by-uid",
            "list-models",
            "check-if-the-model-server-is-alive",
        )
        pages |= {slug: (f"/docs/api/{slug}/", 200) for slug in kinds}
    return pages


@pytest.mark.parametrize("role", ["anon", "alice"])
def test_reference_pages_pass_axe_and_fit_a_phone_at_1440_and_390(page: Page, live_server, alice, aimodel, role):
    if role == "alice":
        log_in(page, live_server, "alice")
    problems = sweep(page, live_server.url, f"docs-{role}", reference_pages(role))
    assert not problems, "\n".join(problems)


def test_try_it_results_and_filled_panel_pass_axe(page: Page, live_server, alice, aimodel):
    log_in(page, live_server, "alice")
    for viewport in VIEWPORTS.values():
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}{UPDATE}")
        try_it(page, {"colour": "red"})
        expect(page.get_by_test_id("try-it-status")).to_have_text("400 Bad Request")
        expect(page.get_by_test_id("recent-request").first).to_be_visible()
        page.get_by_label("API token").check()
        assert_no_axe_violations(page, f"the update page after a Try It at {viewport['width']} px")
        page.goto(f"{live_server.url}/docs/api/delete-a-model/")
        try_it(page)  # not confirmed: the box is marked invalid, with its message
        expect(page.get_by_text("Tick this box to confirm the deletion first")).to_be_visible()
        assert_no_axe_violations(page, f"the delete page's unconfirmed Try It at {viewport['width']} px")


def sample_texts(page: Page) -> dict[str, str]:
    return {key: page.locator(f"[data-sample={key}]").text_content() for key in ("curl", "python", "javascript")}


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_the_samples_follow_what_is_typed_in_try_it_without_a_network_call(
    page: Page, live_server, alice, aimodel, viewport, docs_pages
):
    from modelhub.docs.samples import code_samples

    page.set_viewport_size(viewport)
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}{UPDATE}")
    served = marked_text(page.request.get(f"{live_server.url}{UPDATE}").text(), "data-sample")
    assert {k: " ".join(v.split()) for k, v in sample_texts(page).items()} == served  # the browser's = the server's

    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url))
    page.locator("#try-path-model").fill("resnet-2")
    page.locator("#try-query-update_mask").fill("description,tags")
    page.locator("#try-header-If-Match").fill('"abc"')
    typed = {
        "description": "Typed in Try It's body",
        "tags": ["vision", "ünïcode"],
        "readme": None,
        "configuration": {"repository": "a/b", "nested": {"empty": {}, "none": [], "n": [1, 2.5, True]}},
    }
    page.get_by_label("Body (JSON)").fill(json.dumps(typed))
    url = f"{live_server.url}/v1alpha/namespaces/alice/models/resnet-2?update_mask=description%2Ctags"
    expected = {
        s.key: s.code
        for s in code_samples(operation_by_slug("update-a-model"), url, json.dumps(typed), {"If-Match": '"abc"'})
    }
    assert sample_texts(page) == expected  # the same text the server writes for these values
    assert "-H 'If-Match: \"abc\"'" in expected["curl"]
    assert (
        """-d '{"description": "Typed in Try It'"'"'s body", "tags": ["vision", "ünïcode"], "readme": null, """
        in expected["curl"]
    )
    assert '"readme": None,' in expected["python"] and '"readme": null' in expected["javascript"]
    assert sent == []  # built in the page

    note = page.get_by_test_id("samples-body-note")
    expect(note).to_be_hidden()
    page.get_by_label("Body (JSON)").fill('{"description": "half typed')
    expect(note).to_be_visible()
    assert sample_texts(page) == expected  # the last valid body stays
    page.get_by_role("tab", name="Python").click()
    page_fits(page, f"the update page with a half-typed body at {viewport['width']} px")
    page.get_by_label("Body (JSON)").fill('{"description": "done"}')
    expect(note).to_be_hidden()
    expect(page.get_by_test_id("sample-python")).to_contain_text('"description": "done",')
    assert sent == []


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_create_marks_its_required_fields_and_update_marks_none(page: Page, live_server, alice, aimodel, viewport):
    page.set_viewport_size(viewport)
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/docs/api/create-a-model/")
    body = page.locator("[data-field^='body:']")
    required = page.locator("[data-required^='body:']")
    expect(required).to_have_count(7)
    # the document's required inputs, in the field table's order
    expect(body.filter(has=page.locator("[data-required]"))).to_contain_text(REQUIRED_INPUTS)
    page_fits(page, f"the create page at {viewport['width']} px")
    page.goto(f"{live_server.url}{UPDATE}")
    expect(page.locator("[data-required^='body:']")).to_have_count(0)
    expect(page.locator("[data-kept='body:task']")).to_have_text("optional, cannot be cleared")
    expect(page.locator("[data-field='body:description']")).not_to_contain_text("required")
    page_fits(page, f"the update page at {viewport['width']} px")


def lines_on_screen(page: Page, selector: str) -> tuple[int, int]:
    """(lines of text, line boxes on screen) of the element's text: equal when no line wraps."""
    return page.evaluate(
        """(selector) => {
            const code = document.querySelector(selector);
            const range = document.createRange();
            range.selectNodeContents(code);
            const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
            return [code.textContent.split("\\n").length, tops.size];
        }""",
        selector,
    )


def test_on_a_phone_a_menu_of_operations_is_at_the_top_and_samples_scroll_in_their_box(
    page: Page, live_server, alice, aimodel, docs_pages
):
    log_in(page, live_server, "alice")
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(f"{live_server.url}{UPDATE}")
    menu = page.get_by_label("Operation", exact=True)
    expect(menu).to_be_visible()
    expect(menu).to_have_value("update-a-model")
    assert menu.bounding_box()["y"] < page.get_by_role("heading", name="Update a model").bounding_box()["y"]
    expect(page.get_by_role("navigation", name="API operations")).to_be_hidden()  # the long list is gone

    sample = page.get_by_test_id("sample-curl")
    lines, boxes = lines_on_screen(page, "[data-sample=curl]")
    assert lines == boxes == 4  # curl, Authorization, Content-Type, body: each "\" ends its own line
    widths = sample.evaluate("(pre) => [pre.scrollWidth, pre.clientWidth]")
    assert widths[0] > widths[1]  # it scrolls inside its box
    page_fits(page, "the update page at 390 px")

    menu.select_option(label="POST · Create a model")
    page.get_by_role("button", name="Open").click()
    page.wait_for_url(f"{live_server.url}/docs/api/create-a-model/")
    expect(page.get_by_label("Operation", exact=True)).to_have_value("create-a-model")

    page.set_viewport_size(VIEWPORTS["desktop"])
    expect(page.get_by_label("Operation", exact=True)).to_be_hidden()
    expect(page.get_by_role("navigation", name="API operations")).to_be_visible()
    page_fits(page, "the create page at 1440 px")
