"""In Chromium, on the demo data, at desktop and phone width: no request answers 404 (the
favicon), the report page of a model you already reported says so, and the tokens page shows
one "copy it now" box for a new token (which works against the API)."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from modelhub.models import AIModel
from modelhub.services import report_create
from tests.browser.demo_support import WIDTHS, assert_page_is_sound, log_in_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_404_the_report_page_and_one_copy_box(demo_data, browser, live_server, width):
    paddle = AIModel.objects.get(namespace__namespace_id="alice", model_id="paddle-ocr")
    report_create(aimodel=paddle, reporter=get_user_model().objects.get(username="bob"), reason="spam", text="")
    context = browser.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    missing = []
    page.on("response", lambda response: missing.append(response.url) if response.status == 404 else None)
    log_in_demo(page, live_server.url, "bob")
    page.goto(f"{live_server.url}/namespaces/alice/models/paddle-ocr/")
    page.goto(f"{live_server.url}/moderation/models/{paddle.pk}/report/")
    expect(page.get_by_test_id("already-reported")).to_contain_text("You already reported this model")
    expect(page.get_by_label("Reason")).to_have_count(0)
    assert_page_is_sound(page, f"the report page, already reported @{width}")

    page.goto(f"{live_server.url}/settings/tokens/")
    page.get_by_label("Name").fill("Laptop")
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_text(re.compile("copy it now", re.I))).to_have_count(1)
    expect(page.get_by_test_id("message")).to_have_count(0)
    raw = page.get_by_test_id("new-token-value").inner_text().strip()
    assert_page_is_sound(page, f"the tokens page with a new token @{width}")
    api = page.request.get(
        f"{live_server.url}/v1alpha/namespaces/bob/models", headers={"Authorization": f"Bearer {raw}"}
    )
    assert api.status == 200
    assert missing == []  # the favicon included
    context.close()
