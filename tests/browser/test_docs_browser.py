"""The API reference in headless Chromium: Try It sends real requests, Recent Requests follows them."""

import json
import re

import pytest
from playwright.sync_api import Page, expect

from modelhub.api.openapi_inputs import REQUIRED_INPUTS
from modelhub.docs.reference import operation_by_slug, operations
from modelhub.models import Visibility
from modelhub.services import token_create
from tests.browser.axe_support import assert_no_axe_violations
from tests.browser.conftest import log_in
from tests.browser.sweep_support import VIEWPORTS, sweep
from tests.docs_support import marked_text
from tests.factories import AIModelFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UPDATE = "/docs/api/update-a-model/"


@pytest.fixture
def docs_pages(screenshot_pages):
    screenshot_pages["update"] = UPDATE
    return screenshot_pages


def try_it(page: Page, body: dict | None = None, **path) -> None:
    for name, value in path.items():
        page.locator(f"#try-path-{name}").fill(value)
    if body is not None:
        page.get_by_label("Body (JSON)").fill(json.dumps(body))
    page.get_by_role("button", name="Try It!").click()


def api_model(page: Page, live_server, namespace: str, model_id: str) -> dict:
    """The model as the API shows it to the page's session (the stored record, not the page's claim)."""
    response = page.request.get(f"{live_server.url}/v1alpha/namespaces/{namespace}/models/{model_id}?view=VIEW_FULL")
    return {"status": response.status, **(response.json().get("model") or {})}


def test_alice_updates_her_model_with_the_session_and_sees_the_request(
    page: Page, live_server, alice, aimodel, docs_pages
):
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}{UPDATE}")
    expect(page.locator("#try-path-namespace")).to_have_value("alice")
    expect(page.locator("#try-path-model")).to_have_value(aimodel.model_id)
    rows = page.get_by_test_id("recent-request")
    expect(rows).to_have_count(0)

    try_it(page, {"description": "Set with Try It"})
    expect(page.get_by_test_id("try-it-status")).to_have_text("200 OK")
    expect(page.get_by_test_id("try-it-etag")).to_have_text(api_model_etag(page, live_server, aimodel))
    body = json.loads(page.get_by_test_id("try-it-body").text_content())
    assert body["model"]["description"] == "Set with Try It"
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_test_id("recent-request-status")).to_have_text("200")
    expect(rows.first).to_contain_text("Session")
    expect(rows.first).to_contain_text("Chrome")
    assert api_model(page, live_server, "alice", aimodel.model_id)["description"] == "Set with Try It"


def api_model_etag(page: Page, live_server, aimodel) -> str:
    return page.request.get(f"{live_server.url}/v1alpha/namespaces/alice/models/{aimodel.model_id}").headers["etag"]


def test_an_unknown_field_shows_the_400_body_and_its_row(page: Page, live_server, alice, aimodel, docs_pages):
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}{UPDATE}")
    before = api_model(page, live_server, "alice", aimodel.model_id)
    example = page.get_by_label("Example 400 body")
    expect(example).to_be_hidden()  # its answer is folded
    page.get_by_test_id("try-it-examples").get_by_role("link", name="400").click()  # "Or choose an example"
    expect(example).to_be_visible()
    expect(example).to_contain_text('"field": "colour"')
    try_it(page, {"colour": "red"})
    expect(page.get_by_test_id("try-it-status")).to_have_text("400 Bad Request")
    body = json.loads(page.get_by_test_id("try-it-body").text_content())
    assert body["code"] == 3 and body["details"][0]["fieldViolations"] == [
        {"field": "colour", "description": "Unknown field."}
    ]
    rows = page.get_by_test_id("recent-request")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_test_id("recent-request-status")).to_have_text("400")
    assert api_model(page, live_server, "alice", aimodel.model_id) == before

    try_it(page, {"description": "Then a good one"})
    expect(page.get_by_test_id("try-it-status")).to_have_text("200 OK")
    expect(rows).to_have_count(2)
    expect(rows.get_by_test_id("recent-request-status")).to_have_text(["200", "400"])  # newest first


def test_a_pasted_token_is_used_instead_of_the_session(page: Page, live_server, alice, aimodel, docs_pages):
    _, raw = token_create(user=alice, name="laptop")
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}{UPDATE}")
    page.get_by_label("API token").check()
    page.get_by_label("Token", exact=True).fill(raw)
    try_it(page, {"description": "Set with a token"})
    expect(page.get_by_test_id("try-it-status")).to_have_text("200 OK")
    expect(page.get_by_test_id("recent-request").first).to_contain_text("Token “laptop”")
    page.get_by_label("Token", exact=True).fill("not-a-token")
    try_it(page)
    expect(page.get_by_test_id("try-it-status")).to_have_text("401 Unauthorized")
    assert api_model(page, live_server, "alice", aimodel.model_id)["description"] == "Set with a token"


def test_anonymous_visitors_see_the_login_hint_and_no_request_data(page: Page, live_server, alice, aimodel, docs_pages):
    _, raw = token_create(user=alice, name="ci")
    page.request.patch(
        f"{live_server.url}/v1alpha/namespaces/alice/models/{aimodel.model_id}",
        data=json.dumps({"description": "logged"}),
        headers={"Authorization": f"Bearer {raw}", "Content-Type": "application/json"},
    )
    page.goto(f"{live_server.url}{UPDATE}")
    panel = page.get_by_test_id("recent-requests")
    expect(panel).to_have_text("Log in to see full request history")
    try_it(page, {"description": "anonymous"})
    expect(page.get_by_test_id("try-it-status")).to_have_text("401 Unauthorized")
    expect(page.get_by_test_id("try-it-body")).to_contain_text('"code": 16')
    expect(panel).to_have_text("Log in to see full request history")
    expect(page.get_by_test_id("recent-request")).to_have_count(0)
    assert api_model(page, live_server, "alice", aimodel.model_id)["description"] == "logged"


def test_bobs_try_it_on_alices_private_model_answers_404(page: Page, live_server, alice_ns, bob, container, docs_pages):
    AIModelFactory(namespace=alice_ns, model_id="hidden-gem", visibility=Visibility.PRIVATE, model_definition=container)
    log_in(page, live_server, "bob")
    page.goto(f"{live_server.url}{UPDATE}")
    try_it(page, {"description": "mine now"}, namespace="alice", model="hidden-gem")
    expect(page.get_by_test_id("try-it-status")).to_have_text("404 Not Found")
    body = json.loads(page.get_by_test_id("try-it-body").text_content())
    assert body["code"] == 5
    expect(page.get_by_test_id("recent-request").get_by_test_id("recent-request-status")).to_have_text(["404"])


def answered(page: Page, status_prefix: str) -> None:
    expect(page.get_by_test_id("try-it-status")).to_have_text(re.compile("^" + status_prefix))


def slugs_in_safe_order() -> list[str]:
    """Every operation's page: reads first, then the writes, the DELETE last (it takes the model away)."""
    writes = {"POST": 1, "PATCH": 2, "DELETE": 4}
    ordered = sorted(operations(), key=lambda op: (writes.get(op.method, 0) + (op.slug == "rename-a-model"), op.path))
    return [op.slug for op in ordered]


OWN_BODIES = {
    "create-a-webhook": '{"url": "http://127.0.0.1:9/hook", "events": ["model.updated"]}',
    "update-a-webhook": '{"description": "Tried from the reference"}',
}


def test_try_it_works_with_the_prefilled_values_on_every_operation_page(page: Page, live_server, alice, aimodel):
    from modelhub.services import aimodel_update
    from modelhub.services.webhooks import webhook_create
    from tests.images_support import png_data_uri

    webhook_create(namespace=aimodel.namespace, url="http://127.0.0.1:9/hook", actor=alice)  # a delivery follows
    aimodel_update(aimodel=aimodel, changes={"profile_image": png_data_uri()}, actor=alice, source="web")
    blocked: list[str] = []  # the CSP as served: no inline script, nothing from elsewhere
    page.on("console", lambda m: blocked.append(m.text) if m.type == "error" and "policy" in m.text.lower() else None)
    page.on("pageerror", lambda exc: blocked.append(f"pageerror: {exc}"))
    log_in(page, live_server, "alice")
    rows = page.get_by_test_id("recent-request")
    for slug in slugs_in_safe_order():
        page.goto(f"{live_server.url}/docs/api/{slug}/")
        if operation_by_slug(slug).method == "DELETE":
            page.locator("#try-confirm").check()
        if slug in OWN_BODIES:  # the example's receiver is not on this machine; a body a person would type
            page.get_by_label("Body (JSON)").fill(OWN_BODIES[slug])
        page.get_by_role("button", name="Try It!").click()
        if operation_by_slug(slug).path.startswith("/v1beta/") or slug == "transfer-a-model":
            # Calls that need an organization or a second namespace, which she has none of here,
            # answer as the document says (404, 409…), never with an error of the page or the server.
            expect(page.get_by_test_id("try-it-status")).to_have_text(re.compile("^[24]"))
            continue
        answered(page, "2")
        expect(rows.first.get_by_test_id("recent-request-status")).to_have_text(re.compile("^2"))
    # create made resnet-50, her newest model: update, rename (to resnet-50-v2) and delete took it in turn
    assert api_model(page, live_server, "alice", "resnet-50-v2")["status"] == 404
    assert api_model(page, live_server, "alice", "resnet")["status"] == 200
    expect(rows).to_have_count(1)  # this page's operation only: the DELETE
    assert blocked == []


def test_create_try_it_takes_a_free_id_and_creates_the_model(page: Page, live_server, alice, aimodel, alice_ns):
    AIModelFactory(namespace=alice_ns, model_id="resnet-50", model_definition=aimodel.model_definition)
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/docs/api/create-a-model/")
    assert json.loads(page.get_by_label("Body (JSON)").input_value())["id"] == "resnet-50-2"
    try_it(page)
    expect(page.get_by_test_id("try-it-status")).to_have_text("200 OK")
    assert json.loads(page.get_by_test_id("try-it-body").text_content())["model"]["id"] == "resnet-50-2"
    stored = api_model(page, live_server, "alice", "resnet-50-2")
    assert stored["status"] == 200 and stored["visibility"] == "VISIBILITY_PRIVATE"
    expect(page.get_by_test_id("recent-request-status")).to_have_text(["200"])


def test_delete_try_it_sends_nothing_until_confirmed_and_never_offers_a_deleted_model(
    page: Page, live_server, alice, aimodel, alice_ns, docs_pages
):
    from modelhub.services import aimodel_update

    AIModelFactory(namespace=alice_ns, model_id="older", model_definition=aimodel.model_definition)
    aimodel_update(aimodel=aimodel, changes={"description": "Her newest edit"}, actor=alice, source="web")
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/docs/api/delete-a-model/")
    expect(page.get_by_test_id("try-it-delete-warning")).to_be_visible()
    confirm = page.get_by_label("Yes, delete the model")
    expect(page.get_by_test_id("try-confirm-target")).to_have_text("alice/resnet")
    try_it(page)
    expect(page.get_by_text("Tick this box to confirm the deletion first")).to_be_visible()
    expect(page.get_by_test_id("try-it-placeholder")).to_be_visible()
    assert api_model(page, live_server, "alice", "resnet")["status"] == 200
    expect(page.get_by_test_id("recent-request")).to_have_count(0)

    page.locator("#try-path-model").fill("older")
    expect(page.get_by_test_id("try-confirm-target")).to_have_text("alice/older")
    expect(page.get_by_test_id("try-it-url")).to_have_text("DELETE /v1alpha/namespaces/alice/models/older")
    page.locator("#try-path-model").fill("resnet")
    confirm.check()
    try_it(page)
    expect(page.get_by_test_id("try-it-status")).to_have_text("200 OK")
    expect(confirm).not_to_be_checked()  # the next deletion needs its own confirmation
    expect(page.get_by_test_id("recent-request-status")).to_have_text(["200"])
    assert api_model(page, live_server, "alice", "resnet")["status"] == 404
    assert api_model(page, live_server, "alice", "older")["status"] == 200

    page.reload()
    expect(page.locator("#try-path-model")).to_have_value("older")  # her live model, never the deleted one
    expect(page.get_by_test_id("try-confirm-target")).to_have_text("alice/older")


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


def page_fits(page: Page, context: str) -> None:
    """0 axe violations and nothing scrolls the page sideways."""
    assert_no_axe_violations(page, context)
    sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert sizes[0] <= sizes[1], f"{context}: the page is {sizes[0]} px wide in {sizes[1]} px"


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


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_recent_requests_are_compact_rows_that_open_to_the_logged_call(
    page: Page, live_server, alice, aimodel, viewport, docs_pages
):
    _, raw = token_create(user=alice, name="laptop")
    iphone = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.5 Mobile/15E148 Safari/604.1"
    )
    page.request.patch(
        f"{live_server.url}/v1alpha/namespaces/alice/models/{aimodel.model_id}",
        data=json.dumps({"colour": "red"}),
        headers={"Authorization": f"Bearer {raw}", "Content-Type": "application/json", "User-Agent": iphone},
    )
    page.set_viewport_size(viewport)
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}{UPDATE}")
    try_it(page, {"description": "From the page"})
    expect(page.get_by_test_id("try-it-status")).to_have_text("200 OK")
    rows = page.get_by_test_id("recent-request")
    expect(rows).to_have_count(2)
    newest, older = rows.nth(0), rows.nth(1)
    expect(newest.get_by_test_id("recent-request-client")).to_have_text(re.compile(r"^Chrome \d+ on Linux$"))
    expect(older.get_by_test_id("recent-request-client")).to_have_text("Safari 17.5 on iOS 17.5")
    expect(older.get_by_test_id("recent-request-status")).to_have_text("400")
    expect(older.get_by_test_id("recent-request-path")).to_have_text(
        f"/v1alpha/namespaces/alice/models/{aimodel.model_id}"
    )
    details = older.get_by_test_id("recent-request-details")
    expect(details).to_be_hidden()
    for row in (newest, older):  # one or two lines each, not a column of user-agent text
        assert row.bounding_box()["height"] < 64, row.bounding_box()
    older.locator("summary").click()
    expect(details).to_be_visible()
    expect(details).to_contain_text("400 Bad Request")
    expect(details).to_contain_text("Token “laptop”")
    expect(details).to_contain_text(iphone)
    page_fits(page, f"Recent Requests with a row open at {viewport['width']} px")
    older.locator("summary").press("Enter")  # the keyboard closes it again
    expect(details).to_be_hidden()


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
