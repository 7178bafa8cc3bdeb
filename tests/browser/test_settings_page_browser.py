"""The settings page in Chromium: unsaved-changes warning, error summary focus, README preview,
confirmation of Danger-zone changes (visibility, rename)."""

import pytest
from playwright.sync_api import Page, expect

from modelhub.models import AIModel, Visibility
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def edit_page(page: Page, live_server, alice, aimodel, screenshot_pages) -> Page:
    path = f"/namespaces/alice/models/{aimodel.model_id}/edit/"
    screenshot_pages["edit"] = path
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}{path}")
    return page


def stored(aimodel) -> AIModel:
    return AIModel.objects.get(pk=aimodel.pk)


def test_leaving_with_unsaved_changes_asks_first(edit_page: Page, aimodel):
    page = edit_page
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # "stay on the page"

    page.on("dialog", answer)
    page.get_by_label("Description").fill("Half-typed thought")
    expect(page.locator("#section-general [data-unsaved-indicator]")).to_have_text("You have unsaved changes.")
    page.get_by_role("link", name="Overview").click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    expect(page.get_by_label("Description")).to_have_value("Half-typed thought")
    assert page.url.endswith("/edit/")
    assert stored(aimodel).description == aimodel.description


def test_leaving_without_changes_or_after_saving_does_not_ask(edit_page: Page, aimodel):
    page = edit_page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="Overview").click()
    expect(page).to_have_url(f"{page.url.split('/namespaces')[0]}{aimodel.get_absolute_url()}")
    page.go_back()
    page.get_by_label("Description").fill("Saved thought")
    page.get_by_role("button", name="Save General").click()
    expect(page.get_by_test_id("section-saved")).to_contain_text("Saved General settings of alice/resnet: Description.")
    assert dialogs == []


def test_saving_one_section_warns_of_unsaved_changes_in_another(edit_page: Page, aimodel):
    page = edit_page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))  # "leave anyway"
    page.get_by_label("Description").fill("Typed, never saved")
    page.get_by_label("License").fill("MIT")
    page.get_by_role("button", name="Save Documentation").click()
    expect(page.get_by_test_id("section-saved")).to_contain_text(
        "Saved Documentation settings of alice/resnet: License."
    )
    assert dialogs == ["beforeunload"]
    assert (stored(aimodel).license, stored(aimodel).description) == ("MIT", aimodel.description)


def test_error_summary_takes_focus_and_links_to_the_field(edit_page: Page, aimodel):
    page = edit_page
    page.get_by_label("Source URL").fill("ftp://example.com/weights")
    page.get_by_role("button", name="Save Documentation").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Nothing was saved")
    summary.get_by_role("link", name="Source URL").click()
    expect(page.get_by_label("Source URL")).to_be_focused()
    assert stored(aimodel).source_url == aimodel.source_url


def test_readme_preview_is_rendered_live_and_never_runs_a_script(edit_page: Page, aimodel):
    page = edit_page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    preview = page.get_by_test_id("readme-preview")
    page.get_by_label("README").fill(
        "# Fresh title\n\nSome **bold** text.\n\n<script>window.__ran = 1; alert('xss')</script>\n\n"
        '<img src="x" onerror="window.__ran = 2">'
    )
    expect(preview.locator("h1")).to_have_text("Fresh title")
    expect(preview.locator("strong")).to_have_text("bold")
    assert preview.locator("script").count() == 0
    assert preview.locator("[onerror]").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate("window.__ran === undefined")
    assert dialogs == []
    assert stored(aimodel).readme == aimodel.readme  # a preview saves nothing


def test_visibility_change_is_confirmed_before_it_is_saved(edit_page: Page, aimodel):
    page = edit_page
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_label("Visibility").select_option(Visibility.PRIVATE)
    page.get_by_role("button", name="Change visibility").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Change the visibility to Private")
    dialog.get_by_role("button", name="Go back").click()
    expect(dialog).to_be_hidden()
    assert stored(aimodel).visibility == Visibility.PUBLIC
    page.get_by_role("button", name="Change visibility").click()
    page.get_by_role("dialog").get_by_role("button", name="Yes, change and save").click()
    expect(page.get_by_test_id("section-saved")).to_contain_text("Saved Visibility of alice/resnet.")
    assert stored(aimodel).visibility == Visibility.PRIVATE


def test_rename_is_confirmed_before_it_is_saved(edit_page: Page, aimodel):
    page = edit_page
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_label("ID").fill("resnet-renamed")
    page.get_by_role("button", name="Rename", exact=True).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(f"Rename {aimodel.model_id} to resnet-renamed")
    expect(dialog.get_by_role("button", name="Go back")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert stored(aimodel).model_id == aimodel.model_id
    page.get_by_role("button", name="Rename", exact=True).click()
    page.get_by_role("dialog").get_by_role("button", name="Yes, change and save").click()
    expect(page.get_by_test_id("section-saved")).to_have_text(
        f"Renamed alice/{aimodel.model_id} to alice/resnet-renamed; the old address redirects."
    )
    assert page.url.endswith("/namespaces/alice/models/resnet-renamed/edit/#section-danger")
    assert stored(aimodel).model_id == "resnet-renamed"


def test_other_changes_save_without_a_confirmation(edit_page: Page, aimodel):
    page = edit_page
    page.get_by_label("License").fill("MIT")
    page.get_by_role("button", name="Save Documentation").click()
    expect(page.get_by_test_id("section-saved")).to_contain_text(
        "Saved Documentation settings of alice/resnet: License."
    )
    assert stored(aimodel).license == "MIT"
