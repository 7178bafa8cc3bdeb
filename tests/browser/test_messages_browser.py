"""In Chromium, on the demo data, at desktop and phone width: what the pages say after a create
or a rename is in words a person uses (never a resource name), and the ID's rule is shown under
the input before any error. What was saved is read back through the API."""

import re

import pytest
from playwright.sync_api import expect

from modelhub.validators import ID_RULE
from tests.browser.demo_support import WIDTHS, assert_page_is_sound, log_in_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", WIDTHS)
def test_creating_a_model_says_created_name_in_namespace(demo_data, page, live_server, width):
    page.set_viewport_size(WIDTHS[width])
    log_in_demo(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/namespaces/alice/models/new/")
    id_input = page.get_by_label("ID")
    hint = page.locator("#" + id_input.get_attribute("aria-describedby").split()[0])
    expect(hint).to_have_text(ID_RULE)  # before any error
    expect(hint).to_be_visible()
    assert_page_is_sound(page, f"the new-model page @{width}")

    id_input.fill("1-demo-")
    page.get_by_role("button", name="Create model").click()
    expect(page.locator("#id_model_id")).to_have_class(re.compile("is-invalid"))
    expect(page.get_by_text("Not a valid ID: use only letters, digits and hyphens").first).to_be_visible()
    assert "RFC-1034" not in page.content()
    assert page.request.get(f"{live_server.url}/v1alpha/namespaces/alice/models/1-demo-").status in (400, 404)

    page.get_by_label("ID").fill("demo-detector")
    page.get_by_role("button", name="Create model").click()
    expect(page.get_by_test_id("message")).to_have_text("Created demo-detector in alice.")
    assert "namespaces/alice/models" not in page.get_by_test_id("message").inner_text()
    assert page.request.get(f"{live_server.url}/v1alpha/namespaces/alice/models/demo-detector").status == 200


@pytest.mark.parametrize("width", WIDTHS)
def test_renaming_says_old_and_new_and_that_the_old_address_redirects(demo_data, page, live_server, width):
    page.set_viewport_size(WIDTHS[width])
    log_in_demo(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/namespaces/alice/models/resnet-50/edit/")
    rename = page.locator("#section-danger").locator("#id_model_id")
    rename.fill("resnet-50-v2")
    page.get_by_role("button", name="Rename", exact=True).click()
    page.get_by_role("dialog").get_by_role("button", name="Yes, change and save").click()
    message = page.get_by_test_id("section-saved")
    expect(message).to_have_text("Renamed alice/resnet-50 to alice/resnet-50-v2; the old address redirects.")
    # back in the Danger zone of the new address: the fragment names a section that exists
    expect(page).to_have_url(f"{live_server.url}/namespaces/alice/models/resnet-50-v2/edit/#section-danger")
    expect(page.locator("#section-danger")).to_be_in_viewport()
    assert_page_is_sound(page, f"the renamed model's settings @{width}")
    record = page.request.get(f"{live_server.url}/v1alpha/namespaces/alice/models/resnet-50-v2").json()["model"]
    assert record["id"] == "resnet-50-v2"
    page.goto(f"{live_server.url}/namespaces/alice/models/resnet-50/")  # the old address
    expect(page).to_have_url(f"{live_server.url}/namespaces/alice/models/resnet-50-v2/")
