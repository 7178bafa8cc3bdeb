"""The history page shows moderation only to the model's editors and staff.

Reports (their ids and reasons), dismissal notes, moderators' notes, hide/restore entries
and moderators' usernames were on every signed-in reader's history page while the model
page hid them. The history is filtered in its selector: the others get the model's own
field changes only.
"""

import pytest
from django.urls import reverse

from modelhub.models import AuditSource, Visibility
from modelhub.selectors import audit_entries_shown_to
from modelhub.services import (
    aimodel_hide,
    aimodel_unhide,
    aimodel_update,
    moderation_note_create,
    report_create,
    report_dismiss,
)
from tests.factories import AIModelFactory

pytestmark = pytest.mark.django_db

SECRETS = ["Dismissed: the reporter is a competitor", "Owner: fix the licence", "Hidden pending review", "moderator"]


@pytest.fixture
def moderated(acme, alice, bob, moderator, container):
    """A public acme model with a full moderation story, then an edit by its member alice."""
    aimodel = AIModelFactory(namespace=acme, model_id="sdxl", model_definition=container)
    report = report_create(aimodel=aimodel, reporter=bob, reason="license", text="Copied weights")
    report_dismiss(report=report, actor=moderator, note=SECRETS[0])
    moderation_note_create(aimodel=aimodel, author=moderator, text=SECRETS[1])
    aimodel_hide(aimodel=aimodel, actor=moderator, note=SECRETS[2])
    aimodel.refresh_from_db()
    aimodel_unhide(aimodel=aimodel, actor=moderator, visibility=Visibility.PRIVATE)  # the owner publishes it
    aimodel.refresh_from_db()
    aimodel_update(aimodel=aimodel, changes={"visibility": Visibility.PUBLIC}, actor=alice, source=AuditSource.WEB)
    aimodel.refresh_from_db()
    aimodel_update(aimodel=aimodel, changes={"description": "Sharper"}, actor=alice, source=AuditSource.WEB)
    return aimodel


def history(client, user, aimodel):
    client.force_login(user)
    response = client.get(reverse("aimodel-history", args=["acme", aimodel.model_id]))
    assert response.status_code == 200
    return response.content.decode()


# --- those who must not see it first -------------------------------------------------------


@pytest.mark.parametrize("who", ["bob", "carol"])
def test_readers_who_are_not_editors_see_no_moderation(client, request, moderated, who):
    page = history(client, request.getfixturevalue(who), moderated)
    for secret in SECRETS:
        assert secret not in page
    for word in ("license: open", "copied weights", "report dismissed", "via moderation", "note", "hide"):
        assert word not in page.lower(), word
    assert "Sharper" in page  # the model's own field change is there


def test_the_others_get_field_changes_only_from_the_selector(moderated):
    entries = list(audit_entries_shown_to(moderated, sees_moderation=False))
    assert [list(entry.changes) for entry in entries] == [["description"], ["visibility"]]  # alice's, newest first
    assert all(entry.source != AuditSource.MODERATION for entry in entries)
    assert all(not entry.message and "moderation_state" not in entry.changes for entry in entries)
    assert len(audit_entries_shown_to(moderated, sees_moderation=True)) == 6  # and 4 moderation entries


def test_anonymous_visitors_are_sent_to_sign_in(client, moderated):
    response = client.get(reverse("aimodel-history", args=["acme", moderated.model_id]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- those who may --------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "moderator", "superuser"])
def test_editors_and_staff_see_the_whole_story(client, request, moderated, who):
    page = history(client, request.getfixturevalue(who), moderated)
    for secret in SECRETS:
        assert secret in page
    assert "Sharper" in page


def test_the_history_page_of_a_reader_takes_a_fixed_number_of_queries(
    client, bob, moderated, django_assert_num_queries
):
    client.force_login(bob)
    url = reverse("aimodel-history", args=["acme", moderated.model_id])
    client.get(url)
    with django_assert_num_queries(6):  # session, user, model with role, count, page of entries, catalog titles
        client.get(url)
