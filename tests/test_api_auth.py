"""API authentication: Bearer tokens, sessions with CSRF, the request log, create_api_token, the query budget."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from modelhub.models import AIModel, ApiRequest
from modelhub.services import token_authenticate, token_create, token_revoke
from tests.api_support import assert_status, bearer, model_url, patch_json
from tests.support import snapshot

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "header", ["Bearer mh_nonsense", "Bearer ", "Basic YWxpY2U6cHc=", "Token abc", "Bearer " + "mh_" + "x" * 200]
)
def test_bad_credentials_are_401_code_16_with_challenge(client, aimodel, header):
    response = assert_status(client.get(model_url(aimodel), headers={"Authorization": header}), 401, 16)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_is_401(client, alice, aimodel):
    token, raw = token_create(user=alice, name="ci")
    headers = {"Authorization": f"Bearer {raw}"}
    assert_status(client.get(model_url(aimodel), headers=headers), 200)
    token_revoke(token=token)
    before = snapshot(aimodel)
    assert_status(patch_json(client, model_url(aimodel), {"description": "x"}, headers), 401, 16)
    assert snapshot(aimodel) == before


def test_session_patch_needs_the_csrf_token(alice, aimodel):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    before = snapshot(aimodel)
    assert_status(patch_json(client, model_url(aimodel), {"description": "no csrf"}), 403, 7)
    assert snapshot(aimodel) == before
    client.get("/accounts/login/")  # sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    response = patch_json(client, model_url(aimodel), {"description": "with csrf"}, {"X-CSRFToken": csrf})
    assert assert_status(response, 200).json()["model"]["description"] == "with csrf"


def test_bearer_requests_are_csrf_exempt_even_with_a_session(alice, aimodel):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert_status(patch_json(client, model_url(aimodel), {"description": "token"}, bearer(alice)), 200)


def test_authenticated_requests_are_recorded_for_the_tokens_page(client, alice, aimodel):
    headers = {**bearer(alice), "User-Agent": "curl/8.0\x00"}
    patch_json(client, model_url(aimodel), {"description": "logged"}, headers)
    client.get(model_url(aimodel) + "?view=NOPE", headers=headers)
    client.get(model_url(aimodel))  # anonymous: not recorded
    rows = list(ApiRequest.objects.filter(user=alice).order_by("id").values("method", "path", "status", "user_agent"))
    assert rows == [
        {"method": "PATCH", "path": "/v1alpha/namespaces/alice/models/resnet", "status": 200, "user_agent": "curl/8.0"},
        {"method": "GET", "path": "/v1alpha/namespaces/alice/models/resnet", "status": 400, "user_agent": "curl/8.0"},
    ]
    assert ApiRequest.objects.filter(user=alice).first().token is not None


def test_session_thumbnail_requests_are_not_recorded(client, alice, aimodel):
    client.force_login(alice)
    client.get(model_url(aimodel, "/image"), headers={"Sec-Fetch-Dest": "image"})  # as an <img> loads it
    client.get(model_url(aimodel))
    assert list(ApiRequest.objects.values_list("path", flat=True)) == [model_url(aimodel)]


def test_create_api_token_prints_a_working_token(alice):
    out = io.StringIO()
    call_command("create_api_token", "alice", "--name", "laptop", stdout=out)
    raw = out.getvalue().strip()
    token = token_authenticate(raw)
    assert token.user == alice and token.name == "laptop"


def test_create_api_token_for_unknown_user_fails(db):
    with pytest.raises(CommandError, match="No user named 'ghost'"):
        call_command("create_api_token", "ghost")


def test_detail_page_shows_curl_and_python_patch_examples_to_editors_only(client, aimodel, alice, bob):
    assert "curl -X PATCH" not in client.get("/namespaces/alice/models/resnet/").content.decode()
    client.force_login(bob)
    assert "curl -X PATCH" not in client.get("/namespaces/alice/models/resnet/").content.decode()
    client.force_login(alice)
    html = client.get("/namespaces/alice/models/resnet/").content.decode()
    assert "curl -X PATCH 'http://testserver/v1alpha/namespaces/alice/models/resnet'" in html
    assert "requests.patch(" in html and "$MODELHUB_TOKEN" in html and "MODELHUB_TOKEN" in html
    assert "<pre" in html and "<code>" in html


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


@pytest.mark.django_db(transaction=True)
def test_one_field_patch_takes_five_queries(alice, aimodel):
    """Spec section 10: token (1), locked read with role (1), UPDATE (1), audit INSERT (1), request log (1).

    Django (4.2+) also logs the transaction's BEGIN and COMMIT as entries; they are not queries.
    """
    client = Client()
    headers = bearer(alice)
    patch_json(client, model_url(aimodel), {"description": "warm-up"}, headers)  # token's last-used written
    with CaptureQueriesContext(connection) as ctx:
        response = patch_json(client, model_url(aimodel), {"description": "budget"}, headers)
    assert_status(response, 200)
    assert AIModel.objects.get(pk=aimodel.pk).description == "budget"
    statements = [q["sql"] for q in ctx.captured_queries]
    queries = [sql for sql in statements if not sql.upper().startswith(TRANSACTION_CONTROL)]
    kinds = [" ".join(sql.split()[: 3 if sql.startswith("INSERT") else 1]) for sql in queries]
    assert kinds == [
        "SELECT",
        "SELECT",
        "UPDATE",
        'INSERT INTO "modelhub_auditentry"',
        'INSERT INTO "modelhub_apirequest"',
    ]
    assert "FOR UPDATE" in queries[1] or connection.vendor == "sqlite"
    assert len(statements) <= 7  # plus BEGIN and COMMIT, nothing else (no savepoints)
