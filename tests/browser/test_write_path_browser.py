"""The write path as real clients drive it: Chromium on the demo data as seed_demo writes it
(multi-line READMEs and descriptions), checked through the API's full view.

On the edit page and in the Django admin's change form: changing one field and saving
changes exactly that field (and updateTime), and the message names only that field, even
though Chromium submits every textarea with CRLF. An API PATCH of the README between
loading the page and saving another field is no conflict, and the API's README is kept.
A chosen image survives a failed save; a non-image shows an error instead of a broken
picture; the admin's Hardware follows its Region without a reload.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from modelhub.demo.cast import PASSWORD
from modelhub.models import AIModel
from modelhub.services import token_create
from tests.live_api_support import ApiClient
from tests.web_helpers import jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def demo_log_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")


class Api:
    """The API as a separate program sees it, with alice's token."""

    def __init__(self, live_server):
        alice = get_user_model().objects.get(username="alice")
        self.client = ApiClient(live_server.url, token_create(user=alice, name="browser test")[1])

    def full(self, ns: str, model_id: str) -> dict:
        status, body, _ = self.client.request("GET", f"/v1alpha/namespaces/{ns}/models/{model_id}?view=VIEW_FULL")
        assert status == 200, body
        return body["model"]

    def patch(self, ns: str, model_id: str, body: dict) -> dict:
        status, answer, _ = self.client.request("PATCH", f"/v1alpha/namespaces/{ns}/models/{model_id}", body)
        assert status == 200, answer
        return answer["model"]


@pytest.fixture
def api(demo_data, live_server):
    client = Api(live_server)
    yield client
    client.client.close()


def changed_keys(before: dict, after: dict) -> set[str]:
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


def edit_path(ns: str, model_id: str) -> str:
    return f"/namespaces/{ns}/models/{model_id}/edit/"


def admin_path(ns: str, model_id: str) -> str:
    uid = AIModel.objects.get(namespace__namespace_id=ns, model_id=model_id).uid
    return f"/admin/modelhub/aimodel/{uid}/change/"


def save_edit_page(page: Page, section: str) -> None:
    """Save one section of the edit page (each has its own Save)."""
    page.get_by_role("button", name=f"Save {section}").click()
    page.wait_for_load_state("domcontentloaded")


def expect_admin_saved(page: Page, fields: str) -> None:
    """One message for the save, naming the model and exactly these fields."""
    messages = page.locator(".messagelist li")
    expect(messages).to_have_count(1)
    expect(messages).to_have_text(re.compile(rf"^\s*Saved [a-z0-9-]+/[a-z0-9-]+: {re.escape(fields)}\.\s*$"))


def save_admin(page: Page) -> None:
    page.locator("input[name=_save]").click()
    page.wait_for_load_state("domcontentloaded")


@pytest.fixture
def alice_page(page: Page, live_server, demo_data, screenshot_pages) -> Page:
    screenshot_pages["edit"] = edit_path("alice", "resnet-50")
    demo_log_in(page, live_server, "alice")
    return page


@pytest.fixture
def admin_page(page: Page, live_server, demo_data, screenshot_pages) -> Page:
    screenshot_pages["admin"] = admin_path("alice", "resnet-50")
    demo_log_in(page, live_server, "admin")
    return page


# --- one field changed: exactly that field is saved ------------------------------------------


def test_edit_page_saves_exactly_the_changed_field(alice_page: Page, live_server, api):
    page = alice_page
    before = api.full("alice", "resnet-50")
    assert "\n" in before["readme"] and "\n" in before["description"]  # seed_demo's multi-line text
    page.goto(f"{live_server.url}{edit_path('alice', 'resnet-50')}")
    page.get_by_label("Description").fill("ResNet-50, retrained.\nNow with a second line.")
    save_edit_page(page, "General")
    expect(page.get_by_test_id("section-saved")).to_have_text(
        re.compile(r"^\s*Saved General settings of alice/resnet-50: Description\.\s*$")
    )
    after = api.full("alice", "resnet-50")
    assert changed_keys(before, after) == {"description", "updateTime"}
    assert after["description"] == "ResNet-50, retrained.\nNow with a second line."  # LF, not CRLF
    assert after["readme"] == before["readme"]


def test_admin_change_form_saves_exactly_the_changed_field(admin_page: Page, live_server, api):
    page = admin_page
    before = api.full("alice", "resnet-50")
    page.goto(f"{live_server.url}{admin_path('alice', 'resnet-50')}")
    page.get_by_label("License").fill("MIT")
    save_admin(page)
    expect_admin_saved(page, "License")
    after = api.full("alice", "resnet-50")
    assert changed_keys(before, after) == {"license", "updateTime"}
    assert (after["license"], after["readme"], after["description"]) == ("MIT", before["readme"], before["description"])


# --- an API change of the README meanwhile: no conflict, both kept ------------------------------


def test_edit_page_keeps_the_apis_readme_written_meanwhile(page: Page, live_server, api, screenshot_pages):
    screenshot_pages["edit"] = edit_path("acme", "stable-diffusion-xl")
    demo_log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}{edit_path('acme', 'stable-diffusion-xl')}")
    api.patch("acme", "stable-diffusion-xl", {"readme": "# Stable Diffusion XL\n\nWritten by a script.\n"})
    before = api.full("acme", "stable-diffusion-xl")
    page.get_by_label("Description").fill("Product shots from a text prompt.\nNow with the refiner.")
    save_edit_page(page, "General")
    expect(page.get_by_test_id("section-saved")).to_have_text(
        re.compile(r"^\s*Saved General settings of acme/stable-diffusion-xl: Description\.\s*$")
    )
    after = api.full("acme", "stable-diffusion-xl")
    assert changed_keys(before, after) == {"description", "updateTime"}
    assert after["readme"] == "# Stable Diffusion XL\n\nWritten by a script.\n"


def test_admin_keeps_the_apis_readme_written_meanwhile(admin_page: Page, live_server, api):
    page = admin_page
    page.goto(f"{live_server.url}{admin_path('alice', 'resnet-50')}")
    api.patch("alice", "resnet-50", {"readme": "# ResNet-50\n\nWritten by a script.\n"})
    before = api.full("alice", "resnet-50")
    page.get_by_label("Description").fill("Changed in the admin.\nSecond line.")
    save_admin(page)
    expect_admin_saved(page, "Description")
    expect(page.locator(".errorlist")).to_have_count(0)
    after = api.full("alice", "resnet-50")
    assert changed_keys(before, after) == {"description", "updateTime"}
    assert after["readme"] == "# ResNet-50\n\nWritten by a script.\n"


# --- a real conflict reads well -----------------------------------------------------------------


@pytest.mark.parametrize("width", [1440, 390])
def test_a_readme_conflict_reads_as_one_sentence_in_the_summary_and_a_diff_at_the_field(
    page: Page, live_server, api, screenshot_pages, width, tmp_path
):
    page.set_viewport_size({"width": width, "height": 900})
    screenshot_pages["edit"] = edit_path("acme", "stable-diffusion-xl")
    demo_log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}{edit_path('acme', 'stable-diffusion-xl')}")
    readme = api.full("acme", "stable-diffusion-xl")["readme"]
    api.patch("acme", "stable-diffusion-xl", {"readme": readme + "\nAdded by a script.\n"})
    page.get_by_label("README").fill(readme + "\nAdded by me.\n")
    save_edit_page(page, "Documentation")
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    item = summary.locator("li")
    expect(item).to_have_count(1)
    assert item.inner_text() == (
        "README: Someone else changed README after you opened this page, and your change was not saved. "
        "Save again to replace theirs with yours. (details at the field)"
    )
    field_error = page.locator("#error_1_id_readme")
    lines = field_error.inner_text().split("\n")  # innerText keeps only the line breaks shown
    assert lines[1] == "Their version against yours (− theirs, + yours):"
    assert "− Added by a script." in lines and "+ Added by me." in lines
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
    page.screenshot(path=tmp_path / f"conflict-{width}.png", full_page=True)
    assert api.full("acme", "stable-diffusion-xl")["readme"] == readme + "\nAdded by a script.\n"  # theirs kept


# --- the profile image ------------------------------------------------------------------------------


def test_chosen_image_survives_a_failed_save_and_is_saved_next(alice_page: Page, live_server, api, tmp_path):
    page = alice_page
    before = api.full("alice", "resnet-50")
    page.goto(f"{live_server.url}{edit_path('alice', 'resnet-50')}")
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_bytes((1200, 800), (20, 120, 220)))
    page.get_by_label("Profile image").set_input_files(str(photo))
    page.get_by_label("Remove the current image").check()  # refused with a new image: the save fails
    save_edit_page(page, "Profile image")
    expect(page.locator("#div_id_remove_profile_image .invalid-feedback")).to_be_visible()
    preview = page.get_by_test_id("profile-image-preview")
    expect(preview).to_have_attribute("src", re.compile(r"^data:image/jpeg;base64,"))
    assert preview.evaluate("img => img.naturalWidth") == 512  # the server's normalised copy
    expect(page.get_by_text("The image you chose was checked and is kept")).to_be_visible()
    kept = preview.get_attribute("src")
    assert api.full("alice", "resnet-50") == before  # nothing saved yet
    page.get_by_label("Remove the current image").uncheck()
    save_edit_page(page, "Profile image")
    expect(page.get_by_test_id("section-saved")).to_contain_text(
        "Saved Profile image settings of alice/resnet-50: Profile image."
    )
    after = api.full("alice", "resnet-50")
    assert changed_keys(before, after) == {"profileImage", "updateTime"}
    assert after["profileImage"] == kept


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("notes.png", b"this is text, not a PNG", "cannot be opened as an image"),
        ("notes.txt", b"plain text", "is not a PNG, JPEG, WebP or GIF image"),
    ],
)
def test_a_file_that_is_not_an_image_shows_an_error_not_a_broken_picture(
    alice_page: Page, live_server, tmp_path, name, content, error
):
    page = alice_page
    page.goto(f"{live_server.url}{edit_path('alice', 'resnet-50')}")
    preview = page.get_by_test_id("profile-image-preview")
    current = preview.get_attribute("src")
    bad = tmp_path / name
    bad.write_bytes(content)
    page.get_by_label("Profile image").set_input_files(str(bad))
    expect(page.get_by_test_id("profile-image-error")).to_contain_text(error)
    expect(page.get_by_test_id("profile-image-error")).to_contain_text(name)
    assert preview.get_attribute("src") == current  # the current image stays, no broken picture
    assert preview.evaluate("img => img.complete && img.naturalWidth > 0")


# --- the admin's Hardware follows Region ------------------------------------------------------------


def test_admin_hardware_follows_region_without_reload(admin_page: Page, live_server, api):
    page = admin_page
    page.goto(f"{live_server.url}{admin_path('alice', 'resnet-50')}")
    page.evaluate("window.__sameDocument = true")
    hardware, custom = page.locator("#id_hardware"), page.locator("#id_custom_hardware")
    expect(custom).to_be_hidden()
    expect(hardware.locator("option")).to_have_count(5)
    page.locator("#id_region").select_option("REGION_LOCAL")
    expect(hardware.locator("option")).to_have_text(["CPU", "GPU", "Custom…"])
    assert page.evaluate("window.__sameDocument") is True  # no page load happened
    expect(custom).to_be_hidden()
    hardware.select_option("__custom__")
    expect(custom).to_be_visible()
    custom.fill("tpu-v5e")
    before = api.full("alice", "resnet-50")
    save_admin(page)
    expect_admin_saved(page, "Region, Hardware")
    after = api.full("alice", "resnet-50")
    assert changed_keys(before, after) == {"region", "hardware", "updateTime"}
    assert (after["region"], after["hardware"]) == ("REGION_LOCAL", "tpu-v5e")


def test_admin_shows_custom_hardware_only_for_a_custom_value(page: Page, live_server, demo_data):
    demo_log_in(page, live_server, "admin")
    page.goto(f"{live_server.url}{admin_path('bob', 'garage-embeddings')}")
    expect(page.locator("#id_hardware")).to_have_value("__custom__")
    expect(page.locator("#id_custom_hardware")).to_be_visible()
    expect(page.locator("#id_custom_hardware")).to_have_value("rtx-4090")
    page.locator("#id_hardware").select_option("GPU")
    expect(page.locator("#id_custom_hardware")).to_be_hidden()
