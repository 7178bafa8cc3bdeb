"""In Chromium, on the demo data: a model the moderators hid shows its visibility locked in the
Danger zone (the lock, the reason, the moderators' note) and offers no "Public"; the rest of the
settings still save, and the API shows the model still private."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from modelhub.models import AIModel
from modelhub.services import aimodel_hide, moderation_note_create
from tests.browser.demo_support import WIDTHS, assert_page_is_sound, log_in_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDIT = "/namespaces/acme/models/stable-diffusion-xl/edit/"
API = "/v1alpha/namespaces/acme/models/stable-diffusion-xl"


@pytest.fixture
def hidden(demo_data):
    users = {u.username: u for u in get_user_model().objects.all()}
    aimodel = AIModel.objects.get(namespace__namespace_id="acme", model_id="stable-diffusion-xl")
    aimodel_hide(aimodel=aimodel, actor=users["moderator"], note="The weights' licence is unclear.", share_note=True)
    moderation_note_create(aimodel=aimodel, author=users["moderator"], text="Add the licence file and tell us.")
    return aimodel


@pytest.mark.parametrize("width", WIDTHS)
def test_the_locked_visibility_says_why_and_offers_no_public(hidden, page, live_server, width, screenshot_pages):
    screenshot_pages["edit"] = EDIT
    page.set_viewport_size(WIDTHS[width])
    log_in_demo(page, live_server.url, "alice")
    page.goto(live_server.url + EDIT)
    locked = page.get_by_test_id("visibility-locked")
    expect(locked).to_contain_text("Locked: hidden by moderators")
    expect(locked.get_by_test_id("hidden-reason")).to_have_text("Reason: The weights' licence is unclear.")
    note = "Note from the moderators: Add the licence file and tell us."
    expect(locked.get_by_test_id("hidden-note")).to_have_text(note)
    danger = page.locator("#section-danger")
    assert danger.get_by_label("Visibility").count() == 0
    assert danger.locator("option[value=VISIBILITY_PUBLIC]").count() == 0
    assert danger.get_by_text("Public", exact=True).count() == 0
    assert_page_is_sound(page, f"the hidden model's settings @{width}")

    # the other settings still save; the model stays private (read back through the API)
    page.get_by_label("Description").fill(f"Text-to-image, checked at {width} width.")
    page.get_by_role("button", name="Save General").click()
    expect(page.get_by_test_id("section-saved")).to_contain_text("Saved General settings of")
    record = page.request.get(live_server.url + API).json()["model"]
    assert record["visibility"] == "VISIBILITY_PRIVATE"
    assert record["description"] == f"Text-to-image, checked at {width} width."
