"""The Content-Security-Policy in a real browser: pages work and nothing is blocked."""

import pytest

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def violations(page):
    """Console errors about the policy, and uncaught script errors, as they happen."""
    seen: list[str] = []
    page.on(
        "console", lambda msg: seen.append(msg.text) if msg.type == "error" and "policy" in msg.text.lower() else None
    )
    page.on("pageerror", lambda exc: seen.append(f"pageerror: {exc}"))
    page.on(
        "response",
        lambda r: seen.append(f"{r.status} {r.url}")
        if r.status >= 400 and r.request.resource_type != "document" and not r.url.endswith("/favicon.ico")
        else None,
    )
    return seen


def test_public_pages_load_without_policy_violations(page, live_server, aimodel, violations):
    for path in ("/", "/accounts/login/", aimodel.get_absolute_url(), "/admin/login/"):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
    assert violations == []


def test_login_and_admin_pages_work_under_the_policy(page, live_server, superuser, aimodel, violations):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    # Bootstrap's bundle runs (it is a static file): the navbar collapses on a narrow screen.
    page.set_viewport_size({"width": 500, "height": 800})
    page.click(".navbar-toggler")
    page.wait_for_selector("#nav.show")
    for path in ("/admin/", "/admin/modelhub/", f"/admin/modelhub/aimodel/{aimodel.pk}/change/"):
        response = page.goto(live_server.url + path)
        assert response.status in (200, 404), path  # the admin registration lands with phase 2
    assert violations == []


def test_throttled_login_is_refused_in_the_browser(page, live_server, alice, violations):
    page.goto(live_server.url + "/accounts/login/")
    for _ in range(5):
        page.fill("input[name=username]", "alice")
        page.fill("input[name=password]", "wrong")
        page.click("button[type=submit]")
        page.wait_for_load_state()
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_response(lambda r: r.request.method == "POST") as info:
        page.click("button[type=submit]")
    assert info.value.status == 429
    assert "Too many failed login attempts; try again in 15 minutes." in page.content()
    assert violations == []


def test_the_policy_blocks_injected_inline_script(page, live_server, violations):
    """What an XSS would try: an injected inline script does not run, and the browser says so."""
    page.goto(live_server.url + "/accounts/login/")
    with page.expect_console_message(lambda msg: "Content Security Policy" in msg.text):
        page.evaluate(
            """() => {
                const s = document.createElement('script');
                s.textContent = 'window.pwned = 1';
                document.body.appendChild(s);
            }"""
        )
    assert page.evaluate("window.pwned") is None
    assert any("Content Security Policy" in v for v in violations), violations
