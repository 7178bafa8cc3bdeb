"""The moderation views: the permission triad on every page and action, and what each action does and says."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from modelhub.models import AuditEntry, ModerationNote, ModerationState, Report, Visibility
from modelhub.services import aimodel_hide
from tests.factories import AIModelFactory, UserFactory
from tests.support import fresh

pytestmark = pytest.mark.django_db


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def pages(aimodel, report):
    return {
        "queue": reverse("moderation-queue"),
        "public tab": reverse("moderation-queue") + "?tab=public",
        "model page": reverse("moderation-model", args=[aimodel.pk]),
    }


@pytest.fixture
def actions(aimodel, report):
    return {
        "hide": (
            reverse("moderation-hide", args=[aimodel.pk]),
            {"hide-note": "Spam", "hide-resolve_reports": "on", "hide-confirmed": "yes"},
        ),
        "restore": (
            reverse("moderation-restore", args=[aimodel.pk]),
            {"restore-note": "ok", "restore-visibility": "VISIBILITY_PRIVATE"},
        ),
        "note": (reverse("moderation-note", args=[aimodel.pk]), {"text": "Please fix"}),
        "dismiss": (reverse("moderation-report-dismiss", args=[report.pk]), {f"dismiss-{report.pk}-note": "Fine"}),
    }


def state(aimodel) -> tuple:
    row = fresh(aimodel)
    return (
        row.visibility,
        row.moderation_state,
        list(Report.objects.values_list("status", flat=True)),
        ModerationNote.objects.count(),
        AuditEntry.objects.count(),
    )


# --- the permission triad, on every page and action -----------------------------------


@pytest.mark.parametrize("page", ["queue", "public tab", "model page"])
def test_anonymous_is_sent_to_login_from_every_page(client, pages, page):
    response = client.get(pages[page])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/moderation/")


@pytest.mark.parametrize("page", ["queue", "public tab", "model page"])
@pytest.mark.parametrize("who", ["bob", "alice"])
def test_non_moderators_get_403_on_every_page(request, client, pages, page, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(pages[page]).status_code == 403


def test_staff_without_the_moderation_permission_gets_403(client, pages):
    client.force_login(UserFactory(username="clerk", is_staff=True))
    assert client.get(pages["queue"]).status_code == 403


@pytest.mark.parametrize("page", ["queue", "public tab", "model page"])
@pytest.mark.parametrize("who", ["moderator", "superuser"])
def test_moderators_see_every_page(request, client, pages, page, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(pages[page]).status_code == 200


@pytest.mark.parametrize("action", ["hide", "restore", "note", "dismiss"])
def test_anonymous_is_sent_to_login_by_every_action_and_nothing_changes(client, aimodel, actions, action):
    before = state(aimodel)
    url, data = actions[action]
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert state(aimodel) == before


@pytest.mark.parametrize("action", ["hide", "restore", "note", "dismiss"])
@pytest.mark.parametrize("who", ["bob", "alice"])
def test_non_moderators_get_403_on_every_action_and_nothing_changes(request, client, aimodel, actions, action, who):
    if action == "restore":
        aimodel_hide(aimodel=aimodel, actor=request.getfixturevalue("moderator"))
    before = state(aimodel)
    client.force_login(request.getfixturevalue(who))
    url, data = actions[action]
    assert client.post(url, data).status_code == 403
    assert state(aimodel) == before


@pytest.mark.parametrize("action", ["hide", "restore", "note", "dismiss"])
@pytest.mark.parametrize("who", [None, "bob", "moderator"])
def test_actions_are_post_only(request, client, aimodel, actions, action, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    before = state(aimodel)
    assert client.get(actions[action][0]).status_code == 405
    assert state(aimodel) == before


def test_actions_need_the_csrf_token(aimodel, actions, moderator):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    before = state(aimodel)
    assert client.post(*actions["hide"]).status_code == 403
    assert state(aimodel) == before


def test_moderation_page_of_a_missing_model_is_404(client, moderator):
    client.force_login(moderator)
    assert client.get("/moderation/models/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/moderation/models/not-a-uuid/").status_code == 404
    assert client.post("/moderation/reports/999999/dismiss/").status_code == 404


# --- the actions, as a moderator ---------------------------------------------------------


def test_hide_from_the_moderation_page(client, aimodel, report, moderator, actions):
    client.force_login(moderator)
    response = client.post(*actions["hide"])
    assert response.status_code == 302 and response["Location"] == reverse("moderation-model", args=[aimodel.pk])
    assert said(response) == ["alice/resnet is hidden: private, and its owner cannot publish it."]
    row = fresh(aimodel)
    assert (row.visibility, row.moderation_state) == (Visibility.PRIVATE, ModerationState.HIDDEN)
    report.refresh_from_db()
    assert (report.status, report.resolved_by) == ("actioned", moderator)
    entry = AuditEntry.objects.get(action="hide")
    assert (entry.actor.username, entry.source, entry.message) == ("moderator", "moderation", "Spam")
    assert ModerationNote.objects.get().text == "Spam"


def test_hide_without_resolving_keeps_reports_open(client, aimodel, report, moderator, actions):
    client.force_login(moderator)
    client.post(actions["hide"][0], {"hide-note": "", "hide-confirmed": "yes"})
    report.refresh_from_db()
    assert report.status == "open"
    assert fresh(aimodel).moderation_state == ModerationState.HIDDEN
    assert not ModerationNote.objects.exists()  # no note text, nothing shared


def test_hiding_twice_says_so(client, aimodel, moderator, actions):
    client.force_login(moderator)
    client.post(*actions["hide"])
    response = client.post(*actions["hide"])
    assert said(response)[-1] == "alice/resnet was already hidden."
    assert AuditEntry.objects.filter(action="hide").count() == 1


def test_restore(client, aimodel, moderator, actions):
    aimodel_hide(aimodel=aimodel, actor=moderator)
    client.force_login(moderator)
    response = client.post(*actions["restore"])
    assert said(response) == ["alice/resnet is restored; it stays private until its owner publishes it."]
    row = fresh(aimodel)
    assert (row.visibility, row.moderation_state) == (Visibility.PRIVATE, ModerationState.ACTIVE)
    entry = AuditEntry.objects.get(action="restore")
    assert (entry.actor, entry.source, entry.message) == (moderator, "moderation", "ok")


def test_restore_returns_the_model_to_its_visibility_before_the_hide(client, aimodel, moderator, actions):
    aimodel_hide(aimodel=aimodel, actor=moderator)  # it was public
    client.force_login(moderator)
    page = client.get(reverse("moderation-model", args=[aimodel.pk])).content.decode()
    checked = re.findall(r'<input type="radio"[^>]*value="(\w+)"[^>]*\bchecked>', page)
    assert checked == ["VISIBILITY_PUBLIC"] and "Public: everyone can see it (as before it was hidden)" in page
    url, data = actions["restore"]
    response = client.post(url, {**data, "restore-visibility": "VISIBILITY_PUBLIC"})
    assert said(response) == ["alice/resnet is restored and public again."]
    row = fresh(aimodel)
    assert (row.visibility, row.moderation_state) == (Visibility.PUBLIC, ModerationState.ACTIVE)
    entry = AuditEntry.objects.get(action="restore")
    assert entry.changes["visibility"] == {"old": "VISIBILITY_PRIVATE", "new": "VISIBILITY_PUBLIC"}


def test_restore_with_a_bad_visibility_changes_nothing(client, aimodel, moderator, actions):
    aimodel_hide(aimodel=aimodel, actor=moderator)
    client.force_login(moderator)
    before = state(aimodel)
    url, data = actions["restore"]
    response = client.post(url, {**data, "restore-visibility": "VISIBILITY_EVERYWHERE"})
    assert said(response)[0].startswith("Visibility after restoring: Select a valid choice.")
    assert state(aimodel) == before


def test_hide_without_confirmation_asks_on_a_page_and_changes_nothing(client, aimodel, report, moderator):
    client.force_login(moderator)
    before = state(aimodel)
    url = reverse("moderation-hide", args=[aimodel.pk])
    response = client.post(url, {"hide-note": "Spam links", "hide-resolve_reports": "on"})
    body = response.content.decode()
    assert response.status_code == 200 and state(aimodel) == before
    assert '<h1 class="h4 text-break">Hide alice/resnet?</h1>' in body and "1 open report will be marked" in body
    assert 'name="hide-confirmed" value="yes"' in body and "Spam links</textarea>" in body  # what was typed, kept
    response = client.post(url, {"hide-note": "Spam links", "hide-resolve_reports": "on", "hide-confirmed": "yes"})
    assert response.status_code == 302 and fresh(aimodel).moderation_state == ModerationState.HIDDEN


def test_restoring_an_active_model_changes_nothing(client, aimodel, moderator, actions):
    client.force_login(moderator)
    response = client.post(*actions["restore"])
    assert said(response) == ["alice/resnet was not hidden."]
    assert not AuditEntry.objects.exists()


def test_note(client, aimodel, moderator, actions):
    client.force_login(moderator)
    response = client.post(*actions["note"])
    assert said(response) == ["Note left; the owner sees it on the model's page."]
    note = ModerationNote.objects.get()
    assert (note.author, note.text) == (moderator, "Please fix")
    assert AuditEntry.objects.get().action == "note"


@pytest.mark.parametrize("text", ["", "x" * 2001])
def test_bad_note_is_refused_with_a_message_and_nothing_changes(client, aimodel, moderator, actions, text):
    client.force_login(moderator)
    response = client.post(actions["note"][0], {"text": text})
    assert response.status_code == 302
    assert said(response)[0].startswith("Note to the owner: ")
    assert not ModerationNote.objects.exists() and not AuditEntry.objects.exists()


def test_dismiss(client, aimodel, report, moderator, actions):
    client.force_login(moderator)
    response = client.post(*actions["dismiss"])
    assert said(response) == [f"Report #{report.pk} dismissed."]
    report.refresh_from_db()
    assert (report.status, report.resolved_by, report.resolution_note) == ("dismissed", moderator, "Fine")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.message) == ("report_dismissed", moderator, "Fine")
    assert fresh(aimodel).moderation_state == ModerationState.ACTIVE


def test_dismissing_twice_says_it_is_closed(client, report, moderator, actions):
    client.force_login(moderator)
    client.post(*actions["dismiss"])
    response = client.post(*actions["dismiss"])
    assert said(response)[-1] == "This report was already dismissed."
    assert AuditEntry.objects.count() == 1


def test_next_redirects_back_only_to_this_site(client, aimodel, moderator, actions):
    client.force_login(moderator)
    url, data = actions["note"]
    assert client.post(url, {**data, "next": "/moderation/?tab=public"})["Location"] == "/moderation/?tab=public"
    evil = client.post(url, {**data, "next": "https://evil.example/"})
    assert evil["Location"] == reverse("moderation-model", args=[aimodel.pk])


def test_hide_works_on_a_record_an_older_rule_let_through(client, alice_ns, container, moderator):
    broken = AIModelFactory(namespace=alice_ns, model_id="broken", model_definition=container, source_url="ftp://x")
    client.force_login(moderator)
    response = client.post(reverse("moderation-hide", args=[broken.pk]), {"hide-note": "bad", "hide-confirmed": "yes"})
    assert response.status_code == 302
    assert fresh(broken).moderation_state == ModerationState.HIDDEN
    assert AuditEntry.objects.filter(aimodel=broken, action="hide", actor=moderator).exists()


def test_hide_racing_another_writer_says_so(client, aimodel, moderator, actions, monkeypatch):
    from modelhub.moderation import views
    from modelhub.services import ConflictError

    def conflict(**kwargs):
        raise ConflictError({"visibility": "VISIBILITY_PRIVATE"})

    monkeypatch.setattr(views, "aimodel_hide", conflict)
    client.force_login(moderator)
    response = client.post(*actions["hide"])
    assert said(response) == ["The model was changed meanwhile; nothing was saved. Check it and try again."]
    assert fresh(aimodel).moderation_state == ModerationState.ACTIVE
