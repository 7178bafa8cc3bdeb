"""The new-model page and the hardware options endpoint (htmx)."""

import pytest
from django.urls import reverse

from modelhub.forms import CUSTOM_HARDWARE
from modelhub.models import AIModel, AuditEntry
from tests.factories import AIModelFactory
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


# --- new model ------------------------------------------------------------------------


def new_url(ns="alice"):
    return reverse("aimodel-new", args=[ns])


def new_data(**overrides):
    data = {
        "model_id": "fresh",
        "description": "Brand new",
        "model_definition": "container",
        "configuration": "{}",
        "task": "TASK_DETECTION",
        "visibility": "VISIBILITY_PRIVATE",
        "region": "REGION_LOCAL",
        "hardware": "GPU",
    }
    return data | overrides


def test_new_anonymous_is_sent_to_login(client, alice_ns):
    assert client.get(new_url())["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("who", "ns", "status"),
    [("bob", "alice", 404), ("bob", "shown", 403), ("carol", "acme", 403), ("alice", "acme", 200)],
)
def test_new_by_role(client, request, container, acme, who, ns, status):
    """An outsider gets 404 where they see nothing (as for a missing namespace), 403 where they
    see a public model."""
    if ns == "shown":
        ns = "alice"
        AIModelFactory(namespace=request.getfixturevalue("alice_ns"), model_id="public-one")
    client.force_login(request.getfixturevalue(who))
    assert client.get(new_url(ns)).status_code == status
    assert client.post(new_url(ns), new_data()).status_code in (status, 302)
    assert AIModel.objects.filter(model_id="fresh").exists() is (status == 200)


def test_new_unknown_namespace_is_404(client, alice):
    client.force_login(alice)
    assert client.get(new_url("nope")).status_code == 404


def test_new_creates_and_redirects(client, alice, container):
    client.force_login(alice)
    body = client.get(new_url()).content.decode()
    assert '<option value="REGION_GCP_EUROPE_WEST4" selected>' in body
    response = client.post(new_url(), new_data())
    assert response["Location"] == "/namespaces/alice/models/fresh/"
    created = AIModel.objects.get(model_id="fresh")
    assert (created.namespace.namespace_id, created.hardware) == ("alice", "GPU")
    assert AuditEntry.objects.get(aimodel=created).action == "create"


def test_new_page_as_a_browser_submits_it_with_only_an_id_creates_the_model(client, alice, container):
    """The page's own defaults (region, its hardware, definition, task, visibility) are a valid
    model: a person who types an ID and presses "Create model" gets one."""
    client.force_login(alice)
    data = form_data(client.get(new_url()).content.decode(), id="aimodel-form")
    assert data["region"] == "REGION_GCP_EUROPE_WEST4" and data["hardware"] == "CPU"
    response = client.post(new_url(), data | {"model_id": "typed-only"})
    assert response.status_code == 302, response.content.decode()[:2000]
    created = AIModel.objects.get(model_id="typed-only")
    assert (created.region_id, created.hardware, created.visibility) == (
        "REGION_GCP_EUROPE_WEST4",
        "CPU",
        "VISIBILITY_PRIVATE",
    )


def test_new_with_taken_or_bad_id_shows_error(client, alice, aimodel):
    client.force_login(alice)
    response = client.post(new_url(), new_data(model_id="resnet"))
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    response = client.post(new_url(), new_data(model_id="-x"))
    assert "Not a valid ID: use only letters, digits and hyphens" in response.content.decode()
    assert AIModel.objects.count() == 1


# --- hardware options -----------------------------------------------------------------


def test_hardware_options_for_a_region(client, db):
    body = client.get("/hardware-options/", {"region": "REGION_LOCAL"}).content.decode()
    assert '<option value="CPU" selected>CPU</option>' in body
    assert '<option value="GPU">GPU</option>' in body
    assert f'<option value="{CUSTOM_HARDWARE}">Custom…</option>' in body
    assert "<select" not in body


def test_hardware_options_keep_a_selection_that_still_applies(client, db):
    body = client.get("/hardware-options/", {"region": "REGION_LOCAL", "hardware": "GPU"}).content.decode()
    assert '<option value="GPU" selected>' in body
    body = client.get("/hardware-options/", {"region": "REGION_GCP_EUROPE_WEST4", "hardware": "GPU"}).content.decode()
    assert '<option value="CPU" selected>' in body and "GPU" not in body
    assert "Custom" not in body


def test_hardware_options_unknown_region(client, db):
    response = client.get("/hardware-options/", {"region": "<script>"})
    assert response.status_code == 200
    assert "Choose a region first" in response.content.decode()
