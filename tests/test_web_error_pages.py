"""403, 404 and 500 are pages of the site: its layout and navigation, a heading in words, a way on."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db

NAV = 'aria-label="Main navigation"'


def test_404_is_in_the_layout_and_says_what_to_do(client, alice):
    client.force_login(alice)
    response = client.get("/namespaces/alice/models/no-such-model/")
    body = response.content.decode()
    assert response.status_code == 404
    assert NAV in body and "Skip to content" in body
    assert "Error 404" in body and "This page does not exist" in body and "Browse the models" in body


def test_403_is_in_the_layout_and_names_the_way_on(client, alice):
    client.force_login(alice)
    response = client.get("/moderation/")  # alice is no moderator
    body = response.content.decode()
    assert response.status_code == 403
    assert NAV in body and "Error 403" in body and "You may not do this" in body
    assert "Forbidden</h1>" not in body  # not the bare server page


def test_500_is_in_the_layout_without_a_request_context(db):
    """Django renders 500.html with no context processors: the layout must still render."""
    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert NAV in body and "Error 500" in body and "Something went wrong on our side" in body
