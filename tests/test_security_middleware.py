"""Security headers on every response, and templates that a CSP without inline script allows."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from modelhub.security.middleware import CONTENT_SECURITY_POLICY

TEMPLATES = Path(settings.BASE_DIR) / "templates"
CSP_DIRECTIVES = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
}


def directives(header: str) -> set[str]:
    return {part.strip() for part in header.split(";")}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/admin/login/", "/no-such-page/"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert directives(response["Content-Security-Policy"]) == CSP_DIRECTIVES
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_detail_page_carries_the_headers(client, aimodel):
    response = client.get(aimodel.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_a_view_may_set_its_own_policy(rf):
    from django.http import HttpResponse

    from modelhub.security.middleware import SecurityHeadersMiddleware

    def view(request):
        response = HttpResponse("ok")
        response["Content-Security-Policy"] = "default-src 'none'"
        return response

    response = SecurityHeadersMiddleware(view)(rf.get("/"))
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Permissions-Policy"]


def test_debug_error_pages_are_exempt_only_in_debug(rf, settings):
    from django.http import HttpResponseServerError

    from modelhub.security.middleware import SecurityHeadersMiddleware

    middleware = SecurityHeadersMiddleware(lambda request: HttpResponseServerError("boom"))
    settings.DEBUG = True
    assert "Content-Security-Policy" not in middleware(rf.get("/"))
    settings.DEBUG = False
    assert middleware(rf.get("/"))["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_base_template_turns_off_htmx_inline_indicator_styles():
    html = (TEMPLATES / "base.html").read_text()
    config = re.search(r"""<meta name="htmx-config" content='([^']*)'>""", html)
    assert config and json.loads(config.group(1))["includeIndicatorStyles"] is False


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_have_nothing_the_policy_blocks(template):
    """No inline script, handler attribute, style attribute or javascript: URL in any template."""
    html = template.read_text()
    assert not INLINE_SCRIPT.search(html), "inline <script>: move it to static/js/"
    assert not EVENT_HANDLER.search(html), "on*= handler attribute: bind it from static/js/"
    assert not STYLE_ATTRIBUTE.search(html), "style= attribute: use a class in a static stylesheet"
    assert not JAVASCRIPT_URL.search(html)
    assert "|safe" not in html.replace(" ", ""), "|safe on template data"
