"""The account pages in the site's own layout: login with "Forgot password?", password change
and reset (still throttled), the account menu under the user's name; no link into the admin
for a non-staff user, and the admin's own password change sends staff to the site's page."""

import re

import pytest
from django.core import mail

from modelhub.security.passwords import PASSWORD_RESET
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = [
    "/accounts/login/",
    "/accounts/password_reset/",
    "/accounts/password_reset/done/",
    "/accounts/reset/MQ/not-a-token/",
    "/accounts/reset/done/",
]
SIGNED_IN_PAGES = ["/accounts/password_change/", "/accounts/password_change/done/", "/"]


def h1(body: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S).group(1).strip()


def admin_links(body: str) -> list[str]:
    return re.findall(r'href="(/admin/[^"]*)"', body)


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_anonymous_account_pages_are_the_sites_pages(client, path):
    response = client.get(path)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'aria-label="Main navigation"' in body and "Django administration" not in body
    assert 'data-testid="account-card"' in body
    assert admin_links(body) == []


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_a_signed_in_users_pages_have_the_account_menu_and_no_admin_link(client, alice, path):
    client.force_login(alice)
    body = client.get(path).content.decode()
    assert "Django administration" not in body and admin_links(body) == []
    menu = body.split('data-testid="account-menu"')[1].split("</li>\n          </ul>")[0]
    assert 'href="/settings/tokens/"' in menu and 'href="/accounts/password_change/"' in menu
    # logging out is a POST with the CSRF token, never a link
    logout_form = r'<form method="post" action="/accounts/logout/">\s*<input type="hidden" name="csrfmiddlewaretoken"'
    assert re.search(logout_form, menu)
    assert 'href="/accounts/logout/' not in body


def test_staff_see_the_admin_link(client, moderator):
    client.force_login(moderator)
    assert "/admin/" in admin_links(client.get("/").content.decode())


def test_the_login_page_offers_forgot_password(client):
    body = client.get("/accounts/login/").content.decode()
    assert h1(body) == "Log in to modelhub"
    assert re.search(r'<a href="/accounts/password_reset/"[^>]*>Forgot password\?</a>', body)


def test_the_reset_page_says_what_happens_and_the_done_page_where_the_mail_went(client, alice, settings):
    body = client.get("/accounts/password_reset/").content.decode()
    assert "the link works once, for 3 days" in body  # Django's PASSWORD_RESET_TIMEOUT
    response = client.post("/accounts/password_reset/", {"email": alice.email}, follow=True)
    body = response.content.decode()
    assert h1(body) == "Check your e-mail" and "written to the server's console" in body
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "Reset your modelhub password"
    assert "/accounts/reset/" in mail.outbox[0].body and "alice" in mail.outbox[0].body

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # a server that sends mail
    assert "server's console" not in client.get("/accounts/password_reset/done/").content.decode()


def test_an_unknown_address_gets_the_same_page_and_no_mail(client):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.com"}, follow=True)
    assert h1(response.content.decode()) == "Check your e-mail" and mail.outbox == []


def test_a_bad_reset_link_says_so_in_words(client):
    body = client.get("/accounts/reset/MQ/not-a-token/").content.decode()
    assert h1(body) == "This reset link no longer works"
    assert 'href="/accounts/password_reset/"' in body and "<form" not in body.split("<main")[1]


def test_the_throttled_reset_page_is_the_sites_page(client, alice):
    for _ in range(PASSWORD_RESET.key_limit):
        client.post("/accounts/password_reset/", {"email": alice.email})
    response = client.post("/accounts/password_reset/", {"email": alice.email})
    body = response.content.decode()
    assert response.status_code == 429 and "Too many password reset requests" in body
    assert h1(body) == "Reset your password" and "Django administration" not in body


def test_a_wrong_old_password_is_shown_at_its_field(client, alice):
    client.force_login(alice)
    data = {"old_password": "wrong", "new_password1": "a-long-passphrase-99", "new_password2": "a-long-passphrase-99"}
    body = client.post("/accounts/password_change/", data).content.decode()
    assert 'id="id_old_password"' in body and "is-invalid" in body
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_the_admins_password_change_sends_staff_to_the_sites_throttled_page(client, moderator):
    client.force_login(moderator)
    response = client.get("/admin/password_change/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password_change/"
