"""The organization and transfer flows a person uses, in Chromium on `seed_demo`'s data: bob creates
an organization, moves a model into it and invites carol; carol accepts on her account page and
edits the model; bob removes her and she can no longer. Alice transfers a model from alice to
acme, and its old page and API path lead to the new one. And the new pages pass axe-core at
1440 and 390 px without sideways scrolling."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from modelhub.demo.cast import PASSWORD
from modelhub.models import AIModel
from tests.browser.sweep_support import VIEWPORTS, check_page, sweep

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


def signed_in(browser, live_server, username: str):
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


def transfer_in_danger_zone(page, base: str, model_path: str, namespace: str) -> None:
    page.goto(f"{base}{model_path}edit/")
    row = page.get_by_test_id("danger-transfer")
    row.get_by_label("New namespace", exact=True).select_option(namespace)
    row.get_by_role("button", name="Transfer this model…").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(f" to {namespace}/")
    dialog.get_by_role("button", name="Yes, transfer").click()


def test_bob_runs_an_organization_and_carol_joins_then_leaves_it(demo, browser, live_server):
    base = live_server.url
    bob = signed_in(browser, live_server, "bob")
    bob.goto(f"{base}/organizations/new/")
    bob.get_by_label(re.compile(r"Organization ID")).fill("bobs-lab")
    bob.get_by_label("Display name").fill("Bob's lab")
    bob.get_by_role("button", name="Create organization").click()
    bob.wait_for_url(f"{base}/namespaces/bobs-lab/")
    expect(bob.get_by_role("heading", level=1)).to_have_text("Bob's lab")
    transfer_in_danger_zone(bob, base, "/namespaces/bob/models/whisper-small/", "bobs-lab")
    bob.wait_for_url(f"{base}/namespaces/bobs-lab/models/whisper-small/")
    bob.goto(f"{base}/namespaces/bobs-lab/settings/")
    bob.get_by_label(re.compile(r"Username")).fill("carol")
    bob.get_by_label(re.compile(r"^\s*Role\*?\s*$")).select_option("member")
    bob.get_by_role("button", name="Invite", exact=True).click()
    expect(bob.get_by_test_id("message").first).to_contain_text("Invited carol as member.")
    expect(bob.locator('[data-username="carol"]')).to_contain_text("Invited")

    carol = signed_in(browser, live_server, "carol")
    carol.goto(f"{base}/namespaces/bobs-lab/models/whisper-small/edit/")
    expect(carol.get_by_role("heading", level=1)).not_to_contain_text("Settings")  # 403 until she accepts
    carol.goto(f"{base}/settings/account/")
    invitation = carol.get_by_test_id("invitation").filter(has_text="bobs-lab")
    invitation.get_by_role("button", name="Accept the invitation to bobs-lab").click()
    carol.wait_for_url(f"{base}/namespaces/bobs-lab/")
    carol.goto(f"{base}/namespaces/bobs-lab/models/whisper-small/edit/")
    carol.get_by_label("Description").fill("Whisper, edited by Carol.")
    carol.get_by_role("button", name="Save General").click()
    expect(carol.get_by_test_id("section-saved")).to_contain_text(
        "Saved General settings of bobs-lab/whisper-small: Description."
    )
    assert AIModel.objects.get(model_id="whisper-small").description == "Whisper, edited by Carol."

    bob.goto(f"{base}/namespaces/bobs-lab/settings/")
    bob.locator('[data-username="carol"]').get_by_role("button", name="Remove carol").click()
    dialog = bob.locator("#confirm-action")
    expect(dialog).to_contain_text("Remove carol from bobs-lab?")
    dialog.get_by_role("button", name="Yes, go ahead").click()
    expect(bob.get_by_test_id("message").first).to_contain_text("Removed carol.")
    response = carol.goto(f"{base}/namespaces/bobs-lab/models/whisper-small/edit/")
    assert response.status == 403  # a public model: she may read it, no longer edit it
    bob.goto(f"{base}/namespaces/bobs-lab/history/")
    expect(bob.get_by_test_id("org-history")).to_contain_text("Accepted the invitation")


def test_alice_transfers_a_model_and_its_old_addresses_lead_to_the_new_one(demo, browser, live_server):
    base = live_server.url
    alice = signed_in(browser, live_server, "alice")
    transfer_in_danger_zone(alice, base, "/namespaces/alice/models/paddle-ocr/", "acme")
    alice.wait_for_url(f"{base}/namespaces/acme/models/paddle-ocr/")
    expect(alice.get_by_test_id("message").first).to_contain_text("Moved alice/paddle-ocr to acme/paddle-ocr.")
    alice.goto(f"{base}/namespaces/alice/models/paddle-ocr/")
    assert alice.url == f"{base}/namespaces/acme/models/paddle-ocr/"
    answer = alice.request.get(f"{base}/v1alpha/namespaces/alice/models/paddle-ocr")
    assert answer.status == 200 and answer.json()["model"]["name"] == "namespaces/acme/models/paddle-ocr"
    alice.goto(f"{base}/namespaces/acme/")
    expect(alice.get_by_test_id("model-list")).to_contain_text("paddle-ocr")


def test_the_new_pages_pass_axe_and_fit_a_phone(demo, browser, live_server):
    base = live_server.url
    bob = signed_in(browser, live_server, "bob")  # with alice's pending invitation to acme
    problems = sweep(
        bob,
        base,
        "bob",
        {
            "account-invitation": ("/settings/account/", 200),
            "organization-new": ("/organizations/new/", 200),
            "namespace-user": ("/namespaces/bob/", 200),
            "namespace-org-outsider": ("/namespaces/acme/", 200),
        },
    )
    alice = signed_in(browser, live_server, "alice")
    problems += sweep(
        alice,
        base,
        "alice",
        {
            "namespace-org-owner": ("/namespaces/acme/?q=a", 200),
            "org-settings": ("/namespaces/acme/settings/", 200),
            "org-history": ("/namespaces/acme/history/", 200),
            "edit-with-transfer": ("/namespaces/alice/models/resnet-50/edit/", 200),
        },
    )
    carol = signed_in(browser, live_server, "carol")
    problems += sweep(carol, base, "carol", {"org-settings-viewer": ("/namespaces/acme/settings/", 200)})
    # the transfer's refusal and its confirmation page, reached by confirming the Danger zone's dialog
    for name, size in VIEWPORTS.items():
        alice.set_viewport_size(size)
        alice.goto(f"{base}/namespaces/alice/models/resnet-50/edit/")
        alice.get_by_test_id("danger-transfer").get_by_label("New namespace", exact=True).select_option("acme")
        alice.get_by_test_id("danger-transfer").get_by_label("ID in the new namespace").fill("9-bad")
        alice.get_by_role("button", name="Transfer this model…").click()
        alice.get_by_role("dialog").get_by_role("button", name="Yes, transfer").click()
        expect(alice.get_by_text("Use 1–63 letters")).to_be_visible()
        problems += check_page(alice, role="alice", label="transfer-refused", viewport=name)
        alice.get_by_label("ID in the new namespace").fill("")
        alice.get_by_role("button", name="Continue").click()
        expect(alice.get_by_test_id("transfer-summary")).to_be_visible()
        problems += check_page(alice, role="alice", label="transfer-confirm", viewport=name)
    assert not problems, "\n\n".join(problems)
    assert re.search(r"/namespaces/alice/models/resnet-50/transfer/$", alice.url)
