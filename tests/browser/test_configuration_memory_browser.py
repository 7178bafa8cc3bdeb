"""Switching the model definition or the region keeps what was entered for the previous choice,
in Chromium on the demo data (as seed_demo writes it), at desktop and phone width, saved and read
back through the API: GitHub → Hugging Face → GitHub keeps Repository and Tag; region A → B → A
keeps A's hardware; what cannot carry over is said in words; Custom hardware sits under Hardware."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from modelhub.demo.cast import PASSWORD
from modelhub.services import token_create
from tests.browser.sweep_support import VIEWPORTS, check_page
from tests.live_api_support import ApiClient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDIT = "/namespaces/alice/models/resnet-50/edit/"
MODEL_API = "/v1alpha/namespaces/alice/models/resnet-50?view=VIEW_FULL"
GCP, LOCAL = "REGION_GCP_EUROPE_WEST4", "REGION_LOCAL"
BOXES = "selectors => selectors.map(s => document.querySelector(s).getBoundingClientRect().toJSON())"


@pytest.fixture
def api(demo_data, live_server):
    """The API as a separate program sees it, with alice's token."""
    alice = get_user_model().objects.get(username="alice")
    client = ApiClient(live_server.url, token_create(user=alice, name="browser test")[1])
    yield client
    client.close()


@pytest.fixture
def alice_page(page: Page, live_server, api, screenshot_pages) -> Page:
    screenshot_pages["edit"] = EDIT
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


def stored(api) -> dict:
    status, body, _ = api.request("GET", MODEL_API)
    assert status == 200, body
    return body["model"]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_github_to_hugging_face_and_back_keeps_repository_and_tag_and_saves_them(
    alice_page: Page, live_server, api, viewport
):
    page = alice_page
    page.set_viewport_size(VIEWPORTS[viewport])
    before = stored(api)
    assert (before["modelDefinition"], before["configuration"]["tag"]) == ("model-definitions/github", "v1.0")
    page.goto(f"{live_server.url}{EDIT}")
    page.evaluate("window.__sameDocument = true")
    editor = page.get_by_test_id("configuration-editor")
    editor.get_by_role("textbox", name="Tag", exact=True).fill("v1.1")
    page.locator("#id_model_definition").select_option("huggingface")
    expect(editor.get_by_label("Repo id")).to_be_visible()
    expect(editor.get_by_label("Repository")).to_have_count(0)
    expect(page.get_by_test_id("configuration-notice")).to_have_text(
        "Showing the settings of Hugging Face. Nothing was saved yet. Not carried over: Repository and Tag, "
        "settings of GitHub only; choose GitHub again to get them back."
    )
    assert check_page(page, role="alice", label="configuration-not-carried", viewport=viewport) == []
    editor.get_by_label("Repo id").fill("acme/resnet")
    page.locator("#id_model_definition").select_option("github")
    expect(editor.get_by_label("Repository")).to_have_value("instill-ai/model-resnet-50")
    # what was typed, not what is stored
    expect(editor.get_by_role("textbox", name="Tag", exact=True)).to_have_value("v1.1")
    expect(page.get_by_test_id("configuration-notice")).to_have_text(
        "Showing the settings of GitHub as you left them. Nothing was saved yet."
    )
    page.locator("#id_model_definition").select_option("huggingface")
    expect(editor.get_by_label("Repo id")).to_have_value("acme/resnet")  # both ways
    page.locator("#id_model_definition").select_option("github")
    expect(editor.get_by_role("textbox", name="Tag", exact=True)).to_have_value("v1.1")
    assert page.evaluate("window.__sameDocument") is True  # all in place
    page.get_by_role("button", name="Save Configuration").click()
    expect(page.get_by_test_id("section-saved")).to_contain_text(
        "Saved Configuration settings of alice/resnet-50: Configuration."
    )
    after = stored(api)
    assert after["modelDefinition"] == "model-definitions/github"
    assert after["configuration"] == {"repository": "instill-ai/model-resnet-50", "tag": "v1.1"}
    assert {key for key in after if after[key] != before[key]} == {"configuration", "updateTime"}


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_region_switching_keeps_each_regions_hardware_says_what_is_not_offered_and_saves(
    alice_page: Page, live_server, api, viewport
):
    page = alice_page
    page.set_viewport_size(VIEWPORTS[viewport])
    before = stored(api)
    assert (before["region"], before["hardware"]) == (GCP, "NVIDIA_TESLA_T4")
    page.goto(f"{live_server.url}{EDIT}")
    region, hardware = page.locator("#id_region"), page.locator("#id_hardware")
    note, custom = page.get_by_test_id("hardware-note"), page.locator("#id_custom_hardware")
    expect(note).to_be_hidden()
    region.select_option(LOCAL)
    expect(hardware.locator("option")).to_have_text(["CPU", "GPU", "Custom…"])
    expect(hardware).to_have_value("CPU")
    expect(note).to_have_text(
        "NVIDIA Tesla T4 is not offered in Local; CPU is selected instead. "
        "Choose GCP europe-west4 again to get it back."
    )
    expect(hardware).to_have_attribute("aria-describedby", "hardware-note")
    expect(page.get_by_test_id("hardware-status")).to_contain_text("NVIDIA Tesla T4 is not offered in Local")
    hardware.select_option("__custom__")
    custom.fill("tpu-v5e")
    # Custom hardware sits directly under Hardware, in the same column
    boxes = page.evaluate(BOXES, ["#id_hardware", "#id_custom_hardware"])  # one read: the page may be scrolling
    assert abs(boxes[1]["left"] - boxes[0]["left"]) < 2 and 0 < boxes[1]["top"] - boxes[0]["bottom"] < 60
    assert check_page(page, role="alice", label="hardware-not-offered", viewport=viewport) == []
    region.select_option(GCP)
    expect(hardware).to_have_value("NVIDIA_TESLA_T4")  # back in A: A's hardware, not CPU
    expect(note).to_be_hidden()
    expect(custom).to_be_hidden()
    hardware.select_option("NVIDIA_L4")
    region.select_option(LOCAL)
    expect(hardware).to_have_value("__custom__")  # back in B: B's choice, and its text
    expect(custom).to_have_value("tpu-v5e")
    region.select_option(GCP)
    expect(hardware).to_have_value("NVIDIA_L4")
    page.get_by_role("button", name="Save Deployment").click()
    expect(page.get_by_test_id("section-saved")).to_contain_text(
        "Saved Deployment settings of alice/resnet-50: Hardware."
    )
    after = stored(api)
    assert (after["region"], after["hardware"]) == (GCP, "NVIDIA_L4")
    assert {key for key in after if after[key] != before[key]} == {"hardware", "updateTime"}


def test_enter_in_a_generated_input_saves_the_form(alice_page: Page, live_server, api):
    """The editor's first submit button is a plain save: Enter never presses "Load fields"."""
    page = alice_page
    page.goto(f"{live_server.url}{EDIT}")
    page.get_by_test_id("configuration-editor").get_by_role("textbox", name="Tag", exact=True).fill("v1.2")
    page.get_by_test_id("configuration-editor").get_by_role("textbox", name="Tag", exact=True).press("Enter")
    expect(page.get_by_test_id("section-saved")).to_contain_text(
        "Saved Configuration settings of alice/resnet-50: Configuration."
    )
    assert stored(api)["configuration"]["tag"] == "v1.2"
