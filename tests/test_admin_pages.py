"""The Django admin's pages: who may use them, the model changelist, the other entities."""

import json
from datetime import UTC

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modelhub.demo.seed import demo_image
from modelhub.models import AuditEntry, ModelDefinition
from modelhub.services import aimodel_update
from tests.admin_support import ADD, CHANGELIST, change_url
from tests.factories import AIModelFactory
from tests.support import fresh

pytestmark = pytest.mark.django_db


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


def test_changelist_shows_region_hardware_and_definition_titles_not_codes(client, superuser, alice, aimodel):
    """People read "GCP europe-west4" and "NVIDIA Tesla T4", not REGION_GCP_EUROPE_WEST4 and NVIDIA_TESLA_T4."""
    from modelhub.models import Hardware

    client.force_login(superuser)
    aimodel_update(aimodel=aimodel, changes={"hardware": "NVIDIA_TESLA_T4"}, actor=alice, source="web")
    html = client.get(CHANGELIST).content.decode()
    title = Hardware.objects.get(region_id=aimodel.region_id, value="NVIDIA_TESLA_T4").title
    assert aimodel.region.title in html and title in html and aimodel.model_definition.title in html
    assert "REGION_GCP_EUROPE_WEST4<" not in html and "NVIDIA_TESLA_T4<" not in html  # not in cells nor the filter


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


def test_admin_says_modelhub_not_django(client, superuser):
    client.force_login(superuser)
    body = client.get("/admin/").content.decode()
    assert "modelhub administration" in body and "<title>Site administration | modelhub admin</title>" in body
    assert "Django administration" not in body


def test_admin_dates_read_like_the_dashboards(client, superuser, aimodel):
    client.force_login(superuser)
    body = client.get(change_url(aimodel)).content.decode()
    created = aimodel.create_time.astimezone(UTC)
    assert f"{created.day} {created:%b %Y}, {created:%H:%M}" in body
    assert "a.m." not in body and "p.m." not in body


def test_admin_names_api_tokens_properly(client, superuser):
    client.force_login(superuser)
    body = client.get("/admin/").content.decode()
    assert "API tokens" in body and "API requests" in body and "Api tokens" not in body


def test_audit_entry_names_the_image_thumbnail_instead_of_printing_it(client, superuser, aimodel, alice):
    image = demo_image("resnet")
    aimodel_update(aimodel=aimodel, changes={"profile_image": image}, actor=alice, source="web")
    entry = AuditEntry.objects.get()
    client.force_login(superuser)
    body = client.get(f"/admin/modelhub/auditentry/{entry.pk}/change/").content.decode()
    assert entry.changes["profile_image"]["new"]["thumbnail"].startswith("data:image/webp;base64,")
    assert "base64" not in body.split("Changes")[-1] and "-character thumbnail)" in body
    assert entry.changes["profile_image"]["new"]["sha256"] in body
