"""Accounts: token secrets kept nowhere, tokens revoked with the password or the account,
and password change / reset throttled."""

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client

from modelhub.models import ApiToken
from modelhub.security.passwords import PASSWORD_CHANGE, PASSWORD_RESET
from modelhub.security.throttle import AttemptCounter
from modelhub.services import token_create
from tests.api_support import assert_status
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-long-passphrase-2026"


def api_works(raw: str) -> bool:
    response = Client().get("/v1alpha/namespaces/alice/models", headers={"Authorization": f"Bearer {raw}"})
    return response.status_code == 200


# --- L2: the secret is shown once and stored nowhere -------------------------------------


def test_a_new_tokens_secret_is_in_the_answer_and_in_no_session(client, alice):
    client.force_login(alice)
    response = client.post("/settings/tokens/", {"name": "ci"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=alice, name="ci")
    raw = response.context["new_token"]["raw"]
    assert raw in response.content.decode() and api_works(raw)
    assert token.key_hash != raw and raw not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    for session in Session.objects.all():
        assert raw not in str(session.get_decoded()) and raw not in session.session_data
    assert raw not in client.get("/settings/tokens/").content.decode()  # shown once


# --- tokens die with the password or the account -------------------------------------------


def test_a_wrong_old_password_changes_nothing_and_keeps_the_tokens(client, alice):
    raw = token_create(user=alice, name="ci")[1]
    client.force_login(alice)
    data = {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert client.post("/accounts/password_change/", data).status_code == 200
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD) and api_works(raw)


def test_changing_the_password_revokes_every_token(client, alice):
    raws = [token_create(user=alice, name=f"t{n}")[1] for n in range(2)]
    client.force_login(alice)
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = client.post("/accounts/password_change/", data)
    assert response.status_code == 302
    assert not any(api_works(raw) for raw in raws)
    assert not ApiToken.objects.filter(user=alice, revoke_time__isnull=True).exists()


def test_a_password_reset_revokes_every_token(client, alice):
    raw = token_create(user=alice, name="ci")[1]
    client.post("/accounts/password_reset/", {"email": alice.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line).strip()
    path = link[link.index("/accounts/reset/") :]
    form_url = client.get(path)["Location"]  # Django swaps the token for a session marker
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and not api_works(raw)


def test_staff_setting_a_password_in_the_admin_revokes_the_tokens(client, superuser, alice):
    raw = token_create(user=alice, name="ci")[1]
    client.force_login(superuser)
    url = f"/admin/auth/user/{alice.pk}/password/"
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302, response.context["form"].errors
    assert not api_works(raw)


def test_deactivating_a_user_revokes_the_tokens_for_good(client, superuser, alice):
    raw = token_create(user=alice, name="ci")[1]
    client.force_login(superuser)
    page = client.get(f"/admin/auth/user/{alice.pk}/change/")
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    data.update(is_active="", date_joined_0="2026-01-01", date_joined_1="00:00:00", last_login_0="", last_login_1="")
    data = {k: v for k, v in data.items() if k not in ("password", "groups", "user_permissions")}
    assert client.post(f"/admin/auth/user/{alice.pk}/change/", data).status_code == 302
    alice.refresh_from_db()
    assert not alice.is_active
    alice.is_active = True  # reactivated later: the old token stays dead
    alice.save(update_fields=["is_active"])
    assert not api_works(raw)


# --- L3: password change throttled ---------------------------------------------------------


def test_wrong_old_passwords_are_throttled_then_even_the_right_one_is_refused(client, alice):
    client.force_login(alice)
    wrong = {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    for _ in range(PASSWORD_CHANGE.key_limit):
        assert client.post("/accounts/password_change/", wrong).status_code == 200
    right = {**wrong, "old_password": PASSWORD}
    response = client.post("/accounts/password_change/", right)
    assert response.status_code == 429
    assert "Too many wrong passwords; try again in" in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


# --- L6: password reset mails limited ------------------------------------------------------


@pytest.mark.parametrize("known", [True, False])
def test_reset_mails_for_one_address_are_limited_whether_or_not_it_exists(client, alice, known):
    email = alice.email if known else "nobody@example.com"
    for _ in range(PASSWORD_RESET.key_limit):
        assert client.post("/accounts/password_reset/", {"email": email}).status_code == 302
    sent = len(mail.outbox)
    response = client.post("/accounts/password_reset/", {"email": email})
    assert response.status_code == 429 and "Too many password reset requests" in response.content.decode()
    assert len(mail.outbox) == sent == (PASSWORD_RESET.key_limit if known else 0)


def test_reset_requests_from_one_ip_are_limited_across_addresses(client):
    for n in range(PASSWORD_RESET.ip_limit):
        assert client.post("/accounts/password_reset/", {"email": f"user{n}@example.com"}).status_code == 302
    assert client.post("/accounts/password_reset/", {"email": "other@example.com"}).status_code == 429
    other_ip = client.post("/accounts/password_reset/", {"email": "other@example.com"}, REMOTE_ADDR="10.0.0.9")
    assert other_ip.status_code == 302


def test_the_counter_is_per_key_and_per_ip(rf):
    counter = AttemptCounter("test", key_limit=2, ip_limit=3, window=60)
    here, there = rf.get("/", REMOTE_ADDR="10.0.0.1"), rf.get("/", REMOTE_ADDR="10.0.0.2")
    counter.record(here, "a")
    counter.record(here, "a")
    assert counter.seconds_locked(here, "a") > 0 and counter.seconds_locked(there, "a") > 0  # the key
    assert counter.seconds_locked(here, "b") == 0
    counter.record(here, "b")
    assert counter.seconds_locked(here, "c") > 0 and counter.seconds_locked(there, "c") == 0  # the IP


def test_the_throttle_refusal_is_a_clear_page_not_an_error(client, alice):
    client.force_login(alice)
    assert_status(client.get("/accounts/password_change/"), 200)
