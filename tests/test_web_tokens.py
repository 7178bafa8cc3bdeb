"""The API tokens page: create (shown once), revoke, last used, recent API requests."""

import re

import pytest
from django.urls import reverse

from modelhub.models import ApiToken
from modelhub.services import api_request_record, token_authenticate, token_create

pytestmark = pytest.mark.django_db
URL = "/settings/tokens/"


def test_tokens_anonymous_is_sent_to_login(client, db):
    for method in (client.get, client.post):
        response = method(URL)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert not ApiToken.objects.exists()


def test_create_shows_the_secret_once_and_it_works(client, alice):
    client.force_login(alice)
    response = client.post(URL, {"name": "CI deploy"}, follow=True)
    body = response.content.decode()
    raw = response.context["new_token"]["raw"]
    assert raw in body
    assert "Copy it now" in body
    token = token_authenticate(raw)
    assert token is not None and token.user == alice and token.name == "CI deploy"
    again = client.get(URL).content.decode()
    assert raw not in again  # shown once
    assert "CI deploy" in again and token.prefix in again and "never" in again


def test_revoke_own_token(client, alice):
    token, raw = token_create(user=alice, name="old")
    client.force_login(alice)
    response = client.post(reverse("token-revoke", args=[token.pk]), follow=True)
    assert "Revoked the token" in response.content.decode()
    assert token_authenticate(raw) is None
    assert "Revoked" in client.get(URL).content.decode()


def test_revoke_someone_elses_token_is_404(client, alice, bob):
    token, raw = token_create(user=alice, name="alice's")
    client.force_login(bob)
    assert client.post(reverse("token-revoke", args=[token.pk])).status_code == 404
    assert client.get(reverse("token-revoke", args=[token.pk])).status_code == 405
    assert token_authenticate(raw) is not None


def test_page_lists_only_own_tokens_and_requests(client, alice, bob):
    token, _ = token_create(user=alice, name="alice-token")
    token_create(user=bob, name="bob-token")
    api_request_record(user=alice, token=token, method="PATCH", path="/v1alpha/x", status=409, user_agent="curl/8.0")
    api_request_record(user=bob, token=None, method="GET", path="/v1alpha/bob", status=200, user_agent="bob-agent")
    client.force_login(alice)
    body = client.get(URL).content.decode()
    assert "alice-token" in body and "bob-token" not in body
    assert "/v1alpha/x" in body and "409" in body and "curl/8.0" in body and "PATCH" in body
    assert "bob-agent" not in body


def test_user_agent_is_escaped(client, alice):
    api_request_record(user=alice, token=None, method="GET", path="/v1alpha/<b>", status=200, user_agent="<script>x")
    client.force_login(alice)
    body = client.get(URL).content.decode()
    assert "<script>x" not in body and "&lt;script&gt;x" in body


def test_tokens_page_query_count(client, django_assert_num_queries, alice):
    for n in range(3):
        token, _ = token_create(user=alice, name=f"t{n}")
        api_request_record(user=alice, token=token, method="GET", path="/v1alpha/y", status=200, user_agent="ua")
    client.force_login(alice)
    with django_assert_num_queries(4):  # session, user, tokens, requests
        assert client.get(URL).status_code == 200


def test_request_log_names_the_token_or_the_session(client, alice):
    token, _ = token_create(user=alice, name="Laptop script")
    api_request_record(user=alice, token=token, method="GET", path="/v1alpha/a", status=200, user_agent="curl/8.0")
    api_request_record(user=alice, token=None, method="GET", path="/v1alpha/b", status=200, user_agent="firefox")
    client.force_login(alice)
    body = client.get(URL).content.decode()
    log = body.split('data-testid="api-requests"')[1].split("</table>")[0]
    cells = re.findall(r'<td data-label="Token" class="text-break">(.*?)</td>', log)
    assert "Laptop script" in cells[1] and "browser session" in cells[0]  # newest first
