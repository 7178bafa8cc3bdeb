"""Shared pieces of the XSS tests: the hostile inputs, the oracle (what a browser would run or
load from a page), and rows carrying a payload in every text field with the pages that show them."""

from html.parser import HTMLParser

from modelhub.models import ApiRequest, AuditEntry, ModerationNote, Report, ReportReason, Visibility
from modelhub.services import token_create
from tests.factories import AIModelFactory, ModelDefinitionFactory

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


def store_hostile_rows(payload: str, *, namespace, owner, reporter, moderator, url: str):
    """A public and a private model with `payload` in every text field (and `url` in the URL
    fields), plus an audit entry, an open report, a moderation note, a token and an API
    request log line carrying it."""
    url = url.replace("\x00", "")  # PostgreSQL cannot store a NUL (the rules refuse it anyway)
    definition = ModelDefinitionFactory(definition_id="open", model_spec={"type": "object"}, title=payload[:100])
    fields = {
        "namespace": namespace,
        "model_definition": definition,
        "description": payload[:1023],
        "readme": f"# {payload}\n\n{payload}\n\n[link]({url})",
        "license": payload[:255],
        "source_url": url[:255],
        "documentation_url": url[:255],
        "configuration": {payload: payload},
        "region_id": "REGION_LOCAL",
        "hardware": payload[:63],
    }
    public = AIModelFactory(model_id="hostile", **fields)
    AIModelFactory(model_id="hostile-private", visibility=Visibility.PRIVATE, **fields)
    AuditEntry.objects.create(
        aimodel=public,
        actor=owner,
        source="web",
        message=payload,
        changes={"description": {"old": payload, "new": payload}, "readme": {"old": payload, "new": url}},
    )
    Report.objects.create(aimodel=public, reporter=reporter, reason=ReportReason.OTHER, text=payload)
    ModerationNote.objects.create(aimodel=public, author=moderator, text=payload)
    token, _ = token_create(user=owner, name=payload[:100])
    ApiRequest.objects.create(
        user=owner, token=token, method="PATCH", path=f"/v1alpha/{payload}"[:255], status=400, user_agent=payload[:255]
    )
    return public


def pages(aimodel) -> dict[str, str]:
    name = f"namespaces/{aimodel.namespace.namespace_id}/models/{aimodel.model_id}"
    private = f"namespaces/{aimodel.namespace.namespace_id}/models/hostile-private"
    report = Report.objects.get(aimodel=aimodel)
    audit = AuditEntry.objects.get(aimodel=aimodel)
    return {
        "list": "/",
        "list-search": "/?q=hostile",
        "detail": f"/{name}/",
        "detail-private": f"/{private}/",
        "edit": f"/{name}/edit/",
        "history": f"/{name}/history/",
        "tokens": "/settings/tokens/",
        "moderation-queue": "/moderation/",
        "moderation-model": f"/moderation/models/{aimodel.uid}/",
        "report-form": f"/moderation/models/{aimodel.uid}/report/",
        "admin-aimodels": "/admin/modelhub/aimodel/",
        "admin-aimodels-search": "/admin/modelhub/aimodel/?q=hostile",
        "admin-aimodel": f"/admin/modelhub/aimodel/{aimodel.uid}/change/",
        "admin-audit": "/admin/modelhub/auditentry/",
        "admin-audit-entry": f"/admin/modelhub/auditentry/{audit.pk}/change/",
        "admin-reports": "/admin/modelhub/report/",
        "admin-report": f"/admin/modelhub/report/{report.pk}/change/",
        "admin-notes": "/admin/modelhub/moderationnote/",
        "admin-definition": f"/admin/modelhub/modeldefinition/{aimodel.model_definition.pk}/change/",
        "admin-tokens": "/admin/modelhub/apitoken/",
        "admin-requests": "/admin/modelhub/apirequest/",
    }
