"""The Recent Requests panel of /docs/api/{operation}/: the signed-in user's logged calls of that operation."""

import json
import re
from html import unescape

import pytest
from django.test import Client

from modelhub.models import ApiRequest
from modelhub.services import token_create
from tests.api_support import model_url, patch_json
from tests.docs_support import marked_text
from tests.images_support import png_data_uri

pytestmark = pytest.mark.django_db

UPDATE = "/docs/api/update-a-model/"
PANEL = UPDATE + "recent-requests/"


def rows(html: bytes) -> list[str]:
    """The panel's rows (HTML), top to bottom."""
    assert "recent-requests" in marked_text(html, "data-testid")
    return re.findall(r"<li data-testid=\"recent-request\">(.*?)</li>", html.decode(), re.S)


def logged_details(row: str) -> dict[str, str]:
    """What a row opens to: {term: its text}."""
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", row, re.S)
    return {term: unescape(re.sub(r"<[^>]+>", "", text)) for term, text in pairs}


def session_client(user) -> Client:
    """A browser-like client: CSRF enforced, the token taken from the csrftoken cookie as Try It does."""
    client = Client(enforce_csrf_checks=True, headers={"User-Agent": "TryIt/1.0 (Chromium)"})
    client.force_login(user)
    client.get(UPDATE)
    return client


def bob_token(bob) -> str:
    return token_create(user=bob, name="bob")[1]


def session_patch(client: Client, url: str, body: dict):
    csrf = client.cookies["csrftoken"].value
    return client.patch(url, data=json.dumps(body), content_type="application/json", headers={"X-CSRFToken": csrf})


def test_anonymous_sees_the_login_hint_and_no_request_data(client, alice, aimodel):
    headers = {"Authorization": f"Bearer {token_create(user=alice, name='ci')[1]}", "User-Agent": "secret-agent"}
    patch_json(client, model_url(aimodel), {"description": "x"}, headers)
    assert ApiRequest.objects.count() == 1
    for url in (UPDATE, PANEL):
        html = client.get(url).content
        panel = marked_text(html, "data-testid")["recent-requests"]
        assert panel == "Log in to see full request history"
        assert b"secret-agent" not in html and b'recent-request"' not in html


def test_panel_shows_only_the_users_calls_of_this_operation_newest_first(alice, bob, aimodel):
    browser = session_client(alice)
    token_headers = {"Authorization": f"Bearer {token_create(user=alice, name='deploy bot')[1]}", "User-Agent": "cli/2"}
    other = Client()
    assert session_patch(browser, model_url(aimodel), {"description": "by session"}).status_code == 200
    assert patch_json(other, model_url(aimodel), {"colour": "red"}, token_headers).status_code == 400
    other.get(model_url(aimodel), headers=token_headers)  # another operation: Get a model
    patch_json(other, model_url(aimodel), {"description": "x"}, {"Authorization": "Bearer " + bob_token(bob)})
    assert ApiRequest.objects.count() == 4

    shown = rows(browser.get(PANEL).content)
    assert len(shown) == 2
    assert "400" in shown[0] and "cli/2" in shown[0] and "Token “deploy bot”" in shown[0]
    assert "200" in shown[1] and "TryIt/1.0 (Chromium)" in shown[1] and "Session" in shown[1]
    summary = marked_text(shown[0], "data-testid")
    assert summary["recent-request-path"] == f"/v1alpha/namespaces/alice/models/{aimodel.model_id}"
    assert (summary["recent-request-status"], summary["recent-request-client"]) == ("400", "cli 2")
    details = logged_details(shown[0])
    assert details.pop("Time (UTC)").startswith("20")
    assert details == {
        "Request": f"PATCH /v1alpha/namespaces/alice/models/{aimodel.model_id}",
        "Response": "400 Bad Request",
        "Credentials": "Token “deploy bot”",
        "Browser or tool": "cli 2",
        "Operating system": "Not named",
        "User agent": "cli/2",
    }
    assert marked_text(shown[1], "data-testid")["recent-request-client"] == "TryIt 1.0"
    get_rows = rows(browser.get("/docs/api/get-a-model/recent-requests/").content)
    assert len(get_rows) == 1 and "200" in get_rows[0]
    assert rows(browser.get("/docs/api/list-namespace-models/recent-requests/").content) == []


def test_panel_is_one_query_after_the_session(alice, aimodel, django_assert_num_queries):
    browser = session_client(alice)
    for n in range(3):
        session_patch(browser, model_url(aimodel), {"description": f"v{n}"})
    with django_assert_num_queries(3):  # session, user, the log rows with their tokens
        response = browser.get(PANEL)
    assert len(rows(response.content)) == 3


def test_operation_page_queries_are_constant(alice, aimodel, django_assert_num_queries):
    browser = session_client(alice)
    with django_assert_num_queries(4):  # session, user, her example model, the log rows
        assert browser.get(UPDATE).status_code == 200
    with django_assert_num_queries(5):  # and the IDs taken in her namespace, for a free one in the example
        assert browser.get("/docs/api/create-a-model/").status_code == 200


def test_session_calls_are_logged_on_every_route_but_page_image_loads_are_not(alice, aimodel):
    browser = session_client(alice)
    assert session_patch(browser, model_url(aimodel), {"profileImage": png_data_uri()}).status_code == 200
    image = model_url(aimodel, "/image")
    assert browser.get(image, headers={"Sec-Fetch-Dest": "empty"}).status_code == 200  # fetch() from Try It
    assert browser.get(image).status_code == 200  # curl with a session cookie
    assert browser.get(image, headers={"Sec-Fetch-Dest": "image"}).status_code == 200  # an <img> on a page
    logged = list(ApiRequest.objects.filter(path=image).values_list("token", "status"))
    assert logged == [(None, 200), (None, 200)]
    assert ApiRequest.objects.filter(method="PATCH", token=None).count() == 1


def test_a_refused_session_call_is_logged_with_its_status(alice, bob, private_model):
    browser = session_client(bob)
    assert session_patch(browser, model_url(private_model), {"description": "x"}).status_code == 404
    csrf_less = browser.patch(model_url(private_model), data="{}", content_type="application/json")
    assert csrf_less.status_code == 403
    assert [r.status for r in ApiRequest.objects.filter(user=bob).order_by("id")] == [404, 403]
    shown = rows(browser.get(PANEL).content)
    assert ["403" in shown[0], "404" in shown[1]] == [True, True]


def test_a_call_made_with_a_token_whose_row_is_gone_says_a_deleted_token_not_session(client, alice, aimodel, superuser):
    token, raw = token_create(user=alice, name="old laptop")
    headers = {"Authorization": f"Bearer {raw}", "User-Agent": "cli/3"}
    assert patch_json(Client(), model_url(aimodel), {"description": "by token"}, headers).status_code == 200
    browser = session_client(alice)
    assert session_patch(browser, model_url(aimodel), {"description": "by session"}).status_code == 200
    token.delete()  # the log keeps its rows (token set to NULL) and how they were authenticated
    assert ApiRequest.objects.filter(token=None).count() == 2

    shown = rows(browser.get(PANEL).content)
    assert "Session" in shown[0] and "deleted token" not in shown[0]
    assert "A deleted token" in shown[1] and "Session" not in shown[1]
    tokens_page = browser.get("/settings/tokens/").content.decode()
    assert "a deleted token" in tokens_page
    client.force_login(superuser)
    admin = client.get("/admin/modelhub/apirequest/?credentials__exact=token").content.decode()
    assert admin.count('<td class="field-credentials">API token</td>') == 1


def test_the_migration_marks_logged_token_calls_and_leaves_session_calls(alice, aimodel):
    from django.apps import apps

    from tests.support import migration

    token, raw = token_create(user=alice, name="ci")
    patch_json(Client(), model_url(aimodel), {"description": "x"}, {"Authorization": f"Bearer {raw}"})
    session_patch(session_client(alice), model_url(aimodel), {"description": "y"})
    ApiRequest.objects.update(credentials="session")  # rows as logged before the field existed
    migration("apirequest_credentials_data").mark_token_requests(apps, None)
    assert set(ApiRequest.objects.values_list("token", "credentials")) == {(token.pk, "token"), (None, "session")}
