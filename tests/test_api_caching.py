"""Caching of API answers: authenticated answers are private; images are revalidated (Info findings).

Authenticated answers carried no Cache-Control (a shared cache could keep one caller's
private models); a public image stayed cached 5 minutes after its model was hidden.
"""

import base64
import io

import pytest
from PIL import Image

from modelhub.services import aimodel_hide, aimodel_update
from tests.api_support import assert_status, bearer, model_url

pytestmark = pytest.mark.django_db


def png_data_uri() -> str:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


@pytest.mark.parametrize(
    "path",
    ["/v1alpha/namespaces/acme/models", "/v1alpha/namespaces/acme/models/secret", "/v1alpha/namespaces/acme/models/x"],
)
def test_answers_to_a_token_are_private(client, alice, private_model, path):
    response = client.get(path, headers=bearer(alice))
    assert response["Cache-Control"] == "private"
    assert {"Authorization", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}


def test_answers_to_a_session_are_private(client, carol, private_model):
    client.force_login(carol)
    response = assert_status(client.get(model_url(private_model)), 200)
    assert response["Cache-Control"] == "private"


def test_anonymous_answers_carry_no_private_marker(client, aimodel):
    response = assert_status(client.get(model_url(aimodel)), 200)
    assert "private" not in response.get("Cache-Control", "")


def test_a_hidden_models_image_is_not_served_from_a_cache(client, alice, moderator, aimodel):
    aimodel_update(aimodel=aimodel, changes={"profile_image": png_data_uri()}, actor=alice, source="api")
    first = assert_status(client.get(model_url(aimodel, "/image")), 200)
    assert "no-cache" in first["Cache-Control"]  # a cache must ask again before reusing it
    aimodel.refresh_from_db()
    aimodel_hide(aimodel=aimodel, actor=moderator, note="")
    revalidated = client.get(model_url(aimodel, "/image"), headers={"If-None-Match": first["ETag"]})
    assert_status(revalidated, 404, 5)  # the revalidation an honest cache makes is refused
