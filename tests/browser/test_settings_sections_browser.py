"""The settings page as GitHub's repository settings, in Chromium on the demo data: each section
saves on its own (read back through the API and the audit trail), a conflict names its field,
the section menu follows the scroll, a phone jumps from a list at the top; tags are chips, typed
and removed by keyboard, and link to the list filtered by that tag."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from modelhub.models import AuditEntry
from modelhub.services import token_create
from tests.browser.demo_support import WIDTHS, assert_page_is_sound, log_in_demo
from tests.live_api_support import ApiClient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDIT = "/namespaces/alice/models/resnet-50/edit/"
MODEL_API = "/v1alpha/namespaces/alice/models/resnet-50?view=VIEW_FULL"


@pytest.fixture
def api(demo_data, live_server):
    alice = get_user_model().objects.get(username="alice")
    client = ApiClient(live_server.url, token_create(user=alice, name="browser test")[1])
    yield client
    client.close()


@pytest.fixture
def alice_page(page: Page, live_server, api, screenshot_pages) -> Page:
    screenshot_pages["edit"] = EDIT
    log_in_demo(page, live_server.url, "alice")
    return page


def stored(api) -> dict:
    status, body, _ = api.request("GET", MODEL_API)
    assert status == 200, body
    return body["model"]


def changed(before: dict, after: dict) -> set[str]:
    return {key for key in after if after[key] != before.get(key)}


def test_saving_one_section_writes_only_its_fields(alice_page: Page, live_server, api):
    page = alice_page
    before = stored(api)
    page.goto(f"{live_server.url}{EDIT}")
    page.get_by_label("Description").fill("ResNet-50, typed in General.")
    page.get_by_label("License").fill("MIT")  # typed in Documentation, not saved by General's Save
    page.on("dialog", lambda dialog: dialog.accept())  # "leave with Documentation unsaved?"
    page.get_by_role("button", name="Save General").click()
    saved = page.get_by_test_id("section-saved")
    expect(saved).to_have_text("Saved General settings of alice/resnet-50: Description.")
    expect(page).to_have_url(re.compile(r"/namespaces/alice/models/resnet-50/edit/#section-general$"))
    expect(page.locator("#section-general")).to_contain_text("Saved General settings")
    after = stored(api)
    assert changed(before, after) == {"description", "updateTime"}
    assert (after["description"], after["license"]) == ("ResNet-50, typed in General.", before["license"])
    entry = AuditEntry.objects.filter(aimodel__model_id="resnet-50").latest("pk")
    assert (entry.source, list(entry.changes)) == ("web", ["description"])
    page.goto(f"{live_server.url}/namespaces/alice/models/resnet-50/history/")
    expect(page.locator("main")).to_contain_text("ResNet-50, typed in General.")


def test_a_conflict_in_one_section_names_its_field(alice_page: Page, live_server, api):
    page = alice_page
    page.goto(f"{live_server.url}{EDIT}")
    status, body, _ = api.request(
        "PATCH", "/v1alpha/namespaces/alice/models/resnet-50", {"sourceUrl": "https://example.com/by-a-script"}
    )
    assert status == 200, body
    page.get_by_label("Source URL").fill("https://example.com/mine")
    page.get_by_role("button", name="Save Documentation").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Source URL")).to_be_visible()
    expect(summary).to_contain_text("Someone else changed Source URL after you opened this page")
    expect(page.get_by_label("Source URL")).to_have_value("https://example.com/mine")  # kept, not lost
    assert stored(api)["sourceUrl"] == "https://example.com/by-a-script"


def test_the_section_menu_stays_and_marks_the_section_being_read(alice_page: Page, live_server):
    page = alice_page
    page.set_viewport_size(WIDTHS["desktop"])
    page.goto(f"{live_server.url}{EDIT}")
    nav = page.locator("[data-settings-nav]")
    expect(nav.locator("[aria-current]")).to_have_text("General")
    page.locator("#section-documentation").scroll_into_view_if_needed()
    page.evaluate("document.getElementById('section-documentation').scrollIntoView({block: 'start'})")
    expect(nav.locator("[aria-current]")).to_have_text("Documentation")
    expect(nav.locator("[aria-current]")).to_have_count(1)
    assert nav.evaluate("el => getComputedStyle(el).position") == "sticky"
    box = nav.bounding_box()
    assert box is not None and 0 <= box["y"] < 100  # still in view after scrolling
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    expect(nav.locator("[aria-current]")).to_have_text("Danger zone")


def test_a_phone_jumps_to_a_section_from_a_list_at_the_top(alice_page: Page, live_server):
    page = alice_page
    page.set_viewport_size(WIDTHS["phone"])
    page.goto(f"{live_server.url}{EDIT}")
    expect(page.locator("[data-settings-nav]")).to_be_hidden()
    jump = page.get_by_test_id("settings-jump")
    expect(jump).to_be_visible()
    assert jump.bounding_box()["y"] < page.locator("#section-general").bounding_box()["y"]
    jump.get_by_text("Jump to a section").click()
    jump.get_by_role("link", name="Danger zone").click()
    expect(page).to_have_url(re.compile(r"#section-danger$"))
    expect(page.locator("#h-danger")).to_be_in_viewport()
    expect(jump).not_to_have_attribute("open", "")
    assert_page_is_sound(page, "the settings page with its jump list @390")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_tags_are_chips_added_and_removed_by_keyboard_and_saved(alice_page: Page, live_server, api, width):
    page = alice_page
    page.set_viewport_size(WIDTHS[width])
    page.goto(f"{live_server.url}{EDIT}")
    entry = page.get_by_role("textbox", name="Tags")
    entry.click()
    entry.type("Vision")
    entry.press("Enter")
    entry.type("pytorch,")
    entry.type("imagenet")
    entry.press("Enter")
    editor = page.get_by_test_id("tag-editor")
    expect(editor.locator(".tag-chip")).to_have_text(
        [re.compile("vision"), re.compile("pytorch"), re.compile("imagenet")]
    )
    entry.press("Backspace")  # the empty input: the last chip goes
    expect(editor.locator(".tag-chip")).to_have_count(2)
    page.get_by_role("button", name="Remove tag vision").click()
    expect(editor.locator(".tag-chip")).to_have_text([re.compile("pytorch")])
    expect(entry).to_be_focused()
    entry.type("ocr")  # typed, not yet a chip: saved too
    assert_page_is_sound(page, f"tag chips on the settings page @{width}")
    page.get_by_role("button", name="Save General").click()
    expect(page.get_by_test_id("section-saved")).to_have_text("Saved General settings of alice/resnet-50: Tags.")
    assert stored(api)["tags"] == ["pytorch", "ocr"]
    expect(page.get_by_test_id("tag-editor").locator(".tag-chip")).to_have_count(2)


def test_without_javascript_the_tags_are_one_comma_separated_input(new_context, live_server, api):
    page = new_context(java_script_enabled=False).new_page()
    log_in_demo(page, live_server.url, "alice")
    page.goto(f"{live_server.url}{EDIT}")
    page.get_by_label("Tags").fill("speech, Audio")
    page.get_by_role("button", name="Save General").click()
    expect(page).to_have_url(re.compile(r"/edit/#section-general$"))
    expect(page.get_by_test_id("section-saved")).to_have_text("Saved General settings of alice/resnet-50: Tags.")
    assert stored(api)["tags"] == ["speech", "audio"]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_tag_chips_on_the_model_page_and_in_the_list_link_to_the_tag_filter(alice_page: Page, live_server, api, width):
    page = alice_page
    page.set_viewport_size(WIDTHS[width])
    status, body, _ = api.request("PATCH", "/v1alpha/namespaces/alice/models/resnet-50", {"tags": ["vision", "cnn"]})
    assert status == 200, body
    page.goto(f"{live_server.url}/namespaces/alice/models/resnet-50/")
    chips = page.get_by_test_id("tag-chips")
    expect(chips.get_by_role("link")).to_have_text(["Models tagged vision", "Models tagged cnn"])
    assert_page_is_sound(page, f"the model page with tag chips @{width}")
    chips.get_by_role("link", name="Models tagged cnn").click()
    expect(page).to_have_url(f"{live_server.url}/?tag=cnn")
    expect(page.get_by_label("Tag", exact=True)).to_have_value("cnn")
    rows = page.get_by_test_id("model-list").locator("> li")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("alice/resnet-50")
    assert_page_is_sound(page, f"the list filtered by a tag chip @{width}")
    rows.first.get_by_role("link", name="Models tagged vision").click()
    expect(page).to_have_url(f"{live_server.url}/?tag=vision")
    expect(page.get_by_test_id("model-list").locator("> li").first).to_contain_text("alice/resnet-50")


def test_a_new_model_takes_its_tags_as_chips(alice_page: Page, live_server, api):
    page = alice_page
    page.goto(f"{live_server.url}/namespaces/alice/models/new/")
    page.get_by_label("ID").fill("chips-demo")
    entry = page.get_by_role("textbox", name="Tags")
    entry.type("Speech, asr")
    entry.press("Enter")
    expect(page.get_by_test_id("tag-editor").locator(".tag-chip")).to_have_count(2)
    page.get_by_role("button", name="Create model").click()
    expect(page).to_have_url(f"{live_server.url}/namespaces/alice/models/chips-demo/")
    status, body, _ = api.request("GET", "/v1alpha/namespaces/alice/models/chips-demo")
    assert status == 200, body
    assert body["model"]["tags"] == ["speech", "asr"]
    expect(page.get_by_test_id("tag-chips").get_by_role("link")).to_have_text(
        ["Models tagged speech", "Models tagged asr"]
    )
