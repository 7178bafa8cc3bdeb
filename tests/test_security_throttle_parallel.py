"""The throttles hold against parallel attempts, on SQLite and on PostgreSQL.

A live server (one thread and one database connection per request, as separate app servers
have) takes 24 form posts released together by a barrier. The password checks that ran are
counted in the server (calls of Django's ModelBackend, or of the old-password check): never
more than the limit, because each check runs on a slot reserved atomically beforehand.
Two gunicorn app servers (separate processes) sharing one limit are counted by their answers.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core import mail
from django.db import connection
from django.test import Client

from tests.factories import PASSWORD
from tests.gunicorn_support import app_server
from tests.live_form_support import CallCounter, FormClient, posted_at_once

pytestmark = pytest.mark.django_db(transaction=True)

ATTEMPTS = 24
LOGIN = "/accounts/login/"
WRONG_PASSWORD = "Please enter a correct username and password"


@pytest.fixture(params=["sqlite", "postgresql"])
def vendor(request, transactional_db):
    if connection.vendor != request.param:
        pytest.skip(f"runs on {request.param}; this run's database is {connection.vendor} (DATABASE_URL selects it)")
    return request.param


@pytest.fixture
def backend_checks(monkeypatch):
    """Calls of ModelBackend.authenticate (it hashes the password, for unknown users too)."""
    counter = CallCounter()
    monkeypatch.setattr(ModelBackend, "authenticate", counter.wrap(ModelBackend.authenticate))
    return counter


def login_form(live_server) -> FormClient:
    visitor = FormClient(live_server.url)
    assert visitor.get(LOGIN)[0] == 200 and visitor.csrf
    return visitor


def test_parallel_wrong_passwords_for_one_user_check_at_most_the_limit(vendor, live_server, alice, backend_checks):
    visitor = login_form(live_server)
    answers = posted_at_once(visitor, LOGIN, [{"username": "alice", "password": f"wrong {n}"} for n in range(ATTEMPTS)])

    statuses = sorted(status for status, _ in answers)
    assert backend_checks.calls == 5
    assert statuses == [200] * 5 + [429] * (ATTEMPTS - 5)
    assert all(WRONG_PASSWORD in text for status, text in answers if status == 200)
    assert all("Too many failed login attempts; try again in 15 minutes." in text for s, text in answers if s == 429)
    # still locked for the right password, which is not checked
    assert visitor.post(LOGIN, {"username": "alice", "password": PASSWORD})[0] == 429
    assert backend_checks.calls == 5


def test_parallel_guesses_from_one_ip_check_at_most_the_ip_limit(vendor, live_server, alice, backend_checks):
    visitor = login_form(live_server)
    answers = posted_at_once(visitor, LOGIN, [{"username": f"guess{n}", "password": "wrong"} for n in range(ATTEMPTS)])

    assert backend_checks.calls == 20
    assert sorted(status for status, _ in answers) == [200] * 20 + [429] * (ATTEMPTS - 20)


def test_parallel_right_passwords_all_log_in_and_leave_no_count(vendor, live_server, alice, backend_checks):
    """Honest parallel logins (tabs, up to the limit) give their slots back: none is refused,
    and the user's counter is clear afterwards."""
    visitor = login_form(live_server)
    answers = posted_at_once(visitor, LOGIN, [{"username": "alice", "password": PASSWORD}] * 5)
    assert [status for status, _ in answers] == [302] * 5
    assert backend_checks.calls == 5
    for _ in range(4):
        assert visitor.post(LOGIN, {"username": "alice", "password": "wrong"})[0] == 200
    assert visitor.post(LOGIN, {"username": "alice", "password": PASSWORD})[0] == 302


def test_parallel_wrong_old_passwords_check_at_most_the_limit(vendor, live_server, alice, monkeypatch):
    checks = CallCounter()
    user_model = get_user_model()
    monkeypatch.setattr(user_model, "check_password", checks.wrap(user_model.check_password))
    browser = Client()
    browser.force_login(alice)
    visitor = FormClient(live_server.url, {"sessionid": browser.cookies["sessionid"].value})
    assert visitor.get("/accounts/password_change/")[0] == 200
    new = "a-new-long-passphrase-2026"

    forms = [{"old_password": f"wrong {n}", "new_password1": new, "new_password2": new} for n in range(ATTEMPTS)]
    answers = posted_at_once(visitor, "/accounts/password_change/", forms)

    assert checks.calls == 5
    assert sorted(status for status, _ in answers) == [200] * 5 + [429] * (ATTEMPTS - 5)
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_parallel_reset_requests_send_at_most_the_limit(vendor, live_server, alice):
    visitor = FormClient(live_server.url)
    assert visitor.get("/accounts/password_reset/")[0] == 200
    answers = posted_at_once(visitor, "/accounts/password_reset/", [{"email": alice.email}] * ATTEMPTS)

    assert sorted(status for status, _ in answers) == [302] * 3 + [429] * (ATTEMPTS - 3)
    assert len(mail.outbox) == 3


def test_two_app_servers_share_the_limit(vendor, alice):
    """Two gunicorn servers (separate processes, as behind a load balancer) take 24 wrong
    passwords for one user at once, half each: 5 are checked in all (each a "wrong password"
    page), the other 19 refused unchecked."""
    with app_server() as first, app_server() as second:
        visitors = [FormClient(first), FormClient(second)]
        assert visitors[0].get(LOGIN)[0] == 200
        visitors[1].cookies, visitors[1].csrf = visitors[0].cookies, visitors[0].csrf  # one browser, two servers
        connections = [visitors[n % 2].connect() for n in range(ATTEMPTS)]
        barrier = threading.Barrier(ATTEMPTS)

        def attempt(n: int):
            barrier.wait(timeout=60)
            form = {"username": "alice", "password": f"wrong {n}"}
            return visitors[n % 2].post(LOGIN, form, connections[n])

        with ThreadPoolExecutor(ATTEMPTS) as pool:
            answers = list(pool.map(attempt, range(ATTEMPTS)))
    checked = [text for status, text in answers if status == 200]
    assert len(checked) == 5 and all(WRONG_PASSWORD in text for text in checked)
    assert sorted(status for status, _ in answers) == [200] * 5 + [429] * (ATTEMPTS - 5)
