"""CSRF on every browser POST, API tokens that stop working when revoked (or when their user
is deactivated) on every endpoint, and the security headers on every kind of response."""

import pytest
from django.test import Client
from PIL import Image

from modelhub.images import image_to_data_uri
from modelhub.models import ApiToken, Report, ReportReason
from modelhub.services import token_create, token_revoke
from tests.api_support import model_url, patch_json
from tests.factories import AIModelFactory
from tests.security_input_support import png
from tests.support import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(alice_ns, container, bob):
    image = image_to_data_uri(png(Image.new("RGB", (8, 8))))
    aimodel = AIModelFactory(namespace=alice_ns, model_id="target", model_definition=container, profile_image=image)
    Report.objects.create(aimodel=aimodel, reporter=bob, reason=ReportReason.SPAM, text="spam")
    return aimodel


def browser_posts(aimodel, token_id: int) -> dict[str, tuple[str, dict]]:
    report = Report.objects.get(aimodel=aimodel)
    uid = aimodel.uid
    return {
        "edit": (f"/namespaces/alice/models/{aimodel.model_id}/edit/", {"description": "x"}),
        "new": ("/namespaces/alice/models/new/", {"model_id": "fresh"}),
        "token-create": ("/settings/tokens/", {"name": "stolen"}),
        "token-revoke": (f"/settings/tokens/{token_id}/revoke/", {}),
        "report": (f"/moderation/models/{uid}/report/", {"reason": "spam", "text": "x"}),
        "hide": (f"/moderation/models/{uid}/hide/", {"note": "x"}),
        "restore": (f"/moderation/models/{uid}/restore/", {"note": "x"}),
        "note": (f"/moderation/models/{uid}/notes/", {"text": "x"}),
        "dismiss": (f"/moderation/reports/{report.pk}/dismiss/", {"note": "x"}),
        "admin-change": (f"/admin/modelhub/aimodel/{uid}/change/", {"description": "x"}),
        "admin-changelist-action": ("/admin/modelhub/aimodel/", {"action": "hide", "_selected_action": [str(uid)]}),
        "logout": ("/accounts/logout/", {}),
    }


ROUTES = [
    "edit",
    "new",
    "token-create",
    "token-revoke",
    "report",
    "hide",
    "restore",
    "note",
    "dismiss",
    "admin-change",
    "admin-changelist-action",
    "logout",
]


@pytest.mark.parametrize("route", ROUTES)
def test_every_browser_post_needs_the_csrf_token(superuser, target, route):
    token, _ = token_create(user=superuser, name="mine")
    url, data = browser_posts(target, token.pk)[route]
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    before = snapshot(target)

    refused = client.post(url, data)
    assert refused.status_code == 403, (url, refused.status_code)
    assert "CSRF" in refused.content.decode()
    assert snapshot(target) == before
    assert ApiToken.objects.filter(user=superuser).count() == 1
    assert ApiToken.objects.get(pk=token.pk).revoke_time is None
    assert Report.objects.count() == 1 and Report.objects.get().is_open
    assert "_auth_user_id" in client.session  # not logged out either

    client.get("/settings/tokens/")  # a page with a form sets the CSRF cookie
    accepted = client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert accepted.status_code != 403, (url, accepted.content[:300])


def test_an_api_patch_with_a_session_needs_the_csrf_header(alice, target):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    before = snapshot(target)
    response = patch_json(client, model_url(target), {"description": "x"})
    assert response.status_code == 403 and "CSRF" in response.json()["message"]
    assert snapshot(target) == before
    client.get("/settings/tokens/")
    headers = {"X-CSRFToken": client.cookies["csrftoken"].value}
    assert patch_json(client, model_url(target), {"description": "x"}, headers).status_code == 200


# --- tokens: revoked, or of an inactive user, refused everywhere ------------------------

API_CALLS = [
    ("GET", "/v1alpha/namespaces/alice/models"),
    ("GET", "/v1alpha/namespaces/alice/models/target"),
    ("GET", "/v1alpha/namespaces/alice/models/target?view=VIEW_FULL"),
    ("GET", "/v1alpha/namespaces/alice/models/target/image"),
    ("PATCH", "/v1alpha/namespaces/alice/models/target"),
    ("GET", "/v1alpha/available-regions"),
    ("GET", "/v1alpha/model-definitions"),
    ("GET", "/v1alpha/model-definitions/container"),
    ("GET", "/v1alpha/no-such-endpoint"),
]


def api_call(client, method, url, raw):
    headers = {"Authorization": f"Bearer {raw}"}
    if method == "PATCH":
        return patch_json(client, url, {"description": "with a dead token"}, headers)
    return client.get(url, headers=headers)


@pytest.mark.parametrize("why", ["revoked", "user-inactive", "unknown", "truncated"])
@pytest.mark.parametrize(("method", "url"), API_CALLS, ids=[f"{m}-{u}" for m, u in API_CALLS])
def test_a_dead_token_is_refused_by_every_endpoint(client, alice, target, why, method, url):
    token, raw = token_create(user=alice, name="dead")
    assert api_call(client, method, url, raw).status_code in (200, 404)  # alive: works
    if why == "revoked":
        token_revoke(token=token)
    elif why == "user-inactive":
        type(alice).objects.filter(pk=alice.pk).update(is_active=False)
    elif why == "unknown":
        raw = raw[:-4] + ("AAAA" if raw[-4:] != "AAAA" else "BBBB")
    else:
        raw = raw[:20]
    before = snapshot(target)
    response = api_call(client, method, url, raw)
    assert response.status_code == 401, (why, url, response.content[:200])
    assert response.json()["code"] == 16
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert snapshot(target) == before


# --- security headers on every kind of response ---------------------------------------


def assert_security_headers(response):
    policy = response["Content-Security-Policy"]  # the image endpoint sets a stricter one of its own
    assert "script-src 'self'" in policy or policy == "default-src 'none'; sandbox"
    assert "unsafe" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/v1alpha/namespaces/alice/models/target", 200),
        ("GET", "/v1alpha/namespaces/alice/models/target/image", 200),
        ("GET", "/v1alpha/namespaces/alice/models/nothing", 404),
        ("GET", "/v1alpha/namespaces/alice/models/target?view=WRONG", 400),
        ("PATCH", "/v1alpha/namespaces/alice/models/target", 401),
        ("PUT", "/v1alpha/namespaces/alice/models/target", 405),
        ("GET", "/v1alpha/openapi.yaml", 200),
        ("GET", "/namespaces/alice/models/target/", 200),
        ("GET", "/namespaces/alice/models/target/edit/", 302),
        ("GET", "/namespaces/alice/models/nothing/", 404),
        ("GET", "/moderation/", 302),
    ],
)
def test_security_headers_on_api_and_page_responses_errors_included(client, target, method, url, status):
    response = client.generic(method, url)
    assert response.status_code == status
    assert_security_headers(response)


def test_security_headers_on_a_403_page(client, bob, target):
    client.force_login(bob)
    response = client.get("/moderation/")
    assert response.status_code == 403
    assert_security_headers(response)
