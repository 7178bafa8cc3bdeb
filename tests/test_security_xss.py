"""Cross-site scripting: hostile text is stored as text and rendered inert.

PAYLOADS is the shared list of hostile inputs; phase 2 runs it through every page, the
admin and the rendered README. For now: the rules refuse script URLs, Django's
autoescaping renders stored text inert on the pages that exist, crispy forms and error
messages escape what they echo, and the README renderer (when present) sanitises.
"""

import html
import importlib
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.template import engines
from django.test import RequestFactory

from modelhub.forms import AIModelForm
from modelhub.models import AIModel, AuditEntry
from modelhub.services import aimodel_update
from modelhub.validators import validate_http_url

PAYLOADS = [
    "<script>alert(1)</script>",
    "<ScRiPt src=//evil.example/x.js></ScRiPt>",
    "<img src=x onerror=alert(1)>",
    '<svg onload="alert(1)">',
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    "<a href=x onmouseover=alert(1)>hover</a>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<iframe src="javascript:alert(1)"></iframe>',
    "<object data=javascript:alert(1)></object>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "{{ request.user }}{% csrf_token %}",
    "<!--<script>alert(1)//-->",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<base href=//evil.example/>",
]
HOSTILE_URLS = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "java\nscript:alert(1)",
    "javascript://example.com/%0aalert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.com/x",
    "//evil.example/x",
    "https://example.com/\x00",
    "https://example.com/\x85x",
    '"><script>alert(1)</script>',
]
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text", "data:application")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background"}
FORBIDDEN_TAGS = {"iframe", "frame", "object", "embed", "base", "svg", "math", "style", "link", "form"}


class LiveContent(HTMLParser):
    """Collects what a browser would run or load from a page: the XSS oracle.

    Our own pages have: <script src="/static/...">, stylesheets from /static/, forms
    posting to our paths. Anything else that can run script is reported.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self._in_script = True
            if not (attributes.get("src") or "").startswith("/static/"):
                self.found.append(f"<script {attributes}>")
        elif tag == "link":
            if not (attributes.get("href") or "").startswith("/static/"):
                self.found.append(f"<link {attributes}>")
        elif tag == "form":
            if (attributes.get("action") or "").strip().lower().startswith(SCRIPT_SCHEMES):
                self.found.append(f"<form {attributes}>")
        elif tag in FORBIDDEN_TAGS or (tag == "meta" and "http-equiv" in attributes):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            compact = "".join((value or "").split()).lower()
            if name.startswith("on") or name == "style":
                self.found.append(f"<{tag} {name}=...>")
            elif name in URL_ATTRIBUTES and compact.startswith(SCRIPT_SCHEMES):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append(f"inline script: {data.strip()[:40]!r}")


def live_content(output: str) -> list[str]:
    parser = LiveContent()
    parser.feed(output)
    parser.close()
    return parser.found


def assert_inert(output: str, payload: str) -> None:
    assert live_content(output) == [], f"live content for {payload!r}"
    assert "alert(1)</script>" not in output


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- the rules refuse script URLs --------------------------------------------------


@pytest.mark.parametrize("url", HOSTILE_URLS, ids=range(len(HOSTILE_URLS)))
def test_validator_refuses_non_http_urls(url):
    with pytest.raises(ValidationError):
        validate_http_url(url)


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["source_url", "documentation_url"])
@pytest.mark.parametrize("url", HOSTILE_URLS, ids=range(len(HOSTILE_URLS)))
def test_service_refuses_script_urls(aimodel, alice, field, url):
    with pytest.raises(ValidationError) as exc:
        aimodel_update(aimodel=aimodel, changes={field: url}, actor=alice, source="api")
    assert field in exc.value.message_dict
    assert getattr(AIModel.objects.get(pk=aimodel.pk), field) == ""
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_payloads_are_refused_as_ids(aimodel, alice, payload):
    with pytest.raises(ValidationError):
        aimodel_update(aimodel=aimodel, changes={"model_id": payload}, actor=alice, source="api")


# --- stored text renders inert -----------------------------------------------------


@pytest.fixture
def hostile_model(aimodel, alice):
    """`aimodel` with each payload stored as text, as a user could store it."""

    def store(payload):
        aimodel_update(
            aimodel=AIModel.objects.get(pk=aimodel.pk),
            changes={"description": payload[:1023], "license": payload[:255], "readme": payload},
            actor=alice,
            source="web",
        )
        return AIModel.objects.get(pk=aimodel.pk)

    return store


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_payloads_are_stored_verbatim(hostile_model, payload):
    """Text is not 'cleaned' on the way in (that corrupts data); it is escaped on the way out."""
    assert hostile_model(payload).description == payload


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_detail_and_list_pages_render_payloads_inert(client, hostile_model, payload):
    aimodel = hostile_model(payload)
    for url in (aimodel.get_absolute_url(), "/"):
        response = client.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert html.escape(payload, quote=False) in body or html.escape(payload) in body
        assert_inert(body, payload)


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_edit_form_and_its_errors_render_payloads_inert(aimodel, alice, payload):
    """Crispy's templates escape field values, and error messages quoting a value are escaped too."""
    data = {
        "model_id": payload[:63],
        "description": payload,
        "model_definition": "container",
        "configuration": "{}",
        "task": payload,
        "visibility": aimodel.visibility,
        "region": aimodel.region_id,
        "hardware": payload,
        "readme": payload,
        "source_url": payload,
        "documentation_url": "",
        "license": payload,
    }
    form = AIModelForm(data=data, instance=aimodel)
    if form.is_valid():
        assert form.submit(actor=alice, source="web") is None
    assert form.errors
    request = RequestFactory().get("/")
    request.user = alice
    rendered = (
        engines["django"].from_string("{% load crispy_forms_tags %}{% crispy form %}").render({"form": form}, request)
    )
    assert_inert(rendered, payload)


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS[:6], ids=range(6))
def test_login_page_renders_a_hostile_username_inert(client, payload):
    response = client.post("/accounts/login/", {"username": payload, "password": "x"}, REMOTE_ADDR="198.51.100.1")
    assert response.status_code in (200, 429)
    assert_inert(response.content.decode(), payload)


# --- the README renderer (modelhub/web/markdown.py, by the browser pages) -------------


def _readme_renderer():
    try:
        module = importlib.import_module("modelhub.web.markdown")
    except ImportError:
        pytest.skip("modelhub.web.markdown is not on this branch yet (phase 2)")
    for name in ("render_markdown", "render_readme", "markdown_to_html", "render"):
        if callable(renderer := getattr(module, name, None)):
            return renderer
    pytest.skip("no README renderer function found in modelhub.web.markdown")


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_readme_renderer_sanitises_payloads(payload):
    output = str(_readme_renderer()(payload))
    assert live_content(output) == [], (payload, output)


def test_the_oracle_sees_live_content():
    assert live_content("<p>ok</p><script src='/static/x.js'></script>") == []
    for bad in [*PAYLOADS[:6], *PAYLOADS[13:18]]:
        assert live_content(bad), bad
