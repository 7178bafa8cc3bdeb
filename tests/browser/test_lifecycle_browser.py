"""Delete and Restore in Chromium on the demo data (as seed_demo writes it), checked through the API.

The Danger zone's "Delete this model…" opens a dialog whose Delete button stays disabled until
the model's ID is typed; then the model is gone (API 404) and the namespace's Deleted models
page lists it; its Restore brings it back (API 200). Without JavaScript the same button posts,
and the server asks for the ID on a page of its own before deleting anything.
"""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from modelhub.demo.cast import PASSWORD
from modelhub.models import AIModel
from modelhub.services import aimodel_delete, token_create
from tests.browser.axe_support import assert_no_axe_violations
from tests.browser.sweep_support import VIEWPORTS, check_page
from tests.live_api_support import ApiClient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MODEL_API = "/v1alpha/namespaces/alice/models/paddle-ocr"
EDIT = "/namespaces/alice/models/paddle-ocr/edit/"


@pytest.fixture
def api(demo_data, live_server):
    """The API as a separate program sees it, with alice's token."""
    alice = get_user_model().objects.get(username="alice")
    client = ApiClient(live_server.url, token_create(user=alice, name="browser test")[1])
    yield client
    client.close()


def log_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")


def test_delete_needs_the_typed_id_then_the_model_is_gone(page: Page, live_server, api):
    assert api.request("GET", MODEL_API)[0] == 200
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}{EDIT}")
    # An unsaved edit elsewhere on the page: deleting leaves on purpose, with no "leave page?" prompt.
    prompts = []
    page.on("dialog", lambda prompt: (prompts.append(prompt.type), prompt.accept()))
    page.get_by_label("Description").fill("Words never saved.")
    expect(page.locator("#section-general [data-unsaved-indicator]")).to_have_text("You have unsaved changes.")
    page.get_by_role("button", name="Delete this model…").click()
    dialog = page.get_by_role("dialog", name="Delete alice/paddle-ocr")
    expect(dialog).to_be_visible()
    confirm_input = dialog.get_by_label("To confirm, type paddle-ocr")
    expect(confirm_input).to_be_focused()
    delete = dialog.get_by_role("button", name="Delete this model")
    expect(delete).to_be_disabled()
    assert_no_axe_violations(page, "the delete dialog", "#confirm-delete")
    for wrong in ("paddle", "PADDLE-OCR", "alice/paddle-ocr"):
        confirm_input.fill(wrong)
        expect(delete).to_be_disabled()
    confirm_input.press("Enter")  # Enter with a wrong ID submits nothing
    expect(dialog).to_be_visible()
    assert api.request("GET", MODEL_API)[0] == 200
    dialog.get_by_role("button", name="Cancel").click()  # closing clears what was typed
    expect(dialog).to_be_hidden()
    page.get_by_role("button", name="Delete this model…").click()
    expect(confirm_input).to_have_value("")
    confirm_input.fill("paddle-ocr")
    expect(delete).to_be_enabled()
    delete.click()
    page.wait_for_url(f"{live_server.url}/namespaces/alice/deleted/")
    assert prompts == []
    expect(page.get_by_test_id("message")).to_contain_text("Deleted alice/paddle-ocr.")
    row = page.get_by_test_id("deleted-row")
    expect(row).to_contain_text("alice/paddle-ocr")
    expect(row).to_contain_text("by alice")
    expect(row).to_contain_text("30 days left to restore")
    status, body, _ = api.request("GET", MODEL_API)
    assert status == 404 and body["code"] == 5
    assert AIModel.objects.get(model_id="paddle-ocr").is_deleted


def test_restore_from_the_deleted_models_page_brings_it_back(page: Page, live_server, api):
    alice = get_user_model().objects.get(username="alice")
    aimodel_delete(aimodel=AIModel.objects.get(model_id="paddle-ocr"), actor=alice, source="api")
    assert api.request("GET", MODEL_API)[0] == 404
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/?namespace=alice")
    page.get_by_role("link", name="Deleted models of alice").click()
    page.wait_for_url(f"{live_server.url}/namespaces/alice/deleted/")
    page.get_by_role("button", name="Restore alice/paddle-ocr").click()
    page.wait_for_url(f"{live_server.url}/namespaces/alice/models/paddle-ocr/")
    expect(page.get_by_test_id("message")).to_contain_text("Restored alice/paddle-ocr, with its history.")
    status, body, _ = api.request("GET", MODEL_API)
    assert status == 200 and body["model"]["id"] == "paddle-ocr" and body["model"]["deleteTime"] is None


def test_without_javascript_the_server_asks_for_the_id_before_deleting(browser, live_server, api):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}{EDIT}")
    page.get_by_role("button", name="Delete this model…").click()  # posts the delete form, with no ID
    expect(page.get_by_role("heading", name="Delete alice/paddle-ocr")).to_be_visible()
    expect(page.get_by_test_id("delete-confirm-error")).to_have_text(
        "Type the model's ID to confirm. Nothing was deleted."
    )
    assert api.request("GET", MODEL_API)[0] == 200
    page.get_by_label("To confirm, type paddle-ocr").fill("paddle-ocr")
    page.get_by_role("button", name="Delete this model").click()
    page.wait_for_url(f"{live_server.url}/namespaces/alice/deleted/")
    assert api.request("GET", MODEL_API)[0] == 404
    context.close()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_page_that_asks_for_the_id_is_accessible_and_fits_a_phone(browser, live_server, api, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}{EDIT}")
    with page.expect_navigation():
        page.evaluate("document.getElementById('aimodel-delete-form').submit()")  # no ID, as without JavaScript
    expect(page.get_by_test_id("delete-confirm-error")).to_be_visible()
    expect(page.get_by_role("button", name="Delete this model")).to_be_disabled()  # until the ID is typed
    problems = check_page(page, role="alice", label="delete-asks-for-id", viewport=viewport)
    assert problems == [], "\n".join(problems)
    assert api.request("GET", MODEL_API)[0] == 200
    context.close()
