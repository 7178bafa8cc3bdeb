"""The admin follows Django's flow: the form's validation runs the service's checks and writes
nothing; `save_model` writes through the service; a write refused after the checks passed
(another writer took the ID in between) leaves nothing behind and says so."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.admin.sites import site
from django.test import RequestFactory

from modelhub.forms import aimodel as form_module
from modelhub.model_ids import ModelIdTaken
from modelhub.models import AIModel, AuditEntry, Visibility
from tests.admin_support import ADD, change_url, form_data
from tests.support import fresh

pytestmark = pytest.mark.django_db

NEW_MODEL = {
    "model_id": "from-admin",
    "model_definition": "container",
    "configuration": "{}",
    "task": "TASK_OCR",
    "visibility": Visibility.PRIVATE,
    "region": "REGION_LOCAL",
    "hardware": "CPU",
}


def test_validating_the_admin_form_writes_nothing(client, superuser, aimodel):
    client.force_login(superuser)
    data = form_data(client.get(change_url(aimodel)))
    data["description"] = "Only checked"
    form_class = site._registry[AIModel].get_form(_request(superuser), aimodel, change=True)
    form = form_class(data, instance=fresh(aimodel))
    assert form.is_valid(), form.errors
    assert fresh(aimodel).description == "A test model." and not AuditEntry.objects.exists()
    assert form.result is None


def test_the_dry_run_reports_the_services_refusals_as_form_errors(superuser, aimodel, client):
    client.force_login(superuser)
    data = form_data(client.get(change_url(aimodel)))
    data["configuration"] = '{"unknown": 1}'
    data["hardware"] = "NO_SUCH"
    form_class = site._registry[AIModel].get_form(_request(superuser), aimodel, change=True)
    form = form_class(data, instance=fresh(aimodel))
    assert not form.is_valid()
    assert "hardware" in form.errors
    assert not AuditEntry.objects.exists()


def test_save_model_writes_once_and_the_log_names_the_renamed_model(client, superuser, aimodel):
    client.force_login(superuser)
    data = form_data(client.get(change_url(aimodel)))
    data["model_id"] = "renamed"
    response = client.post(change_url(aimodel), data, follow=True)
    assert fresh(aimodel).model_id == "renamed"
    assert AuditEntry.objects.filter(aimodel=aimodel).count() == 1
    log = LogEntry.objects.get()
    assert log.object_repr == "alice/renamed"
    assert "Saved alice/renamed: ID." in response.content.decode()


def test_an_add_refused_after_its_checks_passed_leaves_nothing(client, superuser, alice_ns, container, monkeypatch):
    real_create = form_module.aimodel_create

    def create(**kwargs):
        if kwargs.get("dry_run"):
            return real_create(**kwargs)
        raise ModelIdTaken(kwargs["data"]["model_id"])  # as if another writer took it meanwhile

    monkeypatch.setattr(form_module, "aimodel_create", create)
    client.force_login(superuser)
    response = client.post(ADD, {"namespace": alice_ns.pk, **NEW_MODEL}, follow=True)
    html = response.content.decode()
    assert "Nothing was saved" in html and "already exists" in html
    assert not AIModel.objects.exists() and not AuditEntry.objects.exists() and not LogEntry.objects.exists()


def test_an_add_saves_the_object_the_admin_then_shows(client, superuser, alice_ns, container):
    client.force_login(superuser)
    response = client.post(ADD, {"namespace": alice_ns.pk, **NEW_MODEL})
    created = AIModel.objects.get(model_id="from-admin")
    assert response.status_code == 302
    log = LogEntry.objects.get()
    assert log.object_id == str(created.pk) and log.object_repr == "alice/from-admin"


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request
