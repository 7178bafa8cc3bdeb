"""The moderation pages and actions (modelhub.moderation.views): permissions, effects, messages."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from modelhub.models import AIModel, AuditEntry, ModerationNote, ModerationState, Report, Visibility
from modelhub.services import aimodel_create, aimodel_hide, aimodel_update, report_create
from tests.factories import AIModelFactory, UserFactory

pytestmark = pytest.mark.django_db


def fresh(aimodel) -> AIModel:
    return AIModel.objects.get(pk=aimodel.pk)


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def report(aimodel, bob):
    return report_create(aimodel=aimodel, reporter=bob, reason="spam", text="Links to a scam")


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
        "hide": (reverse("moderation-hide", args=[aimodel.pk]), {"hide-note": "Spam", "hide-resolve_reports": "on"}),
        "restore": (reverse("moderation-restore", args=[aimodel.pk]), {"restore-note": "ok"}),
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
    assert said(response) == ["namespaces/alice/models/resnet is hidden: private, and its owner cannot publish it."]
    row = fresh(aimodel)
    assert (row.visibility, row.moderation_state) == (Visibility.PRIVATE, ModerationState.HIDDEN)
    report.refresh_from_db()
    assert (report.status, report.resolved_by) == ("actioned", moderator)
    entry = AuditEntry.objects.get(action="hide")
    assert (entry.actor.username, entry.source, entry.message) == ("moderator", "moderation", "Spam")
    assert ModerationNote.objects.get().text == "Spam"


def test_hide_without_resolving_keeps_reports_open(client, aimodel, report, moderator, actions):
    client.force_login(moderator)
    client.post(actions["hide"][0], {"hide-note": ""})
    report.refresh_from_db()
    assert report.status == "open"
    assert fresh(aimodel).moderation_state == ModerationState.HIDDEN
    assert not ModerationNote.objects.exists()  # no note text, nothing shared


def test_hiding_twice_says_so(client, aimodel, moderator, actions):
    client.force_login(moderator)
    client.post(*actions["hide"])
    response = client.post(*actions["hide"])
    assert said(response)[-1] == "namespaces/alice/models/resnet was already hidden."
    assert AuditEntry.objects.filter(action="hide").count() == 1


def test_restore(client, aimodel, moderator, actions):
    aimodel_hide(aimodel=aimodel, actor=moderator)
    client.force_login(moderator)
    response = client.post(*actions["restore"])
    assert said(response) == [
        "namespaces/alice/models/resnet is restored; it stays private until its owner publishes it."
    ]
    row = fresh(aimodel)
    assert (row.visibility, row.moderation_state) == (Visibility.PRIVATE, ModerationState.ACTIVE)
    entry = AuditEntry.objects.get(action="restore")
    assert (entry.actor, entry.source, entry.message) == (moderator, "moderation", "ok")


def test_restoring_an_active_model_changes_nothing(client, aimodel, moderator, actions):
    client.force_login(moderator)
    response = client.post(*actions["restore"])
    assert said(response) == ["namespaces/alice/models/resnet was not hidden."]
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


# --- the queue -----------------------------------------------------------------------------


def test_queue_groups_open_reports_by_model_newest_first(client, aimodel, alice_ns, container, moderator, bob):
    other = AIModelFactory(namespace=alice_ns, model_id="other", model_definition=container)
    carl = UserFactory(username="carl")
    report_create(aimodel=aimodel, reporter=bob, reason="spam", text="")
    report_create(aimodel=aimodel, reporter=carl, reason="malware", text="")
    report_create(aimodel=other, reporter=bob, reason="license", text="")
    client.force_login(moderator)
    response = client.get("/moderation/")
    rows = list(response.context["page"])
    assert [m.model_id for m in rows] == ["other", "resnet"]
    assert [m.open_count for m in rows] == [1, 2]
    assert rows[1].reason_counts == [("Spam", 1), ("Malware", 1)]
    content = response.content.decode()
    assert "namespaces/alice/models/resnet" in content and "Malware: 1" in content


def test_queue_filters_by_reason_and_leaves_out_closed_reports(client, aimodel, alice_ns, container, moderator, bob):
    other = AIModelFactory(namespace=alice_ns, model_id="other", model_definition=container)
    report_create(aimodel=aimodel, reporter=bob, reason="spam", text="")
    closed = report_create(aimodel=other, reporter=bob, reason="spam", text="")
    Report.objects.filter(pk=closed.pk).update(status="dismissed")
    report_create(aimodel=other, reporter=UserFactory(username="dan"), reason="license", text="")
    client.force_login(moderator)
    assert [m.model_id for m in client.get("/moderation/?reason=spam").context["page"]] == ["resnet"]
    assert [m.open_count for m in client.get("/moderation/?reason=license").context["page"]] == [1]
    assert [m.model_id for m in client.get("/moderation/?reason=bogus").context["page"]] == ["other", "resnet"]


def test_queue_is_paginated_with_constant_queries(
    client, alice_ns, container, moderator, bob, django_assert_num_queries
):
    for n in range(30):
        report_create(
            aimodel=AIModelFactory(namespace=alice_ns, model_id=f"m{n}", model_definition=container),
            reporter=bob,
            reason="spam",
            text="",
        )
    client.force_login(moderator)
    with django_assert_num_queries(6):  # session, user, 2 × permissions, count, page
        first = client.get("/moderation/")
    assert len(first.context["page"]) == 25 and first.context["page"].paginator.num_pages == 2
    with django_assert_num_queries(6):
        assert len(client.get("/moderation/?page=2").context["page"]) == 5
    assert client.get("/moderation/?page=abc").status_code == 200


def test_public_tab_lists_models_made_public_newest_first(
    client, private_model, alice, acme, container, moderator, django_assert_num_queries
):
    created = aimodel_create(
        namespace=acme,
        data={
            "model_id": "born-public",
            "model_definition": "container",
            "configuration": {},
            "task": "TASK_OCR",
            "visibility": "VISIBILITY_PUBLIC",
            "region": "REGION_LOCAL",
            "hardware": "CPU",
        },
        actor=alice,
        source="api",
    )
    aimodel_create(
        namespace=acme,
        data={**{"model_id": "born-private", "model_definition": "container", "configuration": {}},
              "task": "TASK_OCR", "visibility": "VISIBILITY_PRIVATE", "region": "REGION_LOCAL", "hardware": "CPU"},
        actor=alice,
        source="api",
    )  # fmt: skip
    aimodel_update(aimodel=private_model, changes={"visibility": "VISIBILITY_PUBLIC"}, actor=alice, source="web")
    aimodel_update(aimodel=fresh(private_model), changes={"description": "x"}, actor=alice, source="web")
    client.force_login(moderator)
    with django_assert_num_queries(6):  # session, user, 2 × permissions, count, page
        response = client.get("/moderation/?tab=public")
    entries = list(response.context["page"])
    assert [(e.aimodel.model_id, e.action, e.source) for e in entries] == [
        ("secret", "update", "web"),
        ("born-public", "create", "api"),
    ]
    assert created.pk == entries[1].aimodel.pk
    assert "(created public)" in response.content.decode()


def test_model_page_shows_reports_history_and_actions(
    client, aimodel, report, alice, moderator, django_assert_max_num_queries
):
    aimodel_update(aimodel=aimodel, changes={"description": "Edited"}, actor=alice, source="web")
    client.force_login(moderator)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("moderation-model", args=[aimodel.pk]))
    content = response.content.decode()
    assert "Links to a scam" in content and "by bob" in content
    assert "Dismiss report" in content and "Hide model" in content and "Leave note" in content
    assert "Edited" in content  # the audit history
    assert "Restore model" not in content


def test_model_page_of_hidden_model_offers_restore(client, aimodel, moderator):
    aimodel_hide(aimodel=aimodel, actor=moderator, note="Gone")
    client.force_login(moderator)
    content = client.get(reverse("moderation-model", args=[aimodel.pk])).content.decode()
    assert "Restore model" in content and "Hide model" not in content and "Hidden by moderators" in content


def test_user_text_is_escaped(client, aimodel, bob, moderator):
    report_create(aimodel=aimodel, reporter=bob, reason="other", text="<script>alert(1)</script>")
    client.force_login(moderator)
    content = client.get(reverse("moderation-model", args=[aimodel.pk])).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_hide_works_on_a_record_an_older_rule_let_through(client, alice_ns, container, moderator):
    broken = AIModelFactory(namespace=alice_ns, model_id="broken", model_definition=container, source_url="ftp://x")
    client.force_login(moderator)
    response = client.post(reverse("moderation-hide", args=[broken.pk]), {"hide-note": "bad"})
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
