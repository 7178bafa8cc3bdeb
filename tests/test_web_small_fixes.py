"""Smaller findings: the favicon (no 404 on every page), the report page when you already
reported the model, and one "copy it now" box on the tokens page."""

import re

import pytest

from modelhub.models import ApiToken
from modelhub.services import report_create

pytestmark = pytest.mark.django_db


def test_every_page_names_its_icon_and_favicon_ico_leads_to_it(client, superuser):
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in client.get("/").content.decode()
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.svg"
    client.force_login(superuser)
    assert 'rel="icon" href="/static/favicon.svg"' in client.get("/admin/").content.decode()


def test_the_report_page_says_you_already_reported_the_model(client, bob, aimodel):
    client.force_login(bob)
    url = f"/moderation/models/{aimodel.pk}/report/"
    assert 'name="reason"' in client.get(url).content.decode()
    report_create(aimodel=aimodel, reporter=bob, reason="spam", text="Links to a scam")
    body = client.get(url).content.decode()
    assert "You already reported this model" in body and "“Spam”" in body
    assert 'name="reason"' not in body


def test_the_tokens_page_has_one_copy_it_now_box(client, alice):
    client.force_login(alice)
    body = client.post("/settings/tokens/", {"name": "CI deploy"}).content.decode()
    assert len(re.findall(r"copy it now", body, re.I)) == 1 and 'data-testid="message"' not in body
    assert "Created the token “CI deploy”." in body
    assert ApiToken.objects.filter(user=alice, name="CI deploy").count() == 1
