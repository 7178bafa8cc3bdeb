"""Authorization, table-driven: every URL of the site and the API x every kind of caller x
every kind of model, against the spec's matrix (section 5).

Callers: anonymous, bob (signed in, outsider), carol (viewer in acme), alice (member of acme:
an editor), moderator (staff, Moderators group), superuser. Models, all in acme: public,
private, and hidden by moderation (forced private: only members, moderators and superusers
see it). Pages are visited with a session, the API with Bearer tokens. A refused write
changes nothing."""

import json

import pytest
from django.db import transaction
from django.test import Client
from PIL import Image

from modelhub.images import image_to_data_uri
from modelhub.models import ModerationState, Visibility
from tests.api_support import bearer, patch_json
from tests.factories import AIModelFactory
from tests.security_input_support import png
from tests.support import snapshot

pytestmark = pytest.mark.django_db

CALLERS = ["anonymous", "bob", "carol", "alice", "moderator", "superuser"]
KINDS = ["public", "private", "hidden"]


def per_kind(public, private):
    """Expected statuses (one per caller, in CALLERS order) for each kind; hidden = private."""
    return {"public": public, "private": private, "hidden": private}


def same(statuses):
    return per_kind(statuses, statuses)


LOGIN = "login"  # a redirect to the login page (the admin's own, under /admin/)
#                 anonymous bob    carol  alice  mod    super
READ = per_kind((200, 200, 200, 200, 200, 200), (404, 404, 200, 200, 200, 200))
HISTORY = per_kind((LOGIN, 200, 200, 200, 200, 200), (LOGIN, 404, 200, 200, 200, 200))  # who changed what: signed in
EDIT_PAGE = per_kind((LOGIN, 403, 403, 200, 403, 200), (LOGIN, 404, 403, 200, 403, 200))
EDIT_POST = per_kind((LOGIN, 403, 403, 400, 403, 400), (LOGIN, 404, 403, 400, 403, 400))  # 400: the form's errors
API_EDIT = per_kind((401, 403, 403, 200, 403, 200), (401, 404, 403, 200, 403, 200))
# Transfer to alice's own namespace: editors move it (200; rolled back), except a hidden model,
# which only a superuser may move (400 for its namespace's members).
API_TRANSFER = {
    "public": (401, 403, 403, 200, 403, 200),
    "private": (401, 404, 403, 200, 403, 200),
    "hidden": (401, 404, 403, 400, 403, 200),
}
MODERATION_PAGE = same((LOGIN, 403, 403, 403, 200, 200))
MODERATION_ACTION = same((LOGIN, 403, 403, 403, 302, 302))  # actions redirect back to the page
REPORT_PAGE = per_kind((LOGIN, 200, 200, 200, 200, 200), (LOGIN, 404, 200, 200, 200, 200))
# A report is sent (302) by outsiders and staff, and refused with a message (400) on a model
# of one's own namespace (carol and alice are in acme) and on a model that is not public.
REPORT_POST = per_kind((LOGIN, 302, 400, 400, 302, 302), (LOGIN, 404, 400, 400, 400, 400))
ADMIN = same((LOGIN, LOGIN, LOGIN, LOGIN, 200, 200))  # non-staff: to the admin's login page
ADMIN_POST = same((LOGIN, LOGIN, LOGIN, LOGIN, 403, 200))  # superuser: 200, the form's errors

MODEL_ROUTES = {
    "page-detail": ("GET", "/namespaces/acme/models/{id}/", READ),
    "page-history": ("GET", "/namespaces/acme/models/{id}/history/", HISTORY),
    "page-edit": ("GET", "/namespaces/acme/models/{id}/edit/", EDIT_PAGE),
    "page-edit-post": ("POST", "/namespaces/acme/models/{id}/edit/", EDIT_POST),
    # Without the typed ID an editor gets the page asking for it (400); deleting: tests/test_web_lifecycle.py.
    "page-delete-post": ("POST", "/namespaces/acme/models/{id}/delete/", EDIT_POST),
    # Without a namespace an editor gets the form's errors (400); moving: tests/test_web_transfer.py.
    "page-transfer-post": ("POST", "/namespaces/acme/models/{id}/transfer/", EDIT_POST),
    "api-transfer": ("POST", "/v1alpha/namespaces/acme/models/{id}/transfer", API_TRANSFER),
    "api-get": ("GET", "/v1alpha/namespaces/acme/models/{id}", READ),
    "api-get-full": ("GET", "/v1alpha/namespaces/acme/models/{id}?view=VIEW_FULL", READ),
    "api-image": ("GET", "/v1alpha/namespaces/acme/models/{id}/image", READ),  # the pages' thumbnails
    "api-patch": ("PATCH", "/v1alpha/namespaces/acme/models/{id}", API_EDIT),
    "api-look-up": ("GET", "/v1alpha/models/{uid}/lookUp", READ),
    "moderation-page": ("GET", "/moderation/models/{uid}/", MODERATION_PAGE),
    "moderation-hide": ("POST", "/moderation/models/{uid}/hide/", MODERATION_ACTION),
    "moderation-restore": ("POST", "/moderation/models/{uid}/restore/", MODERATION_ACTION),
    "moderation-note": ("POST", "/moderation/models/{uid}/notes/", MODERATION_ACTION),
    "report-page": ("GET", "/moderation/models/{uid}/report/", REPORT_PAGE),
    "report-post": ("POST", "/moderation/models/{uid}/report/", REPORT_POST),
    "admin-change": ("GET", "/admin/modelhub/aimodel/{uid}/change/", ADMIN),
    "admin-change-post": ("POST", "/admin/modelhub/aimodel/{uid}/change/", ADMIN_POST),
}
SITE_ROUTES = {
    "page-list": ("GET", "/", (200, 200, 200, 200, 200, 200)),
    "page-new": ("GET", "/namespaces/acme/models/new/", (LOGIN, 403, 403, 200, 403, 200)),
    "page-new-post": ("POST", "/namespaces/acme/models/new/", (LOGIN, 403, 403, 400, 403, 400)),
    # alice's own namespace holds nothing visible to outsiders: 404, as for a missing namespace
    "page-new-nothing-visible": ("GET", "/namespaces/alice/models/new/", (LOGIN, 404, 404, 200, 403, 200)),
    "api-list-nothing-visible": ("GET", "/v1alpha/namespaces/alice/models", (404, 404, 404, 200, 200, 200)),
    "page-tokens": ("GET", "/settings/tokens/", (LOGIN, 200, 200, 200, 200, 200)),
    "page-deleted": ("GET", "/namespaces/acme/deleted/", (LOGIN, 404, 403, 200, 200, 200)),
    "page-restore-post": ("POST", "/namespaces/acme/deleted/nothing/restore/", (LOGIN, 404, 403, 404, 404, 404)),
    "page-webhooks": ("GET", "/namespaces/acme/webhooks/", (LOGIN, 403, 403, 403, 403, 200)),
    # Namespaces and organizations (acme: alice member, carol viewer, a public model, no owner);
    # the table of every organization role is tests/test_security_authz_orgs.py.
    "page-namespace": ("GET", "/namespaces/acme/", (200, 200, 200, 200, 200, 200)),
    "page-org-settings": ("GET", "/namespaces/acme/settings/", (LOGIN, 403, 200, 200, 403, 200)),
    "page-org-settings-post": ("POST", "/namespaces/acme/settings/", (LOGIN, 403, 403, 403, 403, 302)),
    "page-org-history": ("GET", "/namespaces/acme/history/", (LOGIN, 403, 403, 403, 403, 200)),
    "page-org-delete-post": ("POST", "/namespaces/acme/delete/", (LOGIN, 403, 403, 403, 403, 302)),
    "page-org-invite-post": ("POST", "/namespaces/acme/members/invite/", (LOGIN, 403, 403, 403, 403, 400)),
    "page-org-role-post": ("POST", "/namespaces/acme/members/999999/role/", (LOGIN, 403, 404, 404, 403, 404)),
    "page-org-remove-post": ("POST", "/namespaces/acme/members/999999/remove/", (LOGIN, 403, 404, 404, 403, 404)),
    "page-organization-new": ("GET", "/organizations/new/", (LOGIN, 200, 200, 200, 200, 200)),
    "page-account": ("GET", "/settings/account/", (LOGIN, 200, 200, 200, 200, 200)),
    "page-invitation-post": ("POST", "/settings/account/invitations/999999/", (LOGIN, 404, 404, 404, 404, 404)),
    # The /v1beta/ management API (writes rolled back): carol may leave but not accept again.
    "api-org-create": ("POST", "/v1beta/organizations", (401, 201, 201, 201, 201, 201)),
    "api-org-get": ("GET", "/v1beta/organizations/acme", (200, 200, 200, 200, 200, 200)),
    "api-org-memberships": ("GET", "/v1beta/organizations/acme/memberships", (200, 200, 200, 200, 200, 200)),
    "api-org-invite": ("PUT", "/v1beta/organizations/acme/memberships/bob", (401, 403, 403, 403, 403, 201)),
    "api-org-remove": ("DELETE", "/v1beta/organizations/acme/memberships/carol", (401, 403, 200, 403, 403, 200)),
    "api-user-memberships": ("GET", "/v1beta/users/carol/memberships", (401, 403, 200, 403, 403, 200)),
    "api-user-accept": ("PUT", "/v1beta/users/carol/memberships/acme", (401, 403, 409, 403, 403, 403)),
    "moderation-queue": ("GET", "/moderation/", MODERATION_PAGE["public"]),
    "admin-aimodels": ("GET", "/admin/modelhub/aimodel/", ADMIN["public"]),
    "admin-audit": ("GET", "/admin/modelhub/auditentry/", ADMIN["public"]),
    "admin-reports": ("GET", "/admin/modelhub/report/", ADMIN["public"]),
    "api-list": ("GET", "/v1alpha/namespaces/acme/models", (200, 200, 200, 200, 200, 200)),
    # Webhooks: the namespace's owners and admins (acme has none among these callers) and superusers.
    "api-webhooks": ("GET", "/v1alpha/namespaces/acme/webhooks", (401, 403, 403, 403, 403, 200)),
    "api-regions": ("GET", "/v1alpha/available-regions", (200, 200, 200, 200, 200, 200)),
    "api-definitions": ("GET", "/v1alpha/model-definitions", (200, 200, 200, 200, 200, 200)),
    "api-definition": ("GET", "/v1alpha/model-definitions/container", (200, 200, 200, 200, 200, 200)),
    "api-openapi": ("GET", "/v1alpha/openapi.json", (200, 200, 200, 200, 200, 200)),
    "api-list-all": ("GET", "/v1alpha/models", (200, 200, 200, 200, 200, 200)),
    "api-liveness": ("GET", "/v1alpha/__liveness", (200, 200, 200, 200, 200, 200)),
    "api-readiness": ("GET", "/v1alpha/__readiness", (200, 200, 200, 200, 200, 200)),
    "api-health-model": ("GET", "/v1alpha/health/model", (200, 200, 200, 200, 200, 200)),
    "api-ready-model": ("GET", "/v1alpha/ready/model", (200, 200, 200, 200, 200, 200)),
    "docs-api": ("GET", "/docs/api/", (200, 200, 200, 200, 200, 200)),
    "docs-api-operation": ("GET", "/docs/api/update-a-model/", (200, 200, 200, 200, 200, 200)),
    "docs-api-recent": ("GET", "/docs/api/update-a-model/recent-requests/", (200, 200, 200, 200, 200, 200)),
}
POST_DATA = {
    "moderation-hide": {"hide-note": "hidden by the authz table", "hide-confirmed": "yes"},
    "moderation-restore": {"note": "restored by the authz table"},
    "moderation-note": {"text": "a note"},
    "report-post": {"reason": "spam", "text": "spam"},
    "api-transfer": {"namespaceId": "alice"},
    "api-org-create": {"id": "authz-org"},
    "api-org-invite": {"role": "viewer"},
    "api-user-accept": {"state": "MEMBERSHIP_STATE_ACTIVE"},
}


@pytest.fixture
def callers(alice, bob, carol, moderator, superuser):
    users = {"bob": bob, "carol": carol, "alice": alice, "moderator": moderator, "superuser": superuser}
    return {"anonymous": None, **users}


@pytest.fixture
def models(acme, container):
    image = image_to_data_uri(png(Image.new("RGB", (8, 8), (200, 10, 10))))
    common = {"namespace": acme, "model_definition": container, "profile_image": image}
    return {
        "public": AIModelFactory(model_id="open-model", **common),
        "private": AIModelFactory(model_id="closed-model", visibility=Visibility.PRIVATE, **common),
        "hidden": AIModelFactory(
            model_id="hidden-model",
            visibility=Visibility.PRIVATE,
            moderation_state=ModerationState.HIDDEN,
            **common,
        ),
    }


def call(client, user, method: str, url: str, data: dict | None = None):
    if url.startswith(("/v1alpha/", "/v1beta/")):
        headers = bearer(user) if user else {}
        if method == "PATCH":
            return patch_json(client, url, {"description": "changed by the authz table"}, headers)
        if method in ("POST", "PUT", "DELETE"):
            body = json.dumps(data or {})
            return client.generic(method, url, body, content_type="application/json", headers=headers)
        return client.get(url, headers=headers)
    if user:
        client.force_login(user)
    return client.post(url, data or {}) if method == "POST" else client.get(url)


def outcome(response, url: str):
    """The response as the tables spell it: LOGIN for a redirect to the login page, else the status."""
    if response.status_code == 302 and "/login/" in response["Location"]:
        login = "/admin/login/" if url.startswith("/admin/") else "/accounts/login/"
        return LOGIN if response["Location"].startswith(login) else response["Location"]
    if url.startswith(("/v1alpha/", "/v1beta/")) and response.status_code >= 400:
        assert response["Content-Type"] == "application/json"
        assert response.json()["code"] == {400: 3, 401: 16, 403: 7, 404: 5, 409: 6}[response.status_code], (
            response.json()
        )
    return response.status_code


def outcomes(callers, method: str, url: str, data=None, aimodel=None) -> tuple:
    """What each caller gets, each in its own rolled-back transaction, with its own client.
    A refused write (and any report) leaves the model as it was."""
    results = []
    for caller, user in callers.items():
        with transaction.atomic():
            before = snapshot(aimodel) if aimodel else None
            result = outcome(call(Client(), user, method, url, data), url)
            if aimodel and method != "GET" and (result in (LOGIN, 400, 401, 403, 404) or "/report/" in url):
                assert snapshot(aimodel) == before, f"{caller} changed the model through {url}"
            results.append(result)
            transaction.set_rollback(True)
    return tuple(results)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("route", MODEL_ROUTES, ids=str)
def test_model_urls_follow_the_permission_matrix(callers, models, route, kind):
    method, template, table = MODEL_ROUTES[route]
    aimodel = models[kind]
    url = template.format(id=aimodel.model_id, uid=aimodel.uid)
    assert outcomes(callers, method, url, POST_DATA.get(route), aimodel) == table[kind], f"{CALLERS}: {url}"


@pytest.mark.parametrize("route", SITE_ROUTES, ids=str)
def test_site_urls_follow_the_permission_matrix(callers, models, route):
    method, url, statuses = SITE_ROUTES[route]
    assert outcomes(callers, method, url, POST_DATA.get(route)) == statuses, f"{CALLERS}: {url}"


SEES_PRIVATE = {"carol", "alice", "moderator", "superuser"}


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("url", ["/", "/?namespace=acme", "/v1alpha/namespaces/acme/models?page_size=100"])
def test_lists_show_exactly_the_models_the_caller_may_read(client, callers, models, url, caller):
    body = call(client, callers[caller], "GET", url).content.decode()
    shown = {kind for kind, aimodel in models.items() if f"/acme/models/{aimodel.model_id}" in body}
    assert shown == (set(KINDS) if caller in SEES_PRIVATE else {"public"})


def test_the_table_covers_every_url_pattern():
    """A new URL pattern must join a table: compare with the URLconf."""
    from django.urls import get_resolver

    def patterns(resolver, prefix=""):
        for entry in resolver.url_patterns:
            if hasattr(entry, "url_patterns"):
                yield from patterns(entry, prefix + str(entry.pattern))
            else:
                yield prefix + str(entry.pattern)

    site = {p for p in patterns(get_resolver()) if not p.startswith(("admin/", "accounts/", "^static"))}
    covered = {"v1alpha/^(?P<rest>.*)$", "v1beta/^(?P<rest>.*)$", "v1alpha/openapi.yaml", "hardware-options/"}
    covered |= {"favicon.ico"}  # a redirect to the static icon: test_web_small_fixes
    covered |= {"namespace-suggestions/"}  # test_security_namespace_listing: lists only what the caller sees
    # test_web_settings_page, test_forms_configuration_endpoint_admin
    covered |= {"readme-preview/", "configuration-fields/"}
    covered |= {"settings/tokens/<int:token_id>/revoke/", "moderation/reports/<int:report_id>/dismiss/"}
    # create (POST on the list), rename and delete: tests/test_api_lifecycle_authz.py, every caller x state
    covered |= {"v1alpha/namespaces/<str:namespace_id>/models/<str:model_id>/rename"}
    tables = [template for _, template, _ in [*MODEL_ROUTES.values(), *SITE_ROUTES.values()]]
    for pattern in site - covered:
        stem = pattern.split("<")[0]
        assert any(t.lstrip("/").startswith(stem) for t in tables), f"{pattern} is in no table"
