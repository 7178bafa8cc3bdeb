"""The model page's moderation panel ({% moderation_panel %}) and the "Report" action behind it."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.urls import reverse

from modelhub.models import Report
from modelhub.permissions import is_staff_moderator
from modelhub.selectors import aimodel_with_role
from modelhub.services import aimodel_hide, moderation_note_create, report_create
from tests.factories import AIModelFactory
from tests.html_forms import form_fields

pytestmark = pytest.mark.django_db

PANEL = Template("{% load moderation_tags %}{% moderation_panel aimodel user can_edit %}")


def detail(client, aimodel) -> str:
    response = client.get(aimodel.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def render_panel(aimodel, user, can_edit="") -> str:
    loaded = aimodel_with_role(user, aimodel.namespace.namespace_id, aimodel.model_id)
    return PANEL.render(Context({"aimodel": loaded, "user": user, "can_edit": can_edit}))


# --- what each visitor sees on the model's page ------------------------------------------


def test_signed_in_outsider_gets_the_report_action_in_the_header(client, aimodel, bob):
    client.force_login(bob)
    content = detail(client, aimodel)
    report_url = reverse("moderation-report-create", args=[aimodel.pk])
    assert f'href="{report_url}">Report</a>' in content
    assert "Report this model" not in content  # one way to report: the header's action, to the report page
    assert "Moderate this model" not in content
    page = client.get(report_url).content.decode()
    # The report form itself (the logout form is on every page): posts to the report URL, with
    # the CSRF token, a required reason to choose, the optional text and its own submit button.
    fields = dict(form_fields(page, action=report_url, method="post"))
    assert set(fields) == {"csrfmiddlewaretoken", "reason", "text"} and fields["csrfmiddlewaretoken"]
    assert fields["reason"] == ""  # "Choose a reason…": nothing is reported by accident
    (form,) = re.findall(rf'<form[^>]*action="{re.escape(report_url)}".*?</form>', page, re.S)
    assert re.search(r'<select name="reason"[^>]*required', form)
    assert re.search(r'<input type="submit"\s+name="report"\s+value="Send report"', form)
    response = client.post(report_url, {**fields, "reason": "spam"})
    assert response.status_code == 302 and Report.objects.get().reporter == bob


def test_the_panel_alone_still_offers_the_report_form(aimodel, bob):
    content = render_panel(aimodel, bob)
    assert "Report this model" in content
    assert f'action="{reverse("moderation-report-create", args=[aimodel.pk])}"' in content


def test_anonymous_report_action_leads_to_the_login_page(client, aimodel):
    content = detail(client, aimodel)
    report_url = reverse("moderation-report-create", args=[aimodel.pk])
    assert f'href="{report_url}">Report</a>' in content
    response = client.get(report_url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_owner_sees_no_report_button_but_sees_state_and_notes(client, aimodel, alice, moderator):
    moderation_note_create(aimodel=aimodel, author=moderator, text="Please add a <b>license</b>.")
    aimodel_hide(aimodel=aimodel, actor=moderator, note="Hidden: malware", share_note=True)
    client.force_login(alice)
    content = detail(client, aimodel)
    assert "Report this model" not in content
    assert "Hidden by moderators." in content and "cannot be made public until staff restore it" in content
    assert "Hidden: malware" in content
    assert "Please add a &lt;b&gt;license&lt;/b&gt;." in content  # escaped, never |safe


def test_outsiders_do_not_see_notes(client, aimodel, bob, moderator):
    moderation_note_create(aimodel=aimodel, author=moderator, text="Private remark to the owner")
    assert "Private remark" not in detail(client, aimodel)
    client.force_login(bob)
    assert "Private remark" not in detail(client, aimodel)


def test_org_viewer_may_neither_report_nor_see_notes(client, carol, acme, container, moderator):
    shared = AIModelFactory(namespace=acme, model_id="shared", model_definition=container)
    moderation_note_create(aimodel=shared, author=moderator, text="For the editors")
    client.force_login(carol)
    content = detail(client, shared)
    assert "Report this model" not in content and "For the editors" not in content


def test_moderator_gets_the_link_and_open_report_count(client, aimodel, bob, moderator):
    report_create(aimodel=aimodel, reporter=bob, reason="spam", text="")
    client.force_login(moderator)
    content = detail(client, aimodel)
    assert reverse("moderation-model", args=[aimodel.pk]) in content and "1 open report" in content
    assert "Report this model" not in content


def test_after_reporting_the_form_gives_way_to_a_notice(client, aimodel, bob):
    report_create(aimodel=aimodel, reporter=bob, reason="spam", text="")
    client.force_login(bob)
    content = detail(client, aimodel)
    assert "You reported this model" in content and "Report this model" not in content


def test_explicit_can_edit_from_the_page_is_honoured(aimodel, bob, moderator):
    moderation_note_create(aimodel=aimodel, author=moderator, text="Seen by editors")
    assert "Seen by editors" in render_panel(aimodel, bob, can_edit=True)
    assert "Seen by editors" not in render_panel(aimodel, bob, can_edit=False)


@pytest.mark.parametrize("who", ["anonymous", "bob", "alice", "moderator"])
def test_panel_queries_are_constant(request, aimodel, who, django_assert_max_num_queries):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    for n in range(5):
        moderation_note_create(aimodel=aimodel, author=request.getfixturevalue("moderator"), text=f"note {n}")
    loaded = aimodel_with_role(user, "alice", "resnet")
    is_staff_moderator(user)  # the user's permissions are loaded once per request (the navbar already does)
    with django_assert_max_num_queries(2):
        PANEL.render(Context({"aimodel": loaded, "user": user, "can_edit": who == "alice"}))


# --- the report action ------------------------------------------------------------------


def report_url(aimodel) -> str:
    return reverse("moderation-report-create", args=[aimodel.pk])


def test_anonymous_report_goes_to_login_and_creates_nothing(client, aimodel):
    for response in (client.get(report_url(aimodel)), client.post(report_url(aimodel), {"reason": "spam"})):
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Report.objects.exists()


def test_report_page_renders_the_form(client, aimodel, bob):
    client.force_login(bob)
    content = client.get(report_url(aimodel)).content.decode()
    assert "Send report" in content and "Inappropriate content" in content


def test_bob_reports_alices_model(client, aimodel, bob):
    client.force_login(bob)
    response = client.post(report_url(aimodel), {"reason": "malware", "text": "It phones home"}, follow=True)
    assert response.redirect_chain == [(aimodel.get_absolute_url(), 302)]
    assert "your report was sent to the moderators" in response.content.decode()
    report = Report.objects.get()
    assert (report.reporter, report.reason, report.text, report.status) == (bob, "malware", "It phones home", "open")


def test_duplicate_report_is_refused_with_a_clear_message(client, aimodel, bob):
    client.force_login(bob)
    client.post(report_url(aimodel), {"reason": "spam"})
    response = client.post(report_url(aimodel), {"reason": "other", "text": "again"})
    assert response.status_code == 400
    # the page says so instead of offering the form again
    assert 'data-testid="already-reported"' in response.content.decode()
    assert "You already reported this model" in response.content.decode()
    assert Report.objects.count() == 1


def test_owner_cannot_report_their_own_model(client, aimodel, alice):
    client.force_login(alice)
    response = client.post(report_url(aimodel), {"reason": "spam"})
    assert response.status_code == 400
    assert "You cannot report a model of your own namespace." in response.content.decode()
    assert not Report.objects.exists()


def test_private_model_report_is_404_for_outsiders(client, private_model, bob):
    client.force_login(bob)
    assert client.get(report_url(private_model)).status_code == 404
    assert client.post(report_url(private_model), {"reason": "spam"}).status_code == 404
    assert not Report.objects.exists()


def test_private_model_report_is_refused_for_readers(client, private_model, carol):
    client.force_login(carol)
    response = client.post(report_url(private_model), {"reason": "spam"})
    assert response.status_code == 400 and "Only public models can be reported." in response.content.decode()
    assert not Report.objects.exists()


def test_hidden_model_report_is_404_for_outsiders(client, aimodel, bob, moderator):
    aimodel_hide(aimodel=aimodel, actor=moderator)
    client.force_login(bob)
    assert client.post(report_url(aimodel), {"reason": "spam"}).status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "This field is required."),
        ({"reason": "nonsense"}, "Select a valid choice."),
        ({"reason": "spam", "text": "x" * 2001}, "Ensure this value has at most 2000 characters (it has 2001)."),
    ],
)
def test_bad_report_input_shows_the_error_and_keeps_the_text(client, aimodel, bob, data, message):
    client.force_login(bob)
    response = client.post(report_url(aimodel), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert data.get("text", "") in content  # what the user typed is kept
    assert not Report.objects.exists()


def test_report_of_unknown_model_is_404(client, bob):
    client.force_login(bob)
    assert client.post("/moderation/models/00000000-0000-0000-0000-000000000000/report/").status_code == 404


def test_report_is_get_or_post_only(client, aimodel, bob):
    client.force_login(bob)
    assert client.put(report_url(aimodel)).status_code == 405
