"""Stored XSS, every page: hostile text in every text field renders inert.

The rows are written with the factories directly, not through the service: the rules refuse
some payloads (script URLs, bad hardware names), and this proves the output is escaped
whatever is stored — input validation is the first fence, escaping the second. The oracle
is tests/xss_support.py's HTML parser (anything a browser would run or load).
"""

from collections import Counter

import pytest
from django.db import transaction
from django.test import Client

from tests.factories import AIModelFactory
from tests.xss_support import HOSTILE_URLS, PAYLOADS, live_content, pages, store_hostile_rows

pytestmark = pytest.mark.django_db


def who_sees(page: str, users: dict):
    if page.startswith(("admin-", "moderation-")):
        return users["superuser"]
    if page == "report-form":
        return users["bob"]
    return users["alice"]  # the owner: every field, the edit form, the tokens page


@pytest.fixture
def users(alice, bob, moderator, superuser):
    return {"alice": alice, "bob": bob, "moderator": moderator, "superuser": superuser}


def live_content_by_page(users) -> dict[str, Counter]:
    found = {}
    for page, url in pages(AIModelFactory._meta.model.objects.get(model_id="hostile")).items():
        client = Client()
        client.force_login(who_sees(page, users))
        response = client.get(url)
        assert response.status_code == 200, (page, url, response.status_code)
        found[page] = Counter(live_content(response.content.decode()))
    return found


_BASELINE: dict[str, Counter] = {}


def baseline(users, namespace) -> dict[str, Counter]:
    """What the pages run with harmless text stored: the admin's own chrome (its jsi18n script,
    its theme-toggle <svg> icons). Computed once, in a rolled-back transaction."""
    if not _BASELINE:
        with transaction.atomic():
            store_hostile_rows("plain", namespace=namespace, url="https://example.com/", **roles(users))
            _BASELINE.update(live_content_by_page(users))
            transaction.set_rollback(True)
    return _BASELINE


def roles(users) -> dict:
    return {"owner": users["alice"], "reporter": users["bob"], "moderator": users["moderator"]}


def assert_every_page_inert(users, namespace, payload, url):
    chrome = baseline(users, namespace)
    store_hostile_rows(payload, namespace=namespace, url=url, **roles(users))
    for page, found in live_content_by_page(users).items():
        assert not found - chrome[page], (page, payload, url, list(found - chrome[page]))


@pytest.mark.parametrize("n", range(len(PAYLOADS)), ids=str)
def test_stored_payloads_render_inert_on_every_page(users, alice_ns, n):
    """Each payload in every text field, and a script URL (escaping does not disarm an href:
    a stored javascript: URL must never become a link) in the URL fields and the README."""
    assert_every_page_inert(users, alice_ns, PAYLOADS[n], url=HOSTILE_URLS[n % len(HOSTILE_URLS)])


def test_a_real_url_is_still_a_link(client, aimodel):
    type(aimodel).objects.filter(pk=aimodel.pk).update(source_url="https://example.com/src")
    body = client.get(aimodel.get_absolute_url()).content.decode()
    assert '<a href="https://example.com/src"' in body
