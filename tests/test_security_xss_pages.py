"""Stored XSS, every page: hostile text in every text field renders inert.

The rows are written with the factories directly, not through the service: the rules refuse
some payloads (script URLs, bad hardware names), and this proves the output is escaped
whatever is stored — input validation is the first fence, escaping the second. The oracle
is tests/test_security_xss.py's HTML parser (anything a browser would run or load).
"""

from collections import Counter

import pytest
from django.db import transaction
from django.test import Client

from modelhub.models import ApiRequest, AuditEntry, ModerationNote, Report, ReportReason, Visibility
from modelhub.services import token_create
from tests.factories import AIModelFactory, ModelDefinitionFactory
from tests.test_security_xss import HOSTILE_URLS, PAYLOADS, live_content

pytestmark = pytest.mark.django_db


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


def who_sees(page: str, users: dict):
    if page.startswith(("admin-", "moderation-")):
        return users["superuser"]
    if page == "report-form":
        return users["bob"]
    return users["alice"]  # the owner: every field, the edit form, the tokens page


@pytest.fixture
def users(alice, bob, moderator, superuser):
    return {"alice": alice, "bob": bob, "moderator": moderator, "superuser": superuser}


def live_content_by_page(users) -> dict[str, Counter]:
    found = {}
    for page, url in pages(AIModelFactory._meta.model.objects.get(model_id="hostile")).items():
        client = Client()
        client.force_login(who_sees(page, users))
        response = client.get(url)
        assert response.status_code == 200, (page, url, response.status_code)
        found[page] = Counter(live_content(response.content.decode()))
    return found


_BASELINE: dict[str, Counter] = {}


def baseline(users, namespace) -> dict[str, Counter]:
    """What the pages run with harmless text stored: the admin's own chrome (its jsi18n script,
    its theme-toggle <svg> icons). Computed once, in a rolled-back transaction."""
    if not _BASELINE:
        with transaction.atomic():
            store_hostile_rows("plain", namespace=namespace, url="https://example.com/", **roles(users))
            _BASELINE.update(live_content_by_page(users))
            transaction.set_rollback(True)
    return _BASELINE


def roles(users) -> dict:
    return {"owner": users["alice"], "reporter": users["bob"], "moderator": users["moderator"]}


def assert_every_page_inert(users, namespace, payload, url):
    chrome = baseline(users, namespace)
    store_hostile_rows(payload, namespace=namespace, url=url, **roles(users))
    for page, found in live_content_by_page(users).items():
        assert not found - chrome[page], (page, payload, url, list(found - chrome[page]))


@pytest.mark.parametrize("n", range(len(PAYLOADS)), ids=str)
def test_stored_payloads_render_inert_on_every_page(users, alice_ns, n):
    """Each payload in every text field, and a script URL (escaping does not disarm an href:
    a stored javascript: URL must never become a link) in the URL fields and the README."""
    assert_every_page_inert(users, alice_ns, PAYLOADS[n], url=HOSTILE_URLS[n % len(HOSTILE_URLS)])


def test_a_real_url_is_still_a_link(client, aimodel):
    type(aimodel).objects.filter(pk=aimodel.pk).update(source_url="https://example.com/src")
    body = client.get(aimodel.get_absolute_url()).content.decode()
    assert '<a href="https://example.com/src"' in body
