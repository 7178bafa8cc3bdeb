import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from modelhub.management.commands.seed_demo import demo_image
from modelhub.models import AIModel, AuditEntry, ModelDefinition, ModerationState, Visibility
from modelhub.services import aimodel_hide, aimodel_update
from tests.factories import AIModelFactory

pytestmark = pytest.mark.django_db


def change_url(aimodel) -> str:
    return reverse("admin:modelhub_aimodel_change", args=[aimodel.pk])


CHANGELIST = "/admin/modelhub/aimodel/"
ADD = "/admin/modelhub/aimodel/add/"


def form_data(response) -> dict:
    """What a browser would post back from an admin change form, unchanged."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False or name in ("profile_image",):
            continue
        data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management[name].html_name: management[name].value() for name in management.fields})
    return data


def fresh(aimodel) -> AIModel:
    return AIModel.objects.get(pk=aimodel.pk)


# --- permissions ----------------------------------------------------------------------


@pytest.mark.parametrize("page", ["changelist", "change", "add"])
def test_anonymous_is_sent_to_the_admin_login(client, aimodel, page):
    url = {"changelist": CHANGELIST, "change": change_url(aimodel), "add": ADD}[page]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("page", ["changelist", "change", "add"])
def test_non_staff_owner_cannot_use_the_admin(client, alice, aimodel, page):
    client.force_login(alice)
    url = {"changelist": CHANGELIST, "change": change_url(aimodel), "add": ADD}[page]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_without_model_permissions_gets_403(client, aimodel, django_user_model):
    staff = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(staff)  # staff, no permission at all
    assert client.get(change_url(aimodel)).status_code == 403
    assert client.get(CHANGELIST).status_code == 403


def test_moderators_read_models_in_the_admin_and_may_hide_but_not_edit(client, moderator, aimodel):
    """Spec section 5: a staff moderator reads and moderates; the hide/restore actions are theirs."""
    client.force_login(moderator)  # staff, only the moderation permission
    changelist = client.get(CHANGELIST)
    assert changelist.status_code == 200
    actions = [value for value, _ in changelist.context["action_form"].fields["action"].choices]
    assert {"hide", "restore"} <= set(actions) and "make_public" not in actions
    response = client.get(change_url(aimodel))
    assert response.status_code == 200
    assert 'name="description"' not in response.content.decode()
    assert client.post(change_url(aimodel), {"description": "x"}).status_code == 403
    assert client.get(ADD).status_code == 403
    assert fresh(aimodel).description == "A test model."
    assert client.get("/admin/modelhub/auditentry/").status_code == 200


def test_staff_with_view_permission_only_sees_a_read_only_change_page(client, aimodel, django_user_model):
    from django.contrib.auth.models import Permission

    staff = django_user_model.objects.create_user("auditor", password="x", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_aimodel"))
    client.force_login(staff)
    response = client.get(change_url(aimodel))
    assert response.status_code == 200
    assert 'name="description"' not in response.content.decode()
    assert "A test model." in response.content.decode()
    assert client.post(change_url(aimodel), {"description": "x"}).status_code == 403
    assert client.get(ADD).status_code == 403
    assert fresh(aimodel).description == "A test model."


@pytest.mark.parametrize("page", ["changelist", "change", "add"])
def test_superuser_sees_the_pages(client, superuser, aimodel, page):
    client.force_login(superuser)
    url = {"changelist": CHANGELIST, "change": change_url(aimodel), "add": ADD}[page]
    assert client.get(url).status_code == 200


def test_every_entity_has_a_changelist(client, superuser, aimodel):
    client.force_login(superuser)
    for model in ("namespace", "membership", "modeldefinition", "region", "hardware", "aimodel", "auditentry",
                  "apitoken", "apirequest"):  # fmt: skip
        response = client.get(f"/admin/modelhub/{model}/")
        assert response.status_code == 200, model


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
    assert "Someone else changed Description to 'Theirs'" in errors["description"][0]
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


def test_admin_cannot_delete_models(client, superuser, aimodel):
    client.force_login(superuser)
    assert client.post(reverse("admin:modelhub_aimodel_delete", args=[aimodel.pk]), {"post": "yes"}).status_code == 403
    assert AIModel.objects.filter(pk=aimodel.pk).exists()


# --- bulk actions -----------------------------------------------------------------------


def run_action(client, action, *aimodels):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [str(m.pk) for m in aimodels]}, follow=True)


def test_make_private_and_public_are_audited_per_model(client, superuser, aimodel, private_model):
    client.force_login(superuser)
    response = run_action(client, "make_private", aimodel, private_model)
    text = response.content.decode()
    assert "Made private: namespaces/alice/models/resnet." in text
    assert "Already private: namespaces/acme/models/secret." in text
    assert fresh(aimodel).visibility == Visibility.PRIVATE
    entry = AuditEntry.objects.get()
    assert (entry.source, entry.actor, entry.changes["visibility"]["new"]) == ("admin", superuser, "VISIBILITY_PRIVATE")
    run_action(client, "make_public", aimodel, private_model)
    assert {fresh(aimodel).visibility, fresh(private_model).visibility} == {Visibility.PUBLIC}
    assert AuditEntry.objects.filter(source="admin").count() == 3


def test_make_public_refuses_a_hidden_model_with_a_message(client, superuser, aimodel, private_model, moderator):
    aimodel_hide(aimodel=private_model, actor=moderator)
    client.force_login(superuser)
    AuditEntry.objects.all().delete()
    text = run_action(client, "make_public", aimodel, private_model).content.decode()
    assert "Not made public: namespaces/acme/models/secret: This model was hidden by moderators" in text
    assert fresh(private_model).visibility == Visibility.PRIVATE
    assert not AuditEntry.objects.exists()


def test_hide_and_restore_actions_go_through_moderation(client, superuser, aimodel):
    client.force_login(superuser)
    assert "Hidden: namespaces/alice/models/resnet." in run_action(client, "hide", aimodel).content.decode()
    row = fresh(aimodel)
    assert (row.moderation_state, row.visibility) == (ModerationState.HIDDEN, Visibility.PRIVATE)
    run_action(client, "restore", aimodel)
    assert fresh(aimodel).moderation_state == ModerationState.ACTIVE
    assert list(AuditEntry.objects.order_by("id").values_list("action", "source")) == [
        ("hide", "moderation"),
        ("restore", "moderation"),
    ]


def test_hide_is_offered_only_to_moderators(client, superuser, aimodel, django_user_model):
    from django.contrib.auth.models import Permission

    staff = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_aimodel", "change_aimodel"]))
    client.force_login(staff)
    response = client.get(CHANGELIST)
    actions = [value for value, _ in response.context["action_form"].fields["action"].choices]
    assert "make_public" in actions and "hide" not in actions
    run_action(client, "hide", aimodel)
    assert fresh(aimodel).moderation_state == ModerationState.ACTIVE


# --- the changelist -----------------------------------------------------------------------


def test_changelist_does_not_load_image_data(client, superuser, aimodel, alice):
    image = demo_image("resnet")
    aimodel_update(aimodel=aimodel, changes={"profile_image": image}, actor=alice, source="web")
    client.force_login(superuser)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(CHANGELIST)
    assert image[-40:] not in response.content.decode()
    selects = [q["sql"] for q in ctx.captured_queries if 'FROM "modelhub_aimodel"' in q["sql"]]
    assert selects and not any('"modelhub_aimodel"."profile_image",' in sql or "readme" in sql for sql in selects)
    assert response.context["cl"].result_list[0].has_profile_image is True


def _changelist_queries(client, count):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == count
    return len(ctx.captured_queries)


def test_changelist_query_count_does_not_grow_with_models(
    client, superuser, alice_ns, container, django_assert_num_queries
):
    client.force_login(superuser)
    AIModelFactory.create_batch(3, namespace=alice_ns, model_definition=container)
    few = _changelist_queries(client, 3)
    AIModelFactory.create_batch(17, namespace=alice_ns, model_definition=container)
    with django_assert_num_queries(few):
        response = client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 20


# --- other entities -------------------------------------------------------------------------


def test_model_definition_with_an_invalid_schema_is_refused(client, superuser):
    client.force_login(superuser)
    response = client.post(
        "/admin/modelhub/modeldefinition/add/",
        {
            "definition_id": "broken",
            "title": "Broken",
            "release_stage": "RELEASE_STAGE_ALPHA",
            "model_spec": json.dumps({"type": "not-a-type"}),
        },
    )
    assert response.status_code == 200
    assert "Not a valid JSON Schema" in response.context["adminform"].form.errors["model_spec"][0]
    assert not ModelDefinition.objects.filter(definition_id="broken").exists()


def test_model_definition_with_a_valid_schema_is_saved(client, superuser):
    client.force_login(superuser)
    spec = {"type": "object", "properties": {"x": {"type": "integer"}}}
    response = client.post(
        "/admin/modelhub/modeldefinition/add/",
        {
            "definition_id": "fine",
            "title": "Fine",
            "release_stage": "RELEASE_STAGE_ALPHA",
            "model_spec": json.dumps(spec),
        },
    )
    assert response.status_code == 302
    assert ModelDefinition.objects.get(definition_id="fine").model_spec == spec


def test_audit_entries_and_requests_are_read_only(client, superuser, aimodel, alice):
    aimodel_update(aimodel=aimodel, changes={"license": "MIT"}, actor=alice, source="web")
    entry = AuditEntry.objects.get()
    client.force_login(superuser)
    assert client.get("/admin/modelhub/auditentry/add/").status_code == 403
    page = client.get(f"/admin/modelhub/auditentry/{entry.pk}/change/")
    assert page.status_code == 200 and "MIT" in page.content.decode()
    client.post(f"/admin/modelhub/auditentry/{entry.pk}/change/", {"message": "tampered"})
    assert AuditEntry.objects.get().message == ""
    assert client.get("/admin/modelhub/apirequest/add/").status_code == 403


def test_tokens_cannot_be_created_in_the_admin_but_can_be_revoked(client, superuser, alice):
    from modelhub.services import token_authenticate, token_create

    token, raw = token_create(user=alice, name="laptop")
    client.force_login(superuser)
    assert client.get("/admin/modelhub/apitoken/add/").status_code == 403
    response = client.post(
        "/admin/modelhub/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    assert "Revoked 1 token(s)" in response.content.decode()
    assert token_authenticate(raw) is None
    assert raw not in response.content.decode()
