import pytest

from modelhub.models import ApiRequest, ApiToken
from modelhub.services import api_request_record, token_authenticate, token_create, token_revoke, token_touch

pytestmark = pytest.mark.django_db


def test_token_is_stored_hashed_and_authenticates(alice):
    token, raw = token_create(user=alice, name="ci")
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw not in (stored.key_hash, stored.prefix) and len(stored.key_hash) == 64
    assert token_authenticate(raw).user == alice
    assert token_authenticate(raw + "x") is None
    assert token_authenticate("") is None


def test_revoked_token_no_longer_authenticates(alice):
    token, raw = token_create(user=alice, name="ci")
    token_revoke(token=token)
    assert token_authenticate(raw) is None


def test_inactive_user_token_does_not_authenticate(alice):
    _, raw = token_create(user=alice, name="ci")
    alice.is_active = False
    alice.save()
    assert token_authenticate(raw) is None


def test_request_log_keeps_the_latest_hundred_after_every_write(alice, bob):
    api_request_record(user=bob, token=None, method="GET", path="/bob", status=200, user_agent="t")
    for i in range(230):
        api_request_record(user=alice, token=None, method="GET", path=f"/v1alpha/{i}", status=200, user_agent="t")
        assert ApiRequest.objects.filter(user=alice).count() == min(i + 1, 100)
    paths = list(ApiRequest.objects.filter(user=alice).order_by("-seq").values_list("path", flat=True))
    assert paths == [f"/v1alpha/{i}" for i in range(229, 129, -1)]
    assert list(ApiRequest.objects.filter(user=bob).values_list("path", "seq")) == [("/bob", 1)]


def test_logging_a_request_is_one_statement(alice, django_assert_num_queries):
    for _ in range(100):
        api_request_record(user=alice, token=None, method="GET", path="/fill", status=200, user_agent="t")
    with django_assert_num_queries(1):  # the ring is full: the oldest slot is replaced in the same INSERT
        api_request_record(user=alice, token=None, method="GET", path="/next", status=200, user_agent="t")
    assert ApiRequest.objects.filter(user=alice).count() == 100


def test_token_touch_writes_at_most_once_a_minute(alice):
    token, _ = token_create(user=alice, name="ci")
    assert token_touch(token=token) is True
    assert token_touch(token=token) is False
    assert ApiToken.objects.get(pk=token.pk).last_used_time is not None
