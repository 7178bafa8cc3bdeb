"""Walk pages at desktop and phone width: axe-core, horizontal overflow, screenshots.

Used by tests/browser/test_page_sweep.py; also runnable by hand against a dev server:

    .venv/bin/python -m tests.browser.sweep_support http://127.0.0.1:8000 alice / /settings/tokens/
"""

import re
import sys
from pathlib import Path

from tests.browser.axe_support import axe_violations, format_violations

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts" / "sweep"
VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
# Every element wider than the viewport's right edge, for the failure message.
_OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')].filter(e => {
        const box = e.getBoundingClientRect();
        return box.right > width + 1 && box.width > 0 && getComputedStyle(e).position !== 'fixed';
    }).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
        + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
        + ' right=' + Math.round(e.getBoundingClientRect().right));
    return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, wide};
}"""

# Words (space-separated tokens of letters only, punctuation around them aside: URLs, IDs and
# code may wrap where they must) whose letters sit on more than one line: a word broken mid-way.
BROKEN_WORDS = r"""() => {
    const broken = [];
    const root = document.querySelector('main') || document.body;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest('pre, code, .visually-hidden') || !parent.getClientRects().length) continue;
        for (const match of node.data.matchAll(/(^|\s)[("'“‘]*([A-Za-z]{4,})[)"'”’.,:;!?]*(?=\s|$)/g)) {
            const start = match.index + match[0].indexOf(match[2]);
            const range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, start + match[2].length);
            const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
            if (tops.size > 1) broken.push(match[2]);
        }
    }
    return broken;
}"""


def clear_screenshots() -> None:
    """Remove the last sweep's screenshots, so that what is left is this run's."""
    for old in ARTIFACTS.glob("*.jpg"):
        old.unlink()


def screenshot_name(role: str, label: str, viewport: str) -> Path:
    return ARTIFACTS / f"{role}-{re.sub(r'[^A-Za-z0-9-]+', '_', label).strip('_')}@{VIEWPORTS[viewport]['width']}.jpg"


def check_page(page, *, role: str, label: str, viewport: str) -> list[str]:
    """axe (0 violations of any impact) and, on a phone, no sideways scrolling and no word broken
    mid-way; a full-page screenshot."""
    problems = []
    violations = axe_violations(page)
    if violations:
        problems.append(f"{role} {label} @{viewport}: axe\n{format_violations(violations)}")
    if viewport == "phone":
        sizes = page.evaluate(_OVERFLOW)
        if sizes["scrollWidth"] > sizes["innerWidth"]:
            problems.append(
                f"{role} {label} @{viewport}: page is {sizes['scrollWidth']} px wide in a "
                f"{sizes['innerWidth']} px viewport; widest: {sizes['wide']}"
            )
        if broken := page.evaluate(BROKEN_WORDS):
            problems.append(f"{role} {label} @{viewport}: words broken mid-way: {broken[:10]}")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # JPEG: a third of the time a PNG takes to encode, and plenty to look at.
    page.screenshot(path=screenshot_name(role, label, viewport), full_page=True, type="jpeg", quality=80)
    return problems


def sweep(page, base_url: str, role: str, pages: dict[str, tuple[str, int]]) -> list[str]:
    """Visit {label: (path, expected status)} at both widths; return every problem found."""
    problems = []
    for viewport, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        for label, (path, status) in pages.items():
            response = page.goto(base_url + path)
            if response is None or response.status != status:
                got = response.status if response else "no response"
                problems.append(f"{role} {label} @{viewport}: {path} answered {got}, expected {status}")
                continue
            problems += check_page(page, role=role, label=label, viewport=viewport)
    return problems


def _main(base: str, user: str, *paths: str) -> None:  # pragma: no cover - a developer's tool
    import django
    from playwright.sync_api import sync_playwright

    django.setup()
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        if user != "anon":
            page.goto(base + "/accounts/login/")
            page.get_by_label("Username").fill(user)
            page.get_by_label("Password").fill("modelhub-demo")
            page.get_by_role("button", name="Log in").click()
            page.wait_for_load_state()
        pages = {}
        for path in paths:
            status = 200
            if "=" in path and path.split("=")[0].isdigit():
                status, path = int(path.split("=")[0]), path.split("=", 1)[1]
            pages[path] = (path, status)
        problems = sweep(page, base, user, pages)
        print("\n".join(problems) or "no problems")
        browser.close()


if __name__ == "__main__":  # pragma: no cover
    _main(*sys.argv[1:])
