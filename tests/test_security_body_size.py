"""Page bodies over the limit are refused from Content-Length, before anything reads them.

An anonymous 100 MB multipart POST to /accounts/login/ used to be spooled to disk before any
view ran. The proof is on calls: the multipart parser never runs for a refused body.
"""

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.test import Client

from tests.api_support import bearer
from tests.support import snapshot
from tests.web_helpers import edit_form_data

pytestmark = pytest.mark.django_db

MEGABYTE = 1024 * 1024


@pytest.fixture
def parser():
    with mock.patch.object(MultiPartParser, "parse", autospec=True, side_effect=MultiPartParser.parse) as spy:
        yield spy


def test_an_anonymous_upload_over_the_limit_is_refused_unread(client, settings, parser):
    big = SimpleUploadedFile("big.bin", b"\0" * (settings.WEB_MAX_BODY_BYTES + MEGABYTE))
    response = client.post("/accounts/login/", {"username": "x", "password": "y", "file": big})
    assert response.status_code == 413
    assert "larger than 12 MB" in response.content.decode()
    assert parser.call_count == 0


def test_an_invalid_content_length_is_400(settings):
    response = Client().generic("POST", "/accounts/login/", b"", CONTENT_LENGTH="12abc")
    assert response.status_code == 400


def test_an_editor_over_the_limit_changes_nothing(client, alice, aimodel, settings, parser):
    client.force_login(alice)
    before = snapshot(aimodel)
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"\0" * (settings.WEB_MAX_BODY_BYTES), "image/png")
    response = client.post(
        f"/namespaces/alice/models/{aimodel.model_id}/edit/", edit_form_data(aimodel, profile_image=big)
    )
    assert response.status_code == 413 and parser.call_count == 0
    assert snapshot(aimodel) == before


def test_a_form_within_the_limit_is_parsed_and_answered(client, alice, aimodel, parser):
    client.force_login(alice)
    response = client.post(
        f"/namespaces/alice/models/{aimodel.model_id}/edit/", edit_form_data(aimodel, description="ok")
    )
    assert response.status_code == 302 and parser.call_count == 1
    aimodel.refresh_from_db()
    assert aimodel.description == "ok"


def test_the_api_keeps_its_own_limit_and_json_answer(client, alice, aimodel, settings):
    body = b'{"description": "' + b"x" * (settings.WEB_MAX_BODY_BYTES + MEGABYTE) + b'"}'
    url = f"/v1alpha/namespaces/alice/models/{aimodel.model_id}"
    response = client.patch(url, body, content_type="application/json", headers=bearer(alice))
    # 13 MB is within the API's 15 MB: read, and refused by the rules (too long), in JSON.
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert response.json()["details"][0]["fieldViolations"][0]["field"] == "description"
