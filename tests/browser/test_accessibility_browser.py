"""Accessibility that axe-core cannot see, measured in Chromium: the skip link is visible and on
top when focused, focus rings reach 3:1 against what is behind them (WCAG 1.4.11), the Hardware
refresh is announced in a live region, and no word is broken mid-way at 390 px."""

import pytest
from playwright.sync_api import Page, expect

from modelhub.services import aimodel_update
from tests.browser.conftest import log_in
from tests.browser.sweep_support import BROKEN_WORDS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# The focused element's outline and the colour behind it (the first opaque background up the tree).
_FOCUS_RING = """el => {
    const style = getComputedStyle(el);
    let node = el.parentElement, background = 'rgb(255, 255, 255)';
    for (; node; node = node.parentElement) {
        const bg = getComputedStyle(node).backgroundColor;
        const alpha = bg.startsWith('rgba') ? parseFloat(bg.split(',')[3]) : 1;
        if (bg !== 'transparent' && alpha > 0.9) { background = bg; break; }
    }
    return {color: style.outlineColor, width: parseFloat(style.outlineWidth), style: style.outlineStyle,
            background, focused: document.activeElement === el};
}"""


def _rgb(css: str) -> tuple[float, ...]:
    return tuple(float(part) for part in css[css.index("(") + 1 : css.index(")")].split(",")[:3])


def contrast(a: str, b: str) -> float:
    def luminance(rgb):
        channels = [c / 255 for c in rgb]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(_rgb(a)), luminance(_rgb(b))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_helper_matches_known_ratios():
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1) == 21.0
    assert contrast("rgb(255, 255, 255)", "rgb(255, 255, 255)") == 1.0


def test_skip_link_is_the_first_tab_stop_visible_on_top_and_moves_focus_to_the_content(page: Page, live_server):
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 20, box
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('.skip-link') !== null",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert on_top, "the skip link is drawn behind something"
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


@pytest.mark.parametrize("viewport", [{"width": 1440, "height": 900}, PHONE], ids=["1440", "390"])
def test_focus_rings_reach_3_to_1_against_their_background(page: Page, live_server, alice, aimodel, viewport):
    page.set_viewport_size(viewport)
    log_in(page, live_server, "alice")
    targets = {
        f"{aimodel.get_absolute_url()}": ["nav a.navbar-brand", "main a[href$='/history/']", "main a.btn", "footer a"],
        f"{aimodel.get_absolute_url()}edit/": [
            "#id_description",
            "#id_tags_entry",
            "#id_task",
            "#settings-form-general button[name=save]",
            ".settings-nav a",
            ".settings-jump summary",
        ],
        "/settings/tokens/": ["#id_name", "main button[type=submit]"],
    }
    measured = []
    for path, selectors in targets.items():
        page.goto(f"{live_server.url}{path}")
        page.keyboard.press("Tab")  # keyboard modality: :focus-visible applies to what is focused next
        for selector in selectors:
            element = page.locator(selector).first
            if not element.is_visible():  # e.g. the section nav on a phone
                continue
            element.focus()
            ring = element.evaluate(_FOCUS_RING)
            assert ring["focused"], selector
            ratio = contrast(ring["color"], ring["background"])
            measured.append((path, selector, round(ratio, 2)))
            assert ring["style"] != "none" and ring["width"] >= 2, (selector, ring)
            assert ratio >= 3, f"{path} {selector}: focus ring {ring['color']} on {ring['background']} is {ratio:.2f}:1"
    assert len(measured) >= 8, measured


def test_hardware_refresh_is_announced_in_a_live_region(page: Page, live_server, alice, aimodel):
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}{aimodel.get_absolute_url()}edit/")
    status = page.get_by_test_id("hardware-status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_text("")
    page.locator("#id_region").select_option("REGION_LOCAL")
    expect(status).to_have_text("Hardware options updated for Local: 3 choices, CPU selected.")


def test_no_word_is_broken_mid_way_at_390_px(page: Page, live_server, alice, aimodel, screenshot_pages):
    """Long labels, titles, task names and a long README line on the pages that had them broken."""
    aimodel_update(
        aimodel=aimodel,
        changes={
            "task": "TASK_INSTANCE_SEGMENTATION",
            "readme": "# Classification\n\nInternationalization considerations notwithstanding, everything fits.\n",
        },
        actor=alice,
        source="web",
    )
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "alice")
    base = aimodel.get_absolute_url()
    problems = {}
    for path in ("/", base, f"{base}edit/", f"{base}history/", "/settings/tokens/", "/namespaces/alice/models/new/"):
        screenshot_pages[path] = path
        page.goto(f"{live_server.url}{path}")
        if broken := page.evaluate(BROKEN_WORDS):
            problems[path] = broken
    assert not problems, problems


def test_the_broken_word_check_sees_a_real_break(page: Page):
    page.set_content('<main><p style="width: 60px; overflow-wrap: anywhere">Classification fits</p></main>')
    assert page.evaluate(BROKEN_WORDS) == ["Classification"]
    page.set_content('<main><p style="width: 200px; overflow-wrap: anywhere">Classification fits</p></main>')
    assert page.evaluate(BROKEN_WORDS) == []
