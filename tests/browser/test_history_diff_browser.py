"""In Chromium, on the demo data, at desktop and phone width: when a key is added at the end of a
configuration, the history page marks only that line as added; the line before it, which only
gained a trailing comma, stays unchanged context. The API returns the new configuration."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from modelhub.models import AIModel
from modelhub.services import aimodel_update
from tests.browser.demo_support import WIDTHS, assert_page_is_sound, log_in_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPO_ID = "stabilityai/stable-diffusion-xl-base-1.0"


@pytest.mark.parametrize("width", WIDTHS)
def test_a_key_added_at_the_end_is_the_only_changed_line(demo_data, browser, live_server, width):
    sdxl = AIModel.objects.get(namespace__namespace_id="acme", model_id="stable-diffusion-xl")
    assert sdxl.configuration == {"repo_id": REPO_ID}
    alice = get_user_model().objects.get(username="alice")
    aimodel_update(
        aimodel=sdxl, changes={"configuration": {"repo_id": REPO_ID, "revision": "v1.0"}}, actor=alice, source="api"
    )

    context = browser.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    log_in_demo(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/namespaces/acme/models/stable-diffusion-xl/history/")
    diff = page.locator("pre.diff").first
    expect(diff).to_be_visible()
    expect(diff.locator("span.add")).to_have_count(1)
    expect(diff.locator("span.add")).to_contain_text('"revision": "v1.0"')
    expect(diff.locator("span.del")).to_have_count(0)
    expect(diff.locator("span.ctx", has_text=REPO_ID)).to_have_count(1)
    assert_page_is_sound(page, f"the history page with a configuration diff @{width}")

    stored = page.request.get(f"{live_server.url}/v1alpha/namespaces/acme/models/stable-diffusion-xl?view=VIEW_FULL")
    assert stored.status == 200 and stored.json()["model"]["configuration"] == {"repo_id": REPO_ID, "revision": "v1.0"}
    context.close()
