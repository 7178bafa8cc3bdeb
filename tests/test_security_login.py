"""Login throttling: counters in the database (shared by every app server), per username and per IP."""

import pytest
from django.contrib.auth import authenticate
from django.core.cache import cache

from modelhub.models import ThrottleCounter
from modelhub.security import throttle
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    """Each attempt hashes a password; a fast hasher keeps these many attempts quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """A fake clock for the throttle: tests move time forward instead of sleeping."""

    class Clock:
        now = 1_800_000_000.0

        def advance(self, seconds: float) -> None:
            self.now += seconds

    fake = Clock()
    monkeypatch.setattr(throttle, "_now", lambda: fake.now)
    cache.clear()
    return fake


def attempt(client, username, password, ip="203.0.113.7", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def fail(client, username, times, ip="203.0.113.7"):
    for _ in range(times):
        response = attempt(client, username, "wrong password", ip=ip)
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()


def assert_refused(response, minutes):
    assert response.status_code == 429
    assert f"Too many failed login attempts; try again in {minutes} minutes." in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session


def test_right_password_logs_in(client, alice):
    response = attempt(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_sixth_attempt_is_refused_even_with_the_right_password(client, alice, monkeypatch):
    fail(client, "alice", 5)
    checked = []
    monkeypatch.setattr(type(alice), "check_password", lambda self, raw: checked.append(raw) or True)
    assert_refused(attempt(client, "alice", PASSWORD), minutes=15)
    assert checked == [], "the password must not be checked while throttled"


def test_four_failures_do_not_lock(client, alice):
    fail(client, "alice", 4)
    assert attempt(client, "alice", PASSWORD).status_code == 302


def test_lock_expires_when_the_window_passes(client, alice, clock):
    fail(client, "alice", 5)
    clock.advance(10 * 60)
    assert_refused(attempt(client, "alice", PASSWORD), minutes=5)
    clock.advance(5 * 60 + 1)
    assert attempt(client, "alice", PASSWORD).status_code == 302


def test_the_window_slides_with_the_oldest_failure(client, alice, clock):
    fail(client, "alice", 1)
    clock.advance(10 * 60)
    fail(client, "alice", 4)  # 5 within 15 minutes: locked until the first leaves the window
    assert_refused(attempt(client, "alice", PASSWORD), minutes=5)
    clock.advance(5 * 60 + 1)  # the first failure left the window: 4 remain
    assert attempt(client, "alice", PASSWORD).status_code == 302


def test_refused_attempts_do_not_extend_the_lock(client, alice, clock):
    fail(client, "alice", 5)
    for _ in range(10):
        clock.advance(60)
        assert attempt(client, "alice", "wrong password").status_code == 429
    clock.advance(5 * 60 + 1)
    assert attempt(client, "alice", PASSWORD).status_code == 302


def test_success_resets_the_username_counter(client, alice):
    fail(client, "alice", 4)
    assert attempt(client, "alice", PASSWORD).status_code == 302
    client.logout()
    fail(client, "alice", 4)
    assert attempt(client, "alice", PASSWORD).status_code == 302


def test_username_counter_applies_from_any_ip(client, alice):
    for i in range(5):
        fail(client, "alice", 1, ip=f"198.51.100.{i}")
    assert_refused(attempt(client, "alice", PASSWORD, ip="192.0.2.1"), minutes=15)


def test_other_usernames_are_not_locked_by_one_users_failures(client, alice, bob):
    fail(client, "alice", 5)
    assert attempt(client, "bob", PASSWORD, ip="192.0.2.1").status_code == 302


def test_ip_counter_locks_an_ip_trying_many_usernames(client, alice, settings):
    settings.LOGIN_THROTTLE_IP_LIMIT = 20
    for i in range(20):
        fail(client, f"guess{i}", 1)
    assert_refused(attempt(client, "alice", PASSWORD), minutes=15)
    assert attempt(client, "alice", PASSWORD, ip="192.0.2.1").status_code == 302


def test_success_does_not_reset_the_ip_counter(client, alice, settings):
    settings.LOGIN_THROTTLE_IP_LIMIT = 3
    fail(client, "guess1", 2)
    assert attempt(client, "alice", PASSWORD).status_code == 302
    client.logout()
    fail(client, "guess2", 1)
    assert_refused(attempt(client, "alice", PASSWORD), minutes=15)


def test_x_forwarded_for_is_ignored_unless_configured(client, alice):
    for i in range(20):
        response = attempt(client, f"guess{i}", "x", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
        assert response.status_code == 200
    # all 20 came from one REMOTE_ADDR whatever the header said
    assert attempt(client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.9").status_code == 429


def test_x_forwarded_for_is_used_behind_configured_proxies(client, alice, settings):
    settings.LOGIN_THROTTLE_TRUSTED_PROXIES = 1
    lb = "10.0.0.2"
    for i in range(20):
        attempt(client, f"guess{i}", "x", ip=lb, HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.50")
    assert attempt(client, "alice", PASSWORD, ip=lb, HTTP_X_FORWARDED_FOR="203.0.113.50").status_code == 429
    # another client behind the same load balancer is not locked out; a spoofed left part is ignored
    assert attempt(client, "alice", PASSWORD, ip=lb, HTTP_X_FORWARDED_FOR="203.0.113.50, 192.0.2.1").status_code == 302


def test_admin_login_is_throttled_too(client, superuser):
    for _ in range(5):
        client.post("/admin/login/", {"username": "admin", "password": "wrong"}, REMOTE_ADDR="203.0.113.7")
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin", "password": PASSWORD}, REMOTE_ADDR="192.0.2.1"
    )
    assert response.status_code == 200  # the admin's own view: the form error, on its page
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_backend_refuses_a_throttled_username_without_a_request(alice):
    for _ in range(5):
        assert authenticate(username="alice", password="wrong") is None
    assert authenticate(username="alice", password=PASSWORD) is None
    assert throttle.seconds_locked(None, "alice") == 15 * 60


def test_hostile_usernames_do_not_break_the_throttle(client):
    for username in ["", " ", "a" * 10_000, "ali\u200dce", "\U0001f600" * 100, "x\ny", "'; DROP TABLE auth_user; --"]:
        response = attempt(client, username, "pw")
        assert response.status_code in (200, 429)


def test_garbage_in_a_counter_is_ignored(alice, rf):
    key = throttle.LOGIN.counter_key("alice")
    ThrottleCounter.objects.create(key=key, stamps="not a list", expire_time=0)
    assert throttle.seconds_locked(None, "alice") == 0
    ThrottleCounter.objects.filter(key=key).update(stamps=[None, "x", 1.0, {"a": 1}])
    assert throttle.seconds_locked(None, "alice") == 0
    assert authenticate(username="alice", password="wrong") is None
    assert ThrottleCounter.objects.get(key=key).stamps == [throttle._now()]


def test_locked_message_rounds_up_to_whole_minutes():
    assert throttle.locked_message(1) == "Too many failed login attempts; try again in 1 minute."
    assert throttle.locked_message(61) == "Too many failed login attempts; try again in 2 minutes."
    assert throttle.locked_message(900) == "Too many failed login attempts; try again in 15 minutes."


def test_checking_the_throttle_costs_one_query(alice, rf, django_assert_num_queries):
    request = rf.post(LOGIN, REMOTE_ADDR="203.0.113.7")
    with django_assert_num_queries(1):
        throttle.seconds_locked(request, "alice")


def test_counters_past_their_window_are_pruned_by_later_attempts(client, alice, rf, clock):
    fail(client, "alice", 2)
    fail(client, "someone", 1, ip="198.51.100.1")
    assert ThrottleCounter.objects.count() == 4  # two usernames, two IPs
    clock.advance(15 * 60 + 1)
    fail(client, "bob", 1, ip="198.51.100.2")
    later = rf.post(LOGIN, REMOTE_ADDR="198.51.100.2")
    assert sorted(ThrottleCounter.objects.values_list("key", flat=True)) == [
        key for key, _ in throttle.LOGIN._keys(later, "bob")
    ]


def test_a_refused_attempt_records_nothing(client, alice):
    fail(client, "alice", 5)
    before = ThrottleCounter.objects.get(key=throttle.LOGIN.counter_key("alice")).stamps
    assert attempt(client, "alice", "wrong").status_code == 429
    assert ThrottleCounter.objects.get(key=throttle.LOGIN.counter_key("alice")).stamps == before
