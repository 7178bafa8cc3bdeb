"""The axe-core helper itself: it finds real violations, passes clean markup, and loads under
the site's Content-Security-Policy."""

import pytest

from tests.browser.axe_support import AXE_VERSION, assert_no_axe_violations, axe_violations

pytestmark = [pytest.mark.browser]

CLEAN = """<!doctype html><html lang="en"><head><title>Clean</title></head>
<body><main><h1>Clean</h1><p>Nothing wrong here.</p></main></body></html>"""
BROKEN = """<!doctype html><html lang="en"><head><title>Broken</title></head>
<body><main><h1>Broken</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<table><tr><th></th><td>x</td></tr></table></main></body></html>"""


def test_clean_markup_passes(page):
    page.set_content(CLEAN)
    assert_no_axe_violations(page, "clean markup")


def test_violations_are_listed_with_id_impact_and_target(page):
    page.set_content(BROKEN)
    ids = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "empty-table-header"} <= ids
    with pytest.raises(AssertionError) as failure:
        assert_no_axe_violations(page, "broken markup")
    message = str(failure.value)
    assert "on broken markup" in message
    assert "image-alt (critical)" in message
    assert "at img" in message


@pytest.mark.django_db(transaction=True)
def test_axe_loads_under_the_site_csp(page, live_server):
    response = page.goto(f"{live_server.url}/accounts/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    axe_violations(page)  # raises if the script could not run
    assert page.evaluate("() => axe.version") == AXE_VERSION
