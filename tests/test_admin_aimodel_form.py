"""The admin's model change and add pages: the shared form, saved through the service."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from modelhub.demo.seed import demo_image
from modelhub.models import AIModel, AuditEntry, Visibility
from modelhub.services import aimodel_hide, aimodel_update
from tests.admin_support import ADD, change_url, form_data
from tests.support import fresh

pytestmark = pytest.mark.django_db


# --- the change form: the shared form and the service -------------------------------------


def test_change_page_shows_thumbnail_output_fields_and_audit_trail(client, superuser, aimodel, alice):
    aimodel_update(aimodel=aimodel, changes={"license": "MIT"}, actor=alice, source="web")
    png = demo_image("resnet")
    aimodel_update(aimodel=aimodel, changes={"profile_image": png}, actor=alice, source="web")
    client.force_login(superuser)
    response = client.get(change_url(aimodel))
    html = response.content.decode()
    assert f'src="{png}"' in html
    assert str(aimodel.uid) in html and "namespaces/alice/models/resnet" in html
    assert 'name="uid"' not in html and 'name="update_time"' not in html  # output only
    assert "Audit trail" in html and "license" in html
    history = client.get(f"/admin/modelhub/auditentry/?aimodel__exact={aimodel.pk}")
    assert history.status_code == 200 and len(history.context["cl"].result_list) == 2
    data = form_data(response)
    data["description"] = "Edited, image kept"
    assert client.post(change_url(aimodel), data).status_code == 302
    assert (fresh(aimodel).description, fresh(aimodel).profile_image) == ("Edited, image kept", png)


def test_admin_save_writes_only_the_changed_field_and_audits_it(client, superuser, aimodel):
    client.force_login(superuser)
    data = form_data(client.get(change_url(aimodel)))
    data["description"] = "Changed in the admin"
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(change_url(aimodel), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    updates = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('UPDATE "modelhub_aimodel"')]
    assert len(updates) == 1
    set_clause = updates[0].split(" SET ", 1)[1].split(" WHERE ", 1)[0]
    assert [part.split("=")[0].strip().strip('"`') for part in set_clause.split(", ")] == ["description", "update_time"]
    entry = AuditEntry.objects.get(aimodel=aimodel)
    assert (entry.source, entry.actor, entry.action) == ("admin", superuser, "update")
    assert entry.changes == {"description": {"old": "A test model.", "new": "Changed in the admin"}}
    assert fresh(aimodel).description == "Changed in the admin"


def test_admin_save_keeps_a_concurrent_change_of_another_field(client, superuser, aimodel, alice):
    client.force_login(superuser)
    data = form_data(client.get(change_url(aimodel)))
    aimodel_update(aimodel=aimodel, changes={"license": "MIT"}, actor=alice, source="api")
    data["description"] = "Admin edit"
    assert client.post(change_url(aimodel), data).status_code == 302
    row = fresh(aimodel)
    assert (row.description, row.license) == ("Admin edit", "MIT")


def test_admin_same_field_conflict_is_a_form_error_and_writes_nothing(client, superuser, aimodel, alice):
    client.force_login(superuser)
    data = form_data(client.get(change_url(aimodel)))
    aimodel_update(aimodel=aimodel, changes={"description": "Theirs"}, actor=alice, source="api")
    data["description"] = "Mine"
    data["license"] = "MIT"
    response = client.post(change_url(aimodel), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Someone else changed Description" in errors["description"][0]
    assert "It is now “Theirs”." in errors["description"][0]
    row = fresh(aimodel)
    assert (row.description, row.license) == ("Theirs", "")
    assert AuditEntry.objects.filter(source="admin").count() == 0


def test_admin_rule_error_is_a_form_error_and_writes_nothing(client, superuser, aimodel):
    client.force_login(superuser)
    before = fresh(aimodel)
    data = form_data(client.get(change_url(aimodel)))
    data.update(description="Valid", source_url="javascript:alert(1)", hardware="TPU")
    response = client.post(change_url(aimodel), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "http:// or https://" in errors["source_url"][0]
    assert "Hardware 'TPU' is not available in region 'REGION_GCP_EUROPE_WEST4'" in errors["hardware"][0]
    data.update(description="x" * 1024, source_url="", hardware="CPU")
    response = client.post(change_url(aimodel), data)
    assert "at most 1023 characters" in response.context["adminform"].form.errors["description"][0]
    after = fresh(aimodel)
    assert (after.description, after.source_url, after.update_time) == ("A test model.", "", before.update_time)
    assert not AuditEntry.objects.exists()


def test_admin_cannot_publish_a_hidden_model(client, superuser, aimodel, moderator):
    aimodel_hide(aimodel=aimodel, actor=moderator)
    client.force_login(superuser)
    data = form_data(client.get(change_url(aimodel)))
    data["visibility"] = Visibility.PUBLIC
    response = client.post(change_url(aimodel), data)
    assert "hidden by moderators" in response.context["adminform"].form.errors["visibility"][0]
    assert fresh(aimodel).visibility == Visibility.PRIVATE


def test_admin_save_without_changes_writes_nothing(client, superuser, aimodel):
    client.force_login(superuser)
    data = form_data(client.get(change_url(aimodel)))
    before = fresh(aimodel).update_time
    response = client.post(change_url(aimodel), data, follow=True)
    assert "nothing was saved" in response.content.decode()
    assert fresh(aimodel).update_time == before
    assert not AuditEntry.objects.exists()


def test_missing_inline_management_form_rolls_back_the_save(client, superuser, aimodel):
    client.force_login(superuser)
    data = {k: v for k, v in form_data(client.get(change_url(aimodel))).items() if not k.startswith("audit_entries")}
    data["description"] = "Never saved"
    response = client.post(change_url(aimodel), data)
    assert response.status_code == 200
    assert fresh(aimodel).description == "A test model."
    assert not AuditEntry.objects.exists()


def test_admin_add_creates_through_the_service(client, superuser, alice_ns, container):
    client.force_login(superuser)
    response = client.post(
        ADD,
        {
            "namespace": alice_ns.pk,
            "model_id": "from-admin",
            "model_definition": "container",
            "configuration": "{}",
            "task": "TASK_OCR",
            "visibility": Visibility.PRIVATE,
            "region": "REGION_LOCAL",
            "hardware": "__custom__",
            "custom_hardware": "my-fpga",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = AIModel.objects.get(namespace=alice_ns, model_id="from-admin")
    assert created.hardware == "my-fpga"
    entry = AuditEntry.objects.get(aimodel=created)
    assert (entry.action, entry.source, entry.actor) == ("create", "admin", superuser)


def test_admin_add_refuses_a_duplicate_id(client, superuser, aimodel, alice_ns):
    client.force_login(superuser)
    response = client.post(
        ADD,
        {"namespace": alice_ns.pk, "model_id": "resnet", "model_definition": "container", "configuration": "{}",
         "task": "TASK_OCR", "visibility": Visibility.PRIVATE, "region": "REGION_LOCAL", "hardware": "CPU"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "already exists" in response.context["adminform"].form.errors["model_id"][0]
    assert AIModel.objects.count() == 1


def test_admin_delete_never_removes_the_row(client, superuser, aimodel):
    """The admin's delete is the soft delete (tests/test_admin_lifecycle.py): the row stays."""
    client.force_login(superuser)
    assert client.post(reverse("admin:modelhub_aimodel_delete", args=[aimodel.pk]), {"post": "yes"}).status_code == 302
    assert AIModel.objects.get(pk=aimodel.pk).is_deleted
