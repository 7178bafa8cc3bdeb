"""Every page, for each role that can see it, at 1440 × 900 and 390 × 844, on the demo data:
0 axe-core violations of any impact, no sideways scrolling at 390 px, and a full-page
screenshot of each under tests/artifacts/sweep/ (git-ignored) for reviewers.

One browser context per role; the pages of a role are visited in one test, and every
problem of every page is reported at once.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from django.views.defaults import server_error

from modelhub.demo.cast import PASSWORD
from modelhub.models import AIModel, ApiToken
from modelhub.security.middleware import CONTENT_SECURITY_POLICY
from modelhub.services import (
    aimodel_delete,
    aimodel_hide,
    aimodel_update,
    aimodels_purge_deleted,
    moderation_note_create,
    report_create,
    token_create,
)
from modelhub.services.webhooks import webhook_create
from tests.browser.sweep_support import ARTIFACTS, clear_screenshots, sweep
from tests.factories import AIModelFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERVER_ERROR_PATH = "/__sweep__/server-error/"


@pytest.fixture
def demo(db):
    """`seed_demo`'s data, plus what makes each page show all its parts: a report, a hidden model
    with a note, an edit with a README diff, a token with a recent request."""
    call_command("seed_demo", verbosity=0)
    users = {u.username: u for u in get_user_model().objects.all()}
    models = {f"{m.namespace.namespace_id}/{m.model_id}": m for m in AIModel.objects.select_related("namespace")}
    resnet = models["alice/resnet-50"]
    report_create(aimodel=resnet, reporter=users["bob"], reason="license", text="The license file is missing.")
    hidden = models["acme/stable-diffusion-xl"]
    aimodel_hide(aimodel=hidden, actor=users["moderator"], note="Hidden while we check the weights.", share_note=True)
    moderation_note_create(aimodel=hidden, author=users["moderator"], text="Please publish the weights' hashes.")
    hook_owner = {"namespace": resnet.namespace, "actor": users["alice"]}
    webhook_create(url="http://127.0.0.1:9/hook", description="Redeploy on change", **hook_owner)  # its log
    readme = resnet.readme.replace("Usage", "How to use it")
    aimodel_update(aimodel=resnet, changes={"readme": readme, "task": "TASK_OCR"}, actor=users["alice"], source="web")
    token_create(user=users["alice"], name="CI deploy")
    aimodel_delete(aimodel=models["acme/defect-segmentation"], actor=users["alice"], source="web")  # Deleted models
    segmentation = models["acme/defect-segmentation"]
    old = AIModelFactory(
        namespace=segmentation.namespace, model_id="old-experiment", model_definition=segmentation.model_definition
    )
    aimodel_delete(aimodel=old, actor=users["alice"], source="web")
    # its record: the Purged section of the Deleted models page
    aimodels_purge_deleted(older_than=timedelta(0), uids=[old.pk], actor=users["admin"], source="admin")
    return {"users": users, "models": models, "hidden": hidden, "resnet": resnet}


def page_url(m: AIModel, suffix: str = "") -> str:
    return f"/namespaces/{m.namespace.namespace_id}/models/{m.model_id}/{suffix}"


def pages_for(role: str, demo) -> dict[str, tuple[str, int]]:
    m, hidden, resnet = demo["models"], demo["hidden"], demo["resnet"]
    private_own, private_org = m["alice/yolov7"], m["acme/llama-chat"]
    common = {"list": ("/", 200), "detail-public": (page_url(resnet), 200)}
    missing = ("/namespaces/alice/models/no-such-model/", 404)
    if role == "anonymous":
        return common | {
            "login": ("/accounts/login/", 200),
            "password-reset": ("/accounts/password_reset/", 200),
            "password-reset-done": ("/accounts/password_reset/done/", 200),
            "password-reset-bad-link": ("/accounts/reset/MQ/not-a-token/", 200),
            "password-reset-complete": ("/accounts/reset/done/", 200),
            "404-private": (page_url(private_own), 404),
            "404": missing,
            "docs-api": ("/docs/api/", 200),
            "docs-operation": ("/docs/api/update-a-model/", 200),
        }
    if role == "alice":  # owner of alice and of acme
        return common | {
            "namespace-org": ("/namespaces/acme/", 200),
            "org-settings": ("/namespaces/acme/settings/", 200),
            "org-history": ("/namespaces/acme/history/", 200),
            "organization-new": ("/organizations/new/", 200),
            "list-filtered": ("/?task=TASK_OCR&visibility=VISIBILITY_PUBLIC", 200),
            "detail-private": (page_url(private_own), 200),
            "detail-hidden": (page_url(hidden), 200),
            "edit": (page_url(resnet, "edit/"), 200),
            "edit-hidden": (page_url(hidden, "edit/"), 200),
            "new": ("/namespaces/alice/models/new/", 200),
            "history": (page_url(resnet, "history/"), 200),
            "tokens": ("/settings/tokens/", 200),
            "password-change": ("/accounts/password_change/", 200),
            "password-change-done": ("/accounts/password_change/done/", 200),
            "deleted-models": ("/namespaces/acme/deleted/", 200),
            "webhooks": ("/namespaces/alice/webhooks/", 200),
            "docs-operation": ("/docs/api/update-a-model/", 200),
            "403": ("/moderation/", 403),
            "404": missing,
        }
    if role == "carol":  # viewer in acme
        return {
            "org-settings-viewer": ("/namespaces/acme/settings/", 200),
            "detail-private": (page_url(private_org), 200),
            "history": (page_url(private_org, "history/"), 200),
            "403-edit": (page_url(private_org, "edit/"), 403),
        }
    if role == "bob":  # an outsider, invited to acme
        return {
            "account-invitation": ("/settings/account/", 200),
            "namespace-user": ("/namespaces/bob/", 200),
            "detail-public": (page_url(resnet), 200),
            "report-form": (f"/moderation/models/{m['alice/paddle-ocr'].pk}/report/", 200),
            "404-hidden": (page_url(hidden), 404),
        }
    if role == "moderator":
        return {
            "queue": ("/moderation/", 200),
            "queue-public": ("/moderation/?tab=public", 200),
            "moderation-model": (f"/moderation/models/{resnet.pk}/", 200),
            "moderation-hidden": (f"/moderation/models/{hidden.pk}/", 200),
            "detail-hidden": (page_url(hidden), 200),
            "history-hidden": (page_url(hidden, "history/"), 200),
            # The moderator's admin: read-only pages (no add, change or delete).
            "admin-index": ("/admin/", 200),
            "admin-changelist": ("/admin/modelhub/aimodel/", 200),
            "admin-change": (f"/admin/modelhub/aimodel/{resnet.pk}/change/", 200),
            "admin-audit": ("/admin/modelhub/auditentry/", 200),
        }
    if role == "admin":
        return {
            "admin-index": ("/admin/", 200),
            "admin-changelist": ("/admin/modelhub/aimodel/", 200),
            "admin-change": (f"/admin/modelhub/aimodel/{resnet.pk}/change/", 200),
            "admin-tokens": ("/admin/modelhub/apitoken/", 200),
            "deleted-models": ("/namespaces/acme/deleted/", 200),
            "500": (SERVER_ERROR_PATH, 500),
        }
    raise AssertionError(role)


def serve_the_500_page(page, live_server) -> None:
    """The 500 page as Django's handler renders it, served at a path the app does not have
    (the product has no URL that fails on purpose), with the site's CSP."""
    body = server_error(RequestFactory().get("/")).content

    def fulfil(route):
        route.fulfill(
            status=500,
            body=body,
            headers={"content-type": "text/html; charset=utf-8", "content-security-policy": CONTENT_SECURITY_POLICY},
        )

    page.route(f"{live_server.url}{SERVER_ERROR_PATH}", fulfil)


ROLES = ("anonymous", "alice", "carol", "bob", "moderator", "admin")


def sweep_role(role: str, demo, browser, live_server) -> list[str]:
    context = browser.new_context()  # one per role: its own session
    page = context.new_page()
    try:
        if role != "anonymous":
            page.goto(f"{live_server.url}/accounts/login/")
            page.get_by_label("Username").fill(role)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url(f"{live_server.url}/")
        if role == "alice":  # the tokens page then shows a new token (its copy button) and a request
            page.goto(f"{live_server.url}/settings/tokens/")
            page.get_by_label("Name").fill("Laptop")
            page.get_by_role("button", name="Create token").click()
            page.request.get(f"{live_server.url}/v1alpha/namespaces/alice/models")
        serve_the_500_page(page, live_server)
        return sweep(page, live_server.url, role, pages_for(role, demo))
    finally:
        context.close()


def test_every_page_is_accessible_and_fits_a_phone(demo, browser, live_server):
    """One seeded database for all roles (seeding is the slow part); every problem reported at once."""
    clear_screenshots()
    problems = [problem for role in ROLES for problem in sweep_role(role, demo, browser, live_server)]
    assert not problems, "\n\n".join(problems)
    assert ApiToken.objects.filter(name="Laptop").exists()
    pages = sum(len(pages_for(role, demo)) for role in ROLES)
    assert len(list(ARTIFACTS.glob("*.jpg"))) == 2 * pages  # a screenshot of every page at both widths
