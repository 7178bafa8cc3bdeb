"""The Configuration editor in headless Chromium: generated inputs, the in-place definition swap,
errors at their input, "Edit as JSON", lists, and accessibility at desktop and phone width.
Stored records are read back through the API with the page's own session."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe_support import axe_violations, format_violations
from tests.browser.conftest import log_in
from tests.browser.sweep_support import check_page
from tests.configuration_support import RICH_SPEC, RICH_VALUE
from tests.factories import AIModelFactory, ModelDefinitionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def gh_model(gh_model, screenshot_pages):
    """The shared gh_model, with its edit page among the failure screenshots."""
    screenshot_pages["edit"] = "/namespaces/alice/models/resnet-50/edit/"
    return gh_model


@pytest.fixture
def alice_page(page: Page, live_server, alice):
    log_in(page, live_server, "alice")
    return page


def api_configuration(page: Page, live_server, model_id: str) -> dict:
    response = page.request.get(f"{live_server.url}/v1alpha/namespaces/alice/models/{model_id}?view=VIEW_FULL")
    assert response.status == 200, response.text()
    return response.json()["model"]["configuration"]


def api_update_time(page: Page, live_server, model_id: str) -> str:
    return page.request.get(f"{live_server.url}/v1alpha/namespaces/alice/models/{model_id}").json()["model"][
        "updateTime"
    ]


def test_new_model_choose_github_fill_repository_and_tag_create(alice_page: Page, live_server, demo_definitions):
    page = alice_page
    page.goto(f"{live_server.url}/namespaces/alice/models/new/")
    editor = page.get_by_test_id("configuration-editor")
    expect(editor).to_contain_text("Container takes no settings.")
    expect(editor.get_by_role("button", name="Load fields")).to_be_hidden()  # JavaScript swaps in place
    page.evaluate("window.__sameDocument = true")
    page.locator("#id_model_id").fill("yolo-gh")
    page.locator("#id_model_definition").select_option("github")
    expect(page.get_by_label("Repository")).to_be_visible()
    assert page.evaluate("window.__sameDocument") is True  # no page load
    expect(page.get_by_text("owner/repository on GitHub")).to_be_visible()
    page.get_by_label("Repository").fill("acme/yolo")
    page.get_by_role("textbox", name="Tag", exact=True).fill("v7")
    page.locator("#id_task").select_option("TASK_DETECTION")
    page.get_by_role("button", name="Create model").click()
    expect(page).to_have_url(f"{live_server.url}/namespaces/alice/models/yolo-gh/")
    assert api_configuration(page, live_server, "yolo-gh") == {"repository": "acme/yolo", "tag": "v7"}


def test_invalid_repository_shows_its_message_under_that_input_and_saves_nothing(
    alice_page: Page, live_server, gh_model
):
    page = alice_page
    before = api_update_time(page, live_server, "resnet-50")
    page.goto(f"{live_server.url}/namespaces/alice/models/resnet-50/edit/")
    page.get_by_label("Repository").fill("not a repo")
    page.get_by_role("button", name="Save Configuration").click()
    repository = page.get_by_label("Repository")
    expect(repository).to_have_value("not a repo")
    expect(repository).to_have_attribute("aria-invalid", "true")
    error_id = repository.get_attribute("aria-describedby").split()[-1]
    expect(page.locator(f"#{error_id}")).to_have_text("Must look like owner/repository on GitHub")
    # the message sits right under the input
    # Both boxes read in one step: the page may still be scrolling to the section's errors.
    gap = repository.evaluate(
        "(input, id) => document.getElementById(id).getBoundingClientRect().top - input.getBoundingClientRect().bottom",
        error_id,
    )
    assert 0 <= gap < 40
    assert api_configuration(page, live_server, "resnet-50")["repository"] == "instill-ai/model-resnet-50"
    assert api_update_time(page, live_server, "resnet-50") == before


def test_edit_as_json_change_a_value_save_and_the_generated_view_shows_it(alice_page: Page, live_server, gh_model):
    page = alice_page
    page.goto(f"{live_server.url}/namespaces/alice/models/resnet-50/edit/")
    # changed in the form, then carried into the JSON view
    page.get_by_role("textbox", name="Tag", exact=True).fill("v1.5")
    page.get_by_role("button", name="Edit as JSON").click()
    json_view = page.get_by_label("Configuration as JSON")
    expect(json_view).to_be_visible()
    expect(json_view).to_be_focused()
    expect(page.get_by_label("Repository")).to_be_hidden()
    assert '"tag": "v1.5"' in json_view.input_value()
    json_view.fill('{\n  "repository": "acme/resnet-50",\n  "tag": "v2.0"\n}')
    page.get_by_role("button", name="Save Configuration").click()
    expect(page.get_by_test_id("section-saved")).to_contain_text(
        "Saved Configuration settings of alice/resnet-50: Configuration."
    )
    assert api_configuration(page, live_server, "resnet-50") == {"repository": "acme/resnet-50", "tag": "v2.0"}
    page.goto(f"{live_server.url}/namespaces/alice/models/resnet-50/edit/")
    expect(page.get_by_label("Repository")).to_have_value("acme/resnet-50")
    expect(page.get_by_role("textbox", name="Tag", exact=True)).to_have_value("v2.0")
    # and back from JSON to the form, in place
    page.get_by_role("button", name="Edit as JSON").click()
    page.get_by_label("Configuration as JSON").fill('{"repository": "acme/x", "tag": "v3"}')
    page.get_by_role("button", name="Edit as form").click()
    expect(page.get_by_label("Repository")).to_have_value("acme/x")


def test_lists_add_and_remove_items_and_every_input_kind_saves(alice_page: Page, live_server, alice_ns):
    definition = ModelDefinitionFactory(definition_id="rich", title="Rich", model_spec=RICH_SPEC)
    AIModelFactory(namespace=alice_ns, model_id="rich-model", model_definition=definition, configuration=RICH_VALUE)
    page = alice_page
    page.goto(f"{live_server.url}/namespaces/alice/models/rich-model/edit/")
    labels = page.locator("[data-configuration-input='configuration.labels']")
    expect(labels.get_by_role("textbox")).to_have_count(3)  # cat, dog and an empty one
    labels.get_by_role("button", name="Remove").nth(1).click()  # dog
    labels.get_by_role("button", name="Add labels").click()
    labels.get_by_role("textbox").last.fill("bird")
    page.get_by_label("Replicas").fill("4")
    page.get_by_label("Enabled").check()
    page.get_by_test_id("configuration-editor").get_by_label("Mode").select_option(label="fast")
    page.get_by_label("Notes").fill("first\nsecond")
    page.get_by_role("button", name="Save Configuration").click()
    expect(page.get_by_test_id("section-saved")).to_contain_text(
        "Saved Configuration settings of alice/rich-model: Configuration."
    )
    stored = api_configuration(page, live_server, "rich-model")
    assert stored["labels"] == ["cat", "bird"]
    assert (stored["replicas"], stored["enabled"], stored["mode"], stored["notes"]) == (
        4,
        True,
        "fast",
        "first\nsecond",
    )
    assert stored["backend"] == RICH_VALUE["backend"]  # the JSON subtree, untouched


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_edit_page_with_generated_inputs_and_errors_is_accessible_and_fits(
    alice_page: Page, live_server, alice_ns, viewport
):
    definition = ModelDefinitionFactory(definition_id="rich", title="Rich", model_spec=RICH_SPEC)
    AIModelFactory(namespace=alice_ns, model_id="rich-model", model_definition=definition, configuration=RICH_VALUE)
    page = alice_page
    page.set_viewport_size(
        {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}[viewport]
    )
    page.goto(f"{live_server.url}/namespaces/alice/models/rich-model/edit/")
    page.get_by_label("Replicas").fill("12")
    page.get_by_role("button", name="Save Configuration").click()
    expect(page.get_by_text("Must be at most 8", exact=True)).to_be_visible()
    assert check_page(page, role="alice", label="configuration-errors", viewport=viewport) == []
    page.get_by_role("button", name="Edit as JSON").click()
    expect(page.get_by_label("Configuration as JSON")).to_be_visible()
    page.mouse.move(0, 0)  # off the button just pressed, and its colour transition finished
    page.wait_for_function("() => document.getAnimations().length === 0")
    violations = axe_violations(page, "[data-configuration-editor]")
    assert violations == [], format_violations(violations)


def test_admin_change_form_swaps_the_inputs_in_place_and_saves(page: Page, live_server, superuser, gh_model):
    log_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/admin/modelhub/aimodel/{gh_model.pk}/change/")
    expect(page.get_by_label("Repository")).to_have_value("instill-ai/model-resnet-50")
    page.locator("#id_model_definition").select_option("huggingface")
    expect(page.get_by_label("Revision")).to_have_value("main")  # the new definition's default
    page.get_by_label("Repo id").fill("acme/bert")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Model definition")
    assert api_configuration(page, live_server, "resnet-50") == {"repo_id": "acme/bert", "revision": "main"}


def test_without_javascript_load_fields_then_the_generated_inputs_create_the_model(
    browser, live_server, alice, demo_definitions
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/namespaces/alice/models/new/")
    page.locator("#id_model_id").fill("no-js-gh")
    page.locator("#id_task").select_option("TASK_DETECTION")
    page.locator("#id_model_definition").select_option("github")
    expect(page.get_by_label("Repository")).to_have_count(0)  # nothing swaps without JavaScript…
    page.get_by_role("button", name="Load fields").click()  # …until Load fields posts the form
    editor = page.get_by_test_id("configuration-editor")
    # a request for other inputs, not a save: said in the editor, no error summary
    expect(editor.get_by_test_id("configuration-notice")).to_have_text(
        "Showing the settings of GitHub. Nothing was saved yet."
    )
    expect(page.get_by_test_id("error-summary")).to_have_count(0)
    assert page.request.get(f"{live_server.url}/v1alpha/namespaces/alice/models/no-js-gh").status == 404
    expect(page.locator("#id_model_id")).to_have_value("no-js-gh")  # what was typed is kept
    page.get_by_label("Repository").fill("not a repo")
    page.get_by_role("textbox", name="Tag", exact=True).fill("v7")
    page.get_by_role("button", name="Create model").click()
    expect(editor.get_by_text("Must look like owner/repository on GitHub", exact=True)).to_be_visible()
    assert page.request.get(f"{live_server.url}/v1alpha/namespaces/alice/models/no-js-gh").status == 404
    page.get_by_label("Repository").fill("acme/yolo")
    page.get_by_role("button", name="Create model").click()
    expect(page).to_have_url(f"{live_server.url}/namespaces/alice/models/no-js-gh/")
    assert api_configuration(page, live_server, "no-js-gh") == {"repository": "acme/yolo", "tag": "v7"}
    context.close()
