"""In Chromium, on the demo data, at desktop and phone width: the list page's "Sort by" puts the
rows in the chosen order and says so, and the order survives the other filters."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from modelhub.models import AIModel
from tests.browser.demo_support import WIDTHS, assert_page_is_sound, log_in_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shown_names(page) -> list[str]:
    return [name.strip() for name in page.get_by_test_id("model-list").locator("li a.fw-semibold").all_inner_texts()]


@pytest.mark.parametrize("width", WIDTHS)
def test_sort_by_name_and_by_last_update(demo_data, browser, live_server, width):
    context = browser.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    log_in_demo(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("result-count")).to_contain_text("sorted by recently created")
    by_created = shown_names(page)
    assert len(by_created) >= 3

    if page.get_by_role("button", name="Filters").is_visible():  # a phone keeps the filters folded
        page.get_by_role("button", name="Filters").click()
        expect(page.locator("#list-filters")).to_have_class(re.compile(r"\bshow\b"))  # unfolded, not unfolding
    page.get_by_label("Sort by").select_option(label="Name (A–Z)")
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(page.get_by_test_id("result-count")).to_contain_text("sorted by name (a–z)")
    by_name = shown_names(page)
    assert by_name == sorted(by_name, key=lambda name: name.split("/", 1)[1]) and by_name != by_created
    assert sorted(by_name) == sorted(by_created)  # the same models, in another order
    assert_page_is_sound(page, f"the list sorted by name @{width}")

    # The model changed last comes first when sorted by last update.
    AIModel.objects.filter(namespace__namespace_id="alice", model_id="paddle-ocr").update(update_time=timezone.now())
    page.goto(f"{live_server.url}/?sort=updated")
    expect(page.get_by_label("Sort by")).to_have_value("updated")
    assert shown_names(page)[0] == "alice/paddle-ocr"
    context.close()
