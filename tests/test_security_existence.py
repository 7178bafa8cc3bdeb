"""A namespace where the caller sees nothing is answered exactly like a missing one.

`hidden-ns` holds only a private model (`secret`, and a private `secret-v2`) of which bob is
no member; `absent-ns` does not exist (same length, so the answers can be compared byte for
byte once the name is swapped). Every route with a namespace in its URL, every method,
anonymous, signed in and with a token: the same status and the same body. Then the
findings as they were found, against a live server: a page token replayed from another
listing, and the API reference's free-ID suggestion.
"""

import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from modelhub.models import Visibility
from modelhub.services import token_create
from tests.factories import AIModelFactory, NamespaceFactory
from tests.live_api_support import ApiClient
from tests.live_form_support import FormClient

HIDDEN, ABSENT = "hidden-ns", "absent-ns"
METHODS = ["GET", "POST", "PATCH", "DELETE"]
# Parts of a page that differ between any two requests (CSP nonces, CSRF tokens).
VOLATILE = re.compile(r'(nonce|value|content)="[^"]*"|csrfmiddlewaretoken[^>]*>')


def namespace_routes() -> list[tuple[str, list[str]]]:
    """(qualified route name, its URL parameters) of every route with a `namespace_id`."""
    found = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, f"{prefix}{entry.namespace}:" if entry.namespace else prefix)
            elif isinstance(entry, URLPattern) and entry.name:
                params = list(entry.pattern.regex.groupindex)
                if "namespace_id" in params:
                    found.append((prefix + entry.name, params))

    walk(get_resolver().url_patterns, "")
    return sorted({(name, tuple(params)) for name, params in found})


ROUTES = namespace_routes()
# A value for each other parameter a route with a namespace takes: a name the hidden
# namespace could hold, so only the namespace decides the answer.
WALK_VALUES = {
    "model_id": "secret",
    "entry_id": 1,
    "membership_id": 1,
    "webhook_id": "00000000-0000-0000-0000-000000000001",
    "delivery_id": "00000000-0000-0000-0000-000000000001",
}


@pytest.fixture
def hidden(db, container):
    namespace = NamespaceFactory(namespace_id=HIDDEN)
    for model_id in ("secret", "secret-v2"):
        AIModelFactory(
            namespace=namespace, model_id=model_id, visibility=Visibility.PRIVATE, model_definition=container
        )
    return namespace


def normalised(response, namespace_id: str) -> tuple[int, str, str]:
    body = response.content.decode("utf-8", "replace").replace(namespace_id, "{ns}")
    location = response.get("Location", "").replace(namespace_id, "{ns}")
    return response.status_code, location, VOLATILE.sub("", body)


def test_the_walk_covers_the_pages_and_the_api():
    names = {name for name, _ in ROUTES}
    assert {"aimodel-new", "aimodel-detail", "namespace-deleted", "api:aimodel-list", "api:aimodel"} <= names
    for name, params in ROUTES:
        assert set(params) <= set(WALK_VALUES) | {"namespace_id"}, f"{name}: give the walk values for {params}"


@pytest.mark.parametrize("caller", ["anonymous", "session", "token"])
@pytest.mark.parametrize(("route", "params"), ROUTES, ids=[name for name, _ in ROUTES])
def test_every_route_answers_a_namespace_with_nothing_visible_as_a_missing_one(hidden, bob, caller, route, params):
    client, headers = Client(), {}
    if caller == "session":
        client.force_login(bob)
    elif caller == "token":
        headers = {"Authorization": f"Bearer {token_create(user=bob, name='walk')[1]}"}
    for method in METHODS:
        answers = []
        for namespace_id in (HIDDEN, ABSENT):
            values = {**WALK_VALUES, "namespace_id": namespace_id}
            url = reverse(route, kwargs={key: value for key, value in values.items() if key in params})
            for query in ("", "?page_token=x&after=x"):
                response = client.generic(method, url + query, b"{}", content_type="application/json", headers=headers)
                answers.append(normalised(response, namespace_id))
        hidden_answers, absent_answers = answers[:2], answers[2:]
        assert hidden_answers == absent_answers, f"{method} {route} as {caller}"
        assert all(status != 200 for status, _, _ in hidden_answers) or method == "GET" and route in PUBLIC_GETS


# Routes that may answer 200 for a missing namespace (none so far).
PUBLIC_GETS: set[str] = set()


# --- finding 5, as found: a page token replayed on a namespace with nothing visible ----------


@pytest.mark.django_db(transaction=True)
def test_a_page_token_from_another_listing_is_refused_as_a_missing_namespace_would_be(
    live_server, alice, alice_ns, bob, container, hidden
):
    for n in range(3):
        AIModelFactory(namespace=alice_ns, model_id=f"public-{n}", model_definition=container)
    api = ApiClient(live_server.url, token_create(user=bob, name="replay")[1])
    try:
        status, first, _ = api.request("GET", "/v1alpha/namespaces/alice/models?page_size=1")
        assert status == 200 and first["totalSize"] == 3 and first["nextPageToken"]
        replayed = quote(first["nextPageToken"])
        answers = {
            namespace_id: api.request(
                "GET", f"/v1alpha/namespaces/{namespace_id}/models?page_size=1&page_token={replayed}"
            )
            for namespace_id in (HIDDEN, ABSENT)
        }
        assert answers[HIDDEN][0] == answers[ABSENT][0] == 404
        assert answers[HIDDEN][1]["message"].replace(HIDDEN, ABSENT) == answers[ABSENT][1]["message"]
        assert "totalSize" not in answers[HIDDEN][1]
        # the token is refused on every other listing too, even where the namespace is known
        status, body, _ = api.request("GET", f"/v1alpha/models?page_size=1&page_token={replayed}")
        assert status == 400 and body["details"][0]["fieldViolations"][0]["field"] == "page_token"
        status, body, _ = api.request("GET", f"/v1alpha/namespaces/alice/models?page_size=1&page_token={replayed}")
        assert status == 200 and body["totalSize"] == 3  # its own listing still pages on
    finally:
        api.close()
    # another caller replaying it on the very same listing is refused
    other = ApiClient(live_server.url, token_create(user=alice, name="other")[1])
    try:
        status, body, _ = other.request("GET", f"/v1alpha/namespaces/alice/models?page_size=1&page_token={replayed}")
        assert status == 400 and "different query" in body["message"]
    finally:
        other.close()


def test_a_list_page_cursor_only_continues_its_own_listing(client, alice_ns, container):
    for n in range(25):
        AIModelFactory(namespace=alice_ns, model_id=f"model-{n:02d}", model_definition=container)
    first = client.get("/").content.decode()
    cursor = re.search(r'href="\?[^"]*after=([^"&]+)', first).group(1)
    continued = client.get(f"/?after={cursor}").content.decode()
    assert "model-04" in continued and "model-24" not in continued  # its own listing: page 2

    # the same cursor under another filter (another listing) starts that listing from the top
    def shown(html: str) -> list[str]:
        return re.findall(r">alice/(model-\d\d)</a>", html)

    elsewhere = client.get(f"/?q=model&after={cursor}").content.decode()
    assert shown(elsewhere) == shown(client.get("/?q=model").content.decode())
    assert shown(elsewhere) != shown(continued)


# --- finding 3, as found: the API reference's free-ID suggestion ------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_reference_suggests_no_id_from_a_namespace_the_caller_may_not_read(
    live_server, alice, acme, bob, container, hidden
):
    def suggested(user, namespace_id: str) -> str:
        browser = Client()
        browser.force_login(user)
        visitor = FormClient(live_server.url, {"sessionid": browser.cookies["sessionid"].value})
        status, html = visitor.get(f"/docs/api/rename-a-model/?namespace={namespace_id}&model=secret")
        assert status == 200
        return re.search(r'<textarea[^>]*id="try-body"[^>]*>(.*?)</textarea>', html, re.S).group(1)

    # bob: secret-v2 is a private model of hidden-ns; the page must not tell
    assert suggested(bob, HIDDEN) == suggested(bob, ABSENT)
    assert "secret-v2&quot;" in suggested(bob, HIDDEN)  # the base itself: nothing was asked of hidden-ns
    # an editor of the namespace gets an ID that is really free there
    AIModelFactory(namespace=acme, model_id="secret-v2", visibility=Visibility.PRIVATE, model_definition=container)
    assert "secret-v2-2&quot;" in suggested(alice, "acme")
