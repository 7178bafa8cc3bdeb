"""The dashboard in headless Chromium: editing, images, htmx hardware, conflicts, phone width."""

import re

import pytest
from playwright.sync_api import Page, expect

from modelhub.models import AIModel
from tests.browser.conftest import log_in
from tests.web_helpers import jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fresh(m) -> AIModel:
    return AIModel.objects.get(pk=m.pk)


@pytest.fixture
def edit_path(aimodel, screenshot_pages):
    path = f"/namespaces/alice/models/{aimodel.model_id}/edit/"
    screenshot_pages["edit"] = path
    return path


@pytest.fixture
def alice_page(page: Page, live_server, alice, aimodel, edit_path):
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}{edit_path}")
    return page


def save(page: Page, section: str) -> None:
    """Save one section of the settings page (each has its own Save)."""
    page.get_by_role("button", name=f"Save {section}").click()
    page.wait_for_load_state("domcontentloaded")


def test_login_edit_description_and_hardware(alice_page: Page, aimodel):
    page = alice_page
    expect(page.locator("[data-testid=username]")).to_have_text("alice")
    page.get_by_label("Description").fill("Now with more layers")
    save(page, "General")
    expect(page.get_by_test_id("section-saved")).to_contain_text("Saved General settings of alice/resnet: Description.")
    page.locator("#id_hardware").select_option("NVIDIA_L4")
    save(page, "Deployment")
    expect(page.get_by_test_id("section-saved")).to_contain_text("Saved Deployment settings of alice/resnet: Hardware.")
    expect(page).to_have_url(f"{page.url.split('/namespaces')[0]}{aimodel.get_absolute_url()}edit/#section-deployment")
    row = fresh(aimodel)
    assert (row.description, row.hardware) == ("Now with more layers", "NVIDIA_L4")


def test_upload_jpeg_shows_preview_and_is_stored(alice_page: Page, aimodel, edit_path, live_server, tmp_path):
    page = alice_page
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_bytes((1200, 800), (20, 120, 220)))
    preview = page.get_by_test_id("profile-image-preview")
    expect(preview).to_be_hidden()
    page.get_by_label("Profile image").set_input_files(str(photo))
    expect(preview).to_be_visible()
    expect(preview).to_have_attribute("src", re.compile(r"^data:image/jpeg;base64,"))
    save(page, "Profile image")
    expect(page.get_by_test_id("section-saved")).to_contain_text(
        "Saved Profile image settings of alice/resnet: Profile image."
    )
    stored = fresh(aimodel).profile_image
    assert stored.startswith("data:image/jpeg;base64,")
    page.goto(f"{live_server.url}{aimodel.get_absolute_url()}")
    expect(page.get_by_test_id("profile-image")).to_have_attribute("src", stored)
    page.goto(f"{live_server.url}{edit_path}")
    expect(page.get_by_test_id("profile-image-preview")).to_have_attribute("src", stored)
    natural_width = page.get_by_test_id("profile-image-preview").evaluate("img => img.naturalWidth")
    assert natural_width == 512  # scaled to fit 512x512 by the server


def test_region_switch_refreshes_hardware_without_reload_and_custom_hardware(alice_page: Page, aimodel):
    page = alice_page
    page.evaluate("window.__sameDocument = true")
    hardware = page.locator("#id_hardware")
    custom = page.locator("#id_custom_hardware")
    expect(custom).to_be_hidden()
    expect(hardware.locator("option")).to_have_count(5)
    page.locator("#id_region").select_option("REGION_LOCAL")
    expect(hardware.locator("option")).to_have_text(["CPU", "GPU", "Custom…"])
    assert page.evaluate("window.__sameDocument") is True  # no page load happened
    hardware.select_option("__custom__")
    expect(custom).to_be_visible()
    custom.fill("tpu-v5")
    save(page, "Deployment")
    expect(page.get_by_test_id("section-saved")).to_contain_text(
        "Saved Deployment settings of alice/resnet: Region, Hardware."
    )
    row = fresh(aimodel)
    assert (row.region_id, row.hardware) == ("REGION_LOCAL", "tpu-v5")


def test_back_to_a_region_without_custom_hides_the_custom_input(alice_page: Page):
    page = alice_page
    page.locator("#id_region").select_option("REGION_LOCAL")
    hardware = page.locator("#id_hardware")
    expect(hardware.locator("option")).to_have_count(3)
    hardware.select_option("__custom__")
    expect(page.locator("#id_custom_hardware")).to_be_visible()
    page.locator("#id_region").select_option("REGION_GCP_EUROPE_WEST4")
    expect(hardware.locator("option")).to_have_count(5)
    expect(page.locator("#id_custom_hardware")).to_be_hidden()


def test_invalid_configuration_json_shows_error_at_the_field(alice_page: Page, aimodel):
    page = alice_page
    before = fresh(aimodel).update_time
    page.get_by_role("button", name="Edit as JSON").click()
    page.get_by_label("Configuration as JSON").fill('{"repository": ')
    save(page, "Configuration")
    field = page.locator("#div_id_configuration")
    expect(field.locator(".invalid-feedback").first).to_contain_text("Invalid JSON at line 1")
    expect(page.get_by_label("Configuration as JSON")).to_have_class(re.compile(r"\bis-invalid\b"))
    assert fresh(aimodel).update_time == before


def _open_edit(browser, live_server, edit_path):
    context = browser.new_context()
    page = context.new_page()
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}{edit_path}")
    return context, page


def test_two_browsers_editing_different_fields_both_keep_their_change(browser, live_server, alice, aimodel, edit_path):
    first_ctx, first = _open_edit(browser, live_server, edit_path)
    second_ctx, second = _open_edit(browser, live_server, edit_path)
    try:
        first.get_by_label("Description").fill("From the first tab")
        second.get_by_label("License").fill("MIT")
        save(first, "General")
        expect(first.get_by_test_id("section-saved")).to_contain_text(
            "Saved General settings of alice/resnet: Description."
        )
        save(second, "Documentation")
        expect(second.get_by_test_id("section-saved")).to_contain_text(
            "Saved Documentation settings of alice/resnet: License."
        )
    finally:
        first_ctx.close()
        second_ctx.close()
    row = fresh(aimodel)
    assert (row.description, row.license) == ("From the first tab", "MIT")


def test_two_browsers_editing_the_same_field_the_second_sees_the_conflict(
    browser, live_server, alice, aimodel, edit_path
):
    first_ctx, first = _open_edit(browser, live_server, edit_path)
    second_ctx, second = _open_edit(browser, live_server, edit_path)
    try:
        first.get_by_label("Description").fill("First wins")
        second.get_by_label("Description").fill("Second loses")
        save(first, "General")
        expect(first.get_by_test_id("section-saved")).to_contain_text(
            "Saved General settings of alice/resnet: Description."
        )
        save(second, "General")
        error = second.locator("#div_id_description .invalid-feedback")
        expect(error).to_contain_text("Someone else changed Description")
        expect(error).to_contain_text("It is now “First wins”.")
        assert fresh(aimodel).description == "First wins"
        save(second, "General")  # saving again, knowingly, replaces theirs
        expect(second.get_by_test_id("section-saved")).to_contain_text(
            "Saved General settings of alice/resnet: Description."
        )
    finally:
        first_ctx.close()
        second_ctx.close()
    assert fresh(aimodel).description == "Second loses"


@pytest.mark.parametrize("path", ["/", "/namespaces/alice/models/resnet/", "EDIT", "HISTORY", "/settings/tokens/"])
def test_pages_fit_a_phone_width(page: Page, live_server, alice, aimodel, edit_path, path):
    from modelhub.services import aimodel_update

    aimodel_update(
        aimodel=aimodel,
        changes={"readme": "# Title\n\n```\n" + "x" * 400 + "\n```\n\n" + "averyveryverylongword" * 20},
        actor=alice,
        source="web",
    )
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "alice")
    path = {"EDIT": edit_path, "HISTORY": edit_path.replace("/edit/", "/history/")}.get(path, path)
    page.goto(f"{live_server.url}{path}")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than a 390px phone screen"
    expect(page.get_by_role("button", name="Toggle navigation")).to_be_visible()


def test_namespace_filter_suggests_as_you_type_and_filters_on_submit(page: Page, live_server, alice, aimodel, acme):
    from tests.factories import AIModelFactory

    AIModelFactory(namespace=acme, model_id="acme-model", model_definition=aimodel.model_definition)
    page.goto(f"{live_server.url}/")
    field = page.get_by_label("Namespace")
    with page.expect_response(lambda response: "/namespace-suggestions/" in response.url):
        field.press_sequentially("ac")
    expect(page.locator("#namespace-options option")).to_have_count(1)
    expect(page.locator("#namespace-options option")).to_have_attribute("value", "acme")
    field.fill("acme")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_test_id("model-list")).to_contain_text("acme/acme-model")
    expect(page.get_by_test_id("model-list")).not_to_contain_text("alice/resnet")
    expect(page.get_by_test_id("result-count")).to_contain_text("sorted by recently created")
