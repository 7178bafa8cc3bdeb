"""In Chromium: bob reports alice's model, a moderator hides it from the queue, alice sees
the note and cannot publish it, the moderator restores it."""

import pytest
from playwright.sync_api import Browser, Page, expect

from modelhub.forms import AIModelForm
from modelhub.models import AIModel, AuditEntry, ModerationState, Report, Visibility
from tests.factories import PASSWORD, AIModelFactory
from tests.web_helpers import record_form_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCKED = "This model was hidden by moderators; it cannot be made public until staff restore it."


def log_in(browser: Browser, live_server, username: str) -> Page:
    page = browser.new_context(base_url=live_server.url).new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("username")).to_have_text(username)
    return page


def publish_through_the_form(aimodel: AIModel, actor):
    """The edit page's form (the web surface), submitted as the page does: (form, result or None)."""
    form = AIModelForm(record_form_data(aimodel, visibility=Visibility.PUBLIC), instance=aimodel)
    assert form.is_valid(), form.errors
    return form, form.submit(actor=actor, source="web")


def test_report_hide_note_lock_restore(browser: Browser, live_server, alice_ns, alice, bob, moderator, github):
    aimodel = AIModelFactory(
        namespace=alice_ns,
        model_id="resnet",
        model_definition=github,
        configuration={"repository": "alice/resnet", "tag": "v1"},
    )
    detail_url = "/namespaces/alice/models/resnet/"

    # bob reports it from the model's page
    bob_page = log_in(browser, live_server, "bob")
    bob_page.goto(detail_url)
    bob_page.get_by_test_id("model-header").get_by_role("link", name="Report").click()
    bob_page.get_by_label("Reason").select_option("malware")
    bob_page.get_by_label("What is wrong with this model?").fill("The weights download a miner.")
    bob_page.get_by_role("button", name="Send report").click()
    expect(bob_page.get_by_role("alert")).to_contain_text("your report was sent to the moderators")
    expect(bob_page.get_by_text("You reported this model")).to_be_visible()
    assert Report.objects.get().status == "open"

    # the moderator finds it in the queue and hides it
    mod_page = log_in(browser, live_server, "moderator")
    mod_page.goto("/moderation/")
    row = mod_page.get_by_role("row").filter(has_text="alice/resnet")
    expect(row).to_contain_text("Malware: 1")
    row.get_by_role("link", name="alice/resnet").click()
    expect(mod_page.get_by_text("The weights download a miner.")).to_be_visible()
    mod_page.get_by_label("Reason, shown to the owner").fill("Hidden: the weights download a miner.")
    mod_page.get_by_role("button", name="Hide model").click()
    mod_page.get_by_role("dialog").get_by_role("button", name="Yes, hide it").click()
    expect(mod_page.get_by_role("alert")).to_contain_text("is hidden")
    expect(mod_page.locator("#moderation-state")).to_have_text("Hidden by moderators")
    aimodel.refresh_from_db()
    assert (aimodel.visibility, aimodel.moderation_state) == (Visibility.PRIVATE, ModerationState.HIDDEN)
    assert Report.objects.get().status == "actioned"

    # bob can no longer see it; alice sees the state and the note, and cannot publish it
    assert bob_page.goto(detail_url).status == 404
    alice_page = log_in(browser, live_server, "alice")
    alice_page.goto(detail_url)
    expect(alice_page.locator("#moderation-panel")).to_contain_text("Hidden by moderators.")
    expect(alice_page.locator("#moderation-notes")).to_contain_text("Hidden: the weights download a miner.")
    form, result = publish_through_the_form(aimodel, alice)
    assert result is None and form.errors["visibility"] == [LOCKED]
    alice_page.goto(detail_url + "edit/")  # the settings page shows the lock and offers no "Public"
    locked = alice_page.get_by_test_id("visibility-locked")
    expect(locked).to_contain_text("Locked: hidden by moderators")
    expect(locked.get_by_test_id("hidden-reason")).to_contain_text("Hidden: the weights download a miner.")
    assert alice_page.locator("#section-danger option[value=VISIBILITY_PUBLIC]").count() == 0
    aimodel.refresh_from_db()
    assert aimodel.visibility == Visibility.PRIVATE

    # the moderator restores it private: alice may publish again
    mod_page.get_by_label("Note, shown to the owner").fill("Clean weights uploaded, thanks.")
    mod_page.get_by_label("Private", exact=False).check()
    mod_page.get_by_role("button", name="Restore model").click()
    expect(mod_page.get_by_role("alert")).to_contain_text("is restored")
    aimodel.refresh_from_db()
    assert aimodel.moderation_state == ModerationState.ACTIVE
    alice_page.goto(detail_url)
    expect(alice_page.locator("#moderation-notes")).to_contain_text("Clean weights uploaded, thanks.")
    form, result = publish_through_the_form(aimodel, alice)
    assert result is not None and result.changed_fields == ("visibility",), form.errors
    moderation = AuditEntry.objects.filter(source="moderation").order_by("id")
    actions = list(moderation.values_list("action", "actor__username"))
    assert actions == [("hide", "moderator"), ("reports_actioned", "moderator"), ("restore", "moderator")]
    assert AIModel.objects.get(pk=aimodel.pk).visibility == Visibility.PUBLIC
