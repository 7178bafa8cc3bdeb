"""The request log stays within its bound under many concurrent callers, on both databases.

16 clients of one user call a live server at once (8 with API tokens alternating list GETs
and PATCHes, whose entry is written in the PATCH's own transaction; 8 with the browser
session), 40 calls each. A reader samples the user's row count all along: it never passes
100, and at the end exactly the latest 100 calls are there.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client

from modelhub.models import ApiRequest
from modelhub.services import token_create
from tests.factories import AIModelFactory
from tests.live_api_support import ApiClient, model_path

pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS = 16
CALLS = 40
KEPT = 100


@pytest.fixture(params=["sqlite", "postgresql"])
def vendor(request, transactional_db):
    if connection.vendor != request.param:
        pytest.skip(f"runs on {request.param}; this run's database is {connection.vendor} (DATABASE_URL selects it)")
    return request.param


def test_many_concurrent_callers_never_grow_one_users_log_past_the_bound(
    vendor, live_server, alice, alice_ns, open_definition
):
    aimodel = AIModelFactory(namespace=alice_ns, model_id="busy", model_definition=open_definition)
    path = model_path(aimodel)
    tokens = [token_create(user=alice, name=f"client {n}")[1] for n in range(CLIENTS // 2)]
    browser = Client()
    browser.force_login(alice)
    session = browser.cookies["sessionid"].value

    def call(n: int) -> list[int]:
        if n % 2:  # a browser session: its cookie, no token
            client = ApiClient(live_server.url, "")
            client.headers = {"Cookie": f"sessionid={session}", "Content-Type": "application/json"}
        else:
            client = ApiClient(live_server.url, tokens[n // 2])
        statuses = []
        try:
            for i in range(CALLS):
                if n % 2 == 0 and i % 2:
                    status, _, _ = client.request("PATCH", path, {"description": f"client {n} call {i}"})
                else:
                    status, _, _ = client.request("GET", f"/v1alpha/namespaces/alice/models?page_size=1&c={n}-{i}")
                statuses.append(status)
        finally:
            client.close()
        return statuses

    done, peak = threading.Event(), [0]

    def sample() -> None:
        try:
            while not done.is_set():
                peak[0] = max(peak[0], ApiRequest.objects.filter(user=alice).count())
        finally:
            connections.close_all()

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        with ThreadPoolExecutor(CLIENTS) as pool:
            results = list(pool.map(call, range(CLIENTS)))
    finally:
        done.set()
        sampler.join()

    assert [status for statuses in results for status in statuses] == [200] * (CLIENTS * CALLS)
    assert 0 < peak[0] <= KEPT
    rows = ApiRequest.objects.filter(user=alice)
    assert rows.count() == KEPT
    assert sorted(rows.values_list("slot", flat=True)) == list(range(KEPT))
    # the latest calls are the ones kept: every client's last call is there
    kept_paths = set(rows.values_list("path", flat=True))
    assert "/v1alpha/namespaces/alice/models" in kept_paths and path in kept_paths
    newest = rows.order_by("-seq").first()
    assert newest.seq >= KEPT and set(rows.values_list("seq", flat=True)) == set(
        range(newest.seq - KEPT + 1, newest.seq + 1)
    )
