"""The API reference in headless Chromium: Try It sends real requests with the session or a pasted token,
on every operation page, and Recent Requests follows them."""

import json
import re

import pytest
from playwright.sync_api import Page, expect

from modelhub.docs.reference import operation_by_slug, operations
from modelhub.models import Visibility
from modelhub.services import token_create
from tests.browser.conftest import log_in
from tests.browser.docs_browser_support import page_fits, try_it
from tests.browser.sweep_support import VIEWPORTS
from tests.docs_support import UPDATE
from tests.factories import AIModelFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
