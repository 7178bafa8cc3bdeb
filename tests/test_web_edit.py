"""The edit page, the new-model page and the hardware options endpoint (spec sections 3, 5, 6)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from modelhub.forms import CUSTOM_HARDWARE
from modelhub.models import AuditEntry
from modelhub.services import aimodel_update
from tests.factories import AIModelFactory
from tests.support import fresh, snapshot
from tests.web_helpers import edit_form_data, jpeg_bytes

pytestmark = pytest.mark.django_db


def edit_url(m):
    return reverse("aimodel-edit", args=[m.namespace.namespace_id, m.model_id])


# --- permissions ----------------------------------------------------------------------


def test_edit_anonymous_is_sent_to_login(client, aimodel):
    for method in (client.get, client.post):
        response = method(edit_url(aimodel))
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(("who", "status"), [("bob", 404), ("carol", 403), ("alice", 200), ("superuser", 200)])
def test_edit_private_model_by_role(client, request, private_model, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(edit_url(private_model)).status_code == status


def test_edit_public_model_by_outsider_is_403_and_post_changes_nothing(client, bob, aimodel):
    client.force_login(bob)
    assert client.get(edit_url(aimodel)).status_code == 403
    before = snapshot(aimodel)
    assert client.post(edit_url(aimodel), edit_form_data(aimodel, description="vandal")).status_code == 403
    assert snapshot(aimodel) == before


def test_viewer_post_is_403(client, carol, private_model):
    client.force_login(carol)
    before = snapshot(private_model)
    response = client.post(edit_url(private_model), edit_form_data(private_model, description="x"))
    assert response.status_code == 403
    assert snapshot(private_model) == before


# --- the page -------------------------------------------------------------------------


def test_edit_page_labels_dropdowns_and_htmx(client, alice, aimodel):
    client.force_login(alice)
    body = client.get(edit_url(aimodel)).content.decode()
    for label in (
        "ID", "Description", "Model definition", "Configuration", "Task", "Visibility", "Region", "Hardware",
        "README", "Source URL", "Documentation URL", "License", "Profile image",
    ):  # fmt: skip
        assert f">\n                {label}" in body or f"{label}<span" in body, label
    for name in ("model_definition", "task", "visibility", "region", "hardware"):
        assert f'<select name="{name}"' in body
    assert 'hx-get="/hardware-options/"' in body
    assert 'hx-target="#id_hardware"' in body
    assert 'type="file" name="profile_image"' in body
    assert 'type="hidden" name="remove_profile_image"' in body  # no image: nothing to remove
    assert '<datalist id="spdx-licenses">' in body
    assert "js/aimodel_form.js" in body and "django_htmx/htmx.min.js" in body
    assert "<script>" not in body.replace("<script src=", "")  # no inline scripts
    assert " onclick=" not in body and " onchange=" not in body


def test_edit_page_previews_the_current_image(client, alice, alice_ns, container):
    from modelhub.images import image_to_data_uri

    uri = image_to_data_uri(jpeg_bytes())
    m = AIModelFactory(namespace=alice_ns, model_id="pic", profile_image=uri)
    client.force_login(alice)
    body = client.get(edit_url(m)).content.decode()
    assert f'src="{uri}"' in body
    assert 'type="checkbox" name="remove_profile_image"' in body


def test_edit_get_query_count(client, django_assert_num_queries, alice, aimodel):
    client.force_login(alice)
    # session, user, model+role, region (hardware), hardware, definitions, regions, the Danger zone's
    # transfer targets (the namespaces where the user may create models)
    with django_assert_num_queries(8):
        assert client.get(edit_url(aimodel)).status_code == 200


# --- saving ---------------------------------------------------------------------------


def test_save_description_and_hardware_writes_them_and_says_so(client, alice, aimodel):
    client.force_login(alice)
    data = edit_form_data(aimodel, description="Sharper", hardware="NVIDIA_L4")
    response = client.post(edit_url(aimodel), data, follow=True)
    assert response.redirect_chain[-1] == (aimodel.get_absolute_url(), 302)
    assert "Saved: Description, Hardware." in response.content.decode()
    row = fresh(aimodel)
    assert (row.description, row.hardware) == ("Sharper", "NVIDIA_L4")
    entry = AuditEntry.objects.get(aimodel=aimodel)
    assert (entry.source, entry.actor, set(entry.changes)) == ("web", alice, {"description", "hardware"})


def test_save_without_changes_says_nothing_changed(client, alice, aimodel):
    client.force_login(alice)
    before = snapshot(aimodel)
    response = client.post(edit_url(aimodel), edit_form_data(aimodel), follow=True)
    assert "Nothing changed; nothing was saved." in response.content.decode()
    assert snapshot(aimodel) == before
    assert not AuditEntry.objects.exists()


def test_rename_redirects_to_the_new_address(client, alice, aimodel):
    client.force_login(alice)
    response = client.post(edit_url(aimodel), edit_form_data(aimodel, model_id="resnet-v2"))
    assert response.status_code == 302
    assert response["Location"] == "/namespaces/alice/models/resnet-v2/"
    old = client.get("/namespaces/alice/models/resnet/")  # the old ID is an alias now
    assert old.status_code == 301 and old["Location"] == "/namespaces/alice/models/resnet-v2/"


def test_other_users_change_to_another_field_is_kept(client, alice, aimodel):
    client.force_login(alice)
    data = edit_form_data(aimodel, description="Mine")  # alice loaded the page
    aimodel_update(aimodel=aimodel, changes={"license": "MIT"}, actor=alice, source="api")  # someone else
    client.post(edit_url(aimodel), data)
    row = fresh(aimodel)
    assert (row.description, row.license) == ("Mine", "MIT")


def test_same_field_conflict_shows_their_value_and_writes_nothing(client, alice, aimodel):
    client.force_login(alice)
    data = edit_form_data(aimodel, description="Mine", license="Apache-2.0")
    aimodel_update(aimodel=aimodel, changes={"description": "Theirs"}, actor=alice, source="api")
    before = snapshot(aimodel)
    response = client.post(edit_url(aimodel), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Someone else changed Description" in body and "It is now “Theirs”." in body
    assert snapshot(aimodel) == before
    # Saving again (the form now knows their value) replaces theirs with mine.
    resubmit = {**data, "loaded_state": response.context["form"].data["loaded_state"]}
    assert client.post(edit_url(aimodel), resubmit).status_code == 302
    assert fresh(aimodel).description == "Mine"


def test_upload_jpeg_is_converted_and_stored(client, alice, aimodel):
    client.force_login(alice)
    data = edit_form_data(aimodel, profile_image=SimpleUploadedFile("cat.jpg", jpeg_bytes((2000, 1000)), "image/jpeg"))
    response = client.post(edit_url(aimodel), data, follow=True)
    assert "Saved: Profile image." in response.content.decode()
    assert fresh(aimodel).profile_image.startswith("data:image/jpeg;base64,")


def test_remove_image(client, alice, alice_ns, container):
    from modelhub.images import image_to_data_uri

    m = AIModelFactory(namespace=alice_ns, model_id="pic", profile_image=image_to_data_uri(jpeg_bytes()))
    client.force_login(alice)
    client.post(edit_url(m), edit_form_data(m, remove_profile_image="on"))
    assert fresh(m).profile_image == ""


def test_custom_hardware_in_a_region_that_allows_it(client, alice, aimodel):
    client.force_login(alice)
    data = edit_form_data(aimodel, region="REGION_LOCAL", hardware=CUSTOM_HARDWARE, custom_hardware="tpu-v5")
    assert client.post(edit_url(aimodel), data).status_code == 302
    row = fresh(aimodel)
    assert (row.region_id, row.hardware) == ("REGION_LOCAL", "tpu-v5")
    body = client.get(edit_url(aimodel)).content.decode()
    assert f'<option value="{CUSTOM_HARDWARE}" selected>' in body
    assert 'value="tpu-v5"' in body


# --- bad input: a clear error, the row unchanged --------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"configuration": '{"repository": '}, "Invalid JSON at line 1, column 16"),
        ({"configuration": "[1, 2]"}, "Configuration must be a JSON object."),
        ({"model_id": "1-bad-"}, "Not a valid ID: use only letters, digits and hyphens"),
        ({"model_id": ""}, "This field is required."),
        ({"hardware": "GPU"}, "Hardware &#x27;GPU&#x27; is not available in region &#x27;REGION_GCP_EUROPE_W"),
        ({"region": "REGION_LOCAL", "hardware": CUSTOM_HARDWARE, "custom_hardware": ""}, "Enter the name of your"),
        ({"region": "REGION_LOCAL", "hardware": CUSTOM_HARDWARE, "custom_hardware": "bad name!"}, "Custom hardware"),
        ({"region": "REGION_NOWHERE"}, "Select a valid choice."),
        ({"source_url": "ftp://x"}, "Enter a valid http:// or https:// URL."),
        ({"loaded_state": "forged"}, "This form is out of date or was altered"),
    ],
)
def test_bad_input_shows_the_error_and_changes_nothing(client, alice, aimodel, overrides, message):
    client.force_login(alice)
    before = snapshot(aimodel)
    response = client.post(edit_url(aimodel), edit_form_data(aimodel, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot(aimodel) == before
    assert not AuditEntry.objects.exists()


def test_schema_invalid_configuration_names_the_json_path(client, alice, aimodel, github):
    client.force_login(alice)
    before = snapshot(aimodel)
    data = edit_form_data(aimodel, model_definition="github", configuration='{"repository": "no slash", "tag": "v1"}')
    response = client.post(edit_url(aimodel), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "$.repository: " in body
    assert 'id="error_1_id_configuration"' in body  # shown at the field
    assert snapshot(aimodel) == before


def test_text_file_uploaded_as_image_is_refused(client, alice, aimodel):
    client.force_login(alice)
    before = snapshot(aimodel)
    fake = SimpleUploadedFile("cat.png", b"just some text, not a picture\n", "image/png")
    response = client.post(edit_url(aimodel), edit_form_data(aimodel, description="new", profile_image=fake))
    assert response.status_code == 400
    assert "The file is text, not an image" in response.content.decode()
    assert snapshot(aimodel) == before


def test_hidden_model_cannot_be_made_public_by_owner(client, alice, aimodel, moderator):
    from modelhub.services import aimodel_hide

    aimodel_hide(aimodel=aimodel, actor=moderator)
    client.force_login(alice)
    before = snapshot(aimodel)
    response = client.post(edit_url(aimodel), edit_form_data(aimodel, visibility="VISIBILITY_PUBLIC"))
    assert response.status_code == 400
    assert "hidden by moderators" in response.content.decode()
    assert snapshot(aimodel) == before


def test_empty_object_configuration_is_accepted_blank_is_required(alice, aimodel):
    """Regression: `{}` (the container definition's configuration) was refused as "required"."""
    from modelhub.forms import AIModelForm

    form = AIModelForm(edit_form_data(aimodel, configuration="{}"), instance=fresh(aimodel))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["configuration"] == {}
    form = AIModelForm(edit_form_data(aimodel, configuration=""), instance=fresh(aimodel))
    assert not form.is_valid()
    assert form.errors["configuration"] == ["This field is required."]


def test_saving_a_model_with_an_image_without_uploading_keeps_the_image(client, alice, alice_ns, container):
    """Regression: with a stored image and no upload, the form crashed (500) reading the data URI as a file."""
    from modelhub.images import image_to_data_uri

    uri = image_to_data_uri(jpeg_bytes())
    m = AIModelFactory(namespace=alice_ns, model_id="pic", profile_image=uri)
    client.force_login(alice)
    response = client.post(edit_url(m), edit_form_data(m, description="Only this"), follow=True)
    assert "Saved: Description." in response.content.decode()
    assert fresh(m).profile_image == uri


def test_nan_in_configuration_is_a_clear_error_not_a_500(client, alice, aimodel):
    """Regression: NaN/Infinity parsed by Python's json reached PostgreSQL's jsonb and raised a 500."""
    client.force_login(alice)
    before = snapshot(aimodel)
    response = client.post(edit_url(aimodel), edit_form_data(aimodel, configuration='{"x": NaN}'))
    assert response.status_code == 400
    assert "NaN is not valid JSON." in response.content.decode()
    assert snapshot(aimodel) == before


def test_rules_refuse_non_finite_numbers_from_any_surface(db):
    from modelhub.rules.configuration import configuration_errors
    from tests.factories import ModelDefinitionFactory

    free = ModelDefinitionFactory(definition_id="free", model_spec={"type": "object"})
    message = "Configuration must be plain JSON: NaN and Infinity are not allowed."
    assert configuration_errors({"a": [1, {"b": float("inf")}]}, free) == [message]
    assert configuration_errors({"a": float("nan")}, free) == [message]
    assert configuration_errors({"a": 1.5}, free) == []
