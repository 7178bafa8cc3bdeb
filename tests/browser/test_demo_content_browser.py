"""In Chromium, on the demo data, at desktop and phone width: a visitor sees model pages that read
like real model cards: proper names ("Stable Diffusion XL", not "Stable Diffusion Xl"), links to
real public sites, no invented host and no word about the seeding command; the API agrees."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.demo_support import WIDTHS, assert_page_is_sound

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REAL_HOSTS = {"github.com", "huggingface.co", "arxiv.org", "www.mvtec.com"}
SCAFFOLD_WORDS = ("seed_demo", "example.com", "Demo data", "Stable Diffusion Xl", "Paddle Ocr")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_visitor_reads_real_model_cards_on_the_public_demo_models(demo_data, browser, live_server, width):
    context = browser.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    names = page.locator("a[href^='/namespaces/'][href*='/models/']").evaluate_all(
        "links => [...new Set(links.map(a => new URL(a.href).pathname))]"
    )
    model_pages = [path for path in names if path.count("/") == 5]  # /namespaces/<ns>/models/<id>/
    assert "/namespaces/acme/models/stable-diffusion-xl/" in model_pages, model_pages

    for path in model_pages:
        page.goto(f"{live_server.url}{path}")
        text = page.locator("main").inner_text()
        for word in SCAFFOLD_WORDS:
            assert word not in text, f"{path} says {word!r}"
        hrefs = page.get_by_test_id("readme").locator("a[href^='http']").evaluate_all("links => links.map(a => a.href)")
        assert hrefs, f"{path}: the README links nowhere"
        assert all(urlsplit(href).hostname in REAL_HOSTS for href in hrefs), (path, hrefs)

    page.goto(f"{live_server.url}/namespaces/acme/models/stable-diffusion-xl/")
    expect(page.get_by_test_id("readme").locator("h1")).to_have_text("Stable Diffusion XL")
    assert_page_is_sound(page, f"a demo model's page @{width}")

    stored = page.request.get(f"{live_server.url}/v1alpha/namespaces/acme/models/stable-diffusion-xl?view=VIEW_FULL")
    assert stored.status == 200 and stored.json()["model"]["readme"].startswith("# Stable Diffusion XL\n")
    context.close()
