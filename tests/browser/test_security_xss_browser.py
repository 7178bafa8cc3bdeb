"""Stored XSS in a real browser: no dialog opens and no injected element exists on any page.

The Content-Security-Policy would block injected inline script anyway, so this test turns
it off (`bypass_csp`): what it proves is that the output is escaped, the first defence; the
policy is the second (tests/test_security_csp_browser.py). The hostile rows are written
with the factories (tests/test_security_xss_pages.py), past the input rules.
"""

import pytest

from tests.browser.conftest import log_in
from tests.xss_support import HOSTILE_URLS, PAYLOADS, pages, store_hostile_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every payload at once in the long fields; the short ones get what fits.
ALL_PAYLOADS = "\n".join(PAYLOADS)
# What a successful injection would leave in the DOM: foreign scripts, frames and plugins,
# <base>/<meta http-equiv>, any on* handler attribute, any script URL in a link or source.
FIND_INJECTED = """() => [...document.querySelectorAll('*')].filter(e =>
    (e.tagName === 'SCRIPT' && !/^\\/(static|admin)\\//.test(e.getAttribute('src') || ''))
    || ['IFRAME', 'OBJECT', 'EMBED', 'BASE'].includes(e.tagName)
    || (e.tagName === 'META' && e.hasAttribute('http-equiv'))
    || [...e.attributes].some(a => a.name.startsWith('on')
        || (['href', 'src', 'action', 'formaction'].includes(a.name)
            && /^\\s*(javascript|vbscript|data:text)/i.test(a.value.replace(/\\s/g, ''))))
).map(e => e.outerHTML.slice(0, 200))"""


@pytest.fixture
def hostile_browser_page(browser, live_server, alice_ns, superuser, bob, moderator):
    """A signed-in superuser (every page: admin, moderation, edit; the tokens page shows the
    superuser's own token and requests, stored with the payloads too) with CSP turned off."""
    aimodel = store_hostile_rows(
        ALL_PAYLOADS, namespace=alice_ns, owner=superuser, reporter=bob, moderator=moderator, url=HOSTILE_URLS[0]
    )
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message} at {page.url}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    log_in(page, live_server, superuser.username)
    yield page, aimodel, dialogs
    context.close()


def test_no_dialog_opens_on_any_page_with_payloads_in_every_field(hostile_browser_page, live_server):
    page, aimodel, dialogs = hostile_browser_page
    visited = []
    for name, path in pages(aimodel).items():
        if name == "report-form":
            continue  # the superuser may report too, but the page is the same form as bob's
        response = page.goto(live_server.url + path)
        assert response.status == 200, (name, path, response.status)
        assert "script-src" not in (response.headers.get("content-security-policy-report-only") or "")
        page.wait_for_load_state("load")
        page.mouse.move(5, 5)
        page.mouse.move(400, 300)  # hover handlers (onmouseover) would fire now
        assert page.evaluate(FIND_INJECTED) == [], name
        visited.append(name)
    assert dialogs == [], dialogs
    assert len(visited) == len(pages(aimodel)) - 1


def test_the_dialog_check_sees_a_real_injection(browser, live_server):
    """The oracle works: with the policy off, an injected handler does open a dialog."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + "/accounts/login/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=alert(1)>')")
    page.wait_for_timeout(300)
    found = page.evaluate(FIND_INJECTED)
    context.close()
    assert dialogs == ["1"]
    assert found == ['<img src="x" onerror="alert(1)">']
