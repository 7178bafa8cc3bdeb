import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signing import BadSignature
from PIL import Image

from modelhub.forms import CUSTOM_HARDWARE, AIModelForm
from modelhub.models import AuditEntry
from modelhub.services import aimodel_update
from tests.support import fresh

pytestmark = pytest.mark.django_db


def loaded_form_data(aimodel) -> dict:
    """What the edit page posts back when the user changes nothing."""
    form = AIModelForm(instance=fresh(aimodel))
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, False) and name != "profile_image":
            data[name] = value
    return data


def bound(aimodel, data, files=None) -> AIModelForm:
    return AIModelForm(data, files or {}, instance=fresh(aimodel))


def png_upload(name="photo.png", size=(64, 48)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_unchanged_form_has_no_changes_and_saves_nothing(aimodel, alice):
    form = bound(aimodel, loaded_form_data(aimodel))
    assert form.is_valid(), form.errors
    assert form.changes() == {}
    result = form.submit(actor=alice, source="web")
    assert result is not None and not result.changed
    assert not AuditEntry.objects.exists()


def test_changes_lists_only_the_fields_the_user_changed(aimodel, alice):
    data = loaded_form_data(aimodel)
    data.update(description="New words", license="MIT")
    form = bound(aimodel, data)
    assert form.is_valid(), form.errors
    assert form.changes() == {"description": "New words", "license": "MIT"}


def test_container_configuration_of_an_empty_object_is_accepted(aimodel):
    form = bound(aimodel, {**loaded_form_data(aimodel), "configuration": "{}"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["configuration"] == {}
    form = bound(aimodel, {**loaded_form_data(aimodel), "configuration": ""})
    assert not form.is_valid()
    assert form.errors["configuration"] == ["This field is required."]


def test_invalid_json_names_line_and_column(aimodel):
    form = bound(aimodel, {**loaded_form_data(aimodel), "configuration": '{\n  "a": }'})
    assert not form.is_valid()
    assert form.errors["configuration"][0].startswith("Invalid JSON at line 2, column")


def test_concurrent_change_of_another_field_survives_a_form_save(aimodel, alice, bob):
    data = loaded_form_data(aimodel)  # alice opens the page
    aimodel_update(aimodel=aimodel, changes={"license": "Apache-2.0"}, actor=bob, source="api")
    data["description"] = "Alice's words"
    form = bound(aimodel, data)
    assert form.is_valid(), form.errors
    assert form.changes() == {"description": "Alice's words"}
    result = form.submit(actor=alice, source="web")
    assert result.changed_fields == ("description",)
    row = fresh(aimodel)
    assert (row.description, row.license) == ("Alice's words", "Apache-2.0")


def test_same_field_conflict_is_a_form_error_with_their_value_and_writes_nothing(aimodel, alice, bob):
    data = loaded_form_data(aimodel)
    aimodel_update(aimodel=aimodel, changes={"description": "Bob's words"}, actor=bob, source="api")
    data.update(description="Alice's words", license="MIT")
    form = bound(aimodel, data)
    assert form.is_valid(), form.errors
    assert form.submit(actor=alice, source="web") is None
    message = form.errors["description"][0]
    assert message.startswith("Someone else changed Description") and "It is now “Bob's words”." in message
    row = fresh(aimodel)
    assert (row.description, row.license) == ("Bob's words", "")
    assert AuditEntry.objects.count() == 1  # bob's

    # The re-rendered form carries a re-signed loaded state: saving again overwrites theirs.
    again = bound(aimodel, form.data)
    assert again.is_valid(), again.errors
    result = again.submit(actor=alice, source="web")
    assert set(result.changed_fields) == {"description", "license"}
    row = fresh(aimodel)
    assert (row.description, row.license) == ("Alice's words", "MIT")


def test_tampered_loaded_state_is_refused(aimodel, alice):
    data = {**loaded_form_data(aimodel), "description": "x"}
    data["loaded_state"] = data["loaded_state"][:-3] + "abc"
    form = bound(aimodel, data)
    assert not form.is_valid()
    assert form.errors["loaded_state"] == ["This form is out of date or was altered; reload the page."]
    assert fresh(aimodel).description == "A test model."


def test_loaded_state_of_another_model_is_ignored(aimodel, private_model, alice):
    other_state = loaded_form_data(private_model)["loaded_state"]
    data = {**loaded_form_data(aimodel), "loaded_state": other_state, "license": "MIT"}
    form = bound(aimodel, data)
    assert form.is_valid(), form.errors
    assert form.changes() == {"license": "MIT"}  # compared with the current row instead


def test_custom_hardware_through_the_custom_choice(aimodel, alice):
    data = {**loaded_form_data(aimodel), "region": "REGION_LOCAL", "hardware": CUSTOM_HARDWARE}
    data["custom_hardware"] = "my-rtx-4090"
    form = bound(aimodel, data)
    assert form.is_valid(), form.errors
    assert set(form.submit(actor=alice, source="web").changed_fields) == {"region", "hardware"}
    row = fresh(aimodel)
    assert (row.region_id, row.hardware) == ("REGION_LOCAL", "my-rtx-4090")
    reopened = AIModelForm(instance=row)
    assert reopened["hardware"].value() == CUSTOM_HARDWARE
    assert reopened["custom_hardware"].value() == "my-rtx-4090"


def test_custom_choice_without_a_name_is_an_error(aimodel):
    data = {**loaded_form_data(aimodel), "region": "REGION_LOCAL", "hardware": CUSTOM_HARDWARE}
    form = bound(aimodel, data)
    assert not form.is_valid()
    assert form.errors["custom_hardware"] == ["Enter the name of your custom hardware."]


def test_custom_hardware_in_a_region_without_it_is_refused(aimodel, alice):
    data = {**loaded_form_data(aimodel), "hardware": CUSTOM_HARDWARE, "custom_hardware": "my-tpu"}
    form = bound(aimodel, data)
    assert form.is_valid(), form.errors
    assert form.submit(actor=alice, source="web") is None
    assert "not available in region 'REGION_GCP_EUROPE_WEST4'" in form.errors["hardware"][0]
    assert fresh(aimodel).hardware == "CPU"


def test_image_upload_becomes_a_data_uri_and_can_be_removed(aimodel, alice):
    form = bound(aimodel, loaded_form_data(aimodel), {"profile_image": png_upload()})
    assert form.is_valid(), form.errors
    assert form.submit(actor=alice, source="web").changed_fields == ("profile_image",)
    stored = fresh(aimodel).profile_image
    assert stored.startswith("data:image/")
    audit = AuditEntry.objects.get().changes["profile_image"]
    assert audit["old"] is None and set(audit["new"]) == {"bytes", "sha256", "thumbnail"}
    assert audit["new"]["thumbnail"].startswith("data:image/webp;base64,")  # for the history's before/after

    form = bound(aimodel, {**loaded_form_data(aimodel), "remove_profile_image": "on"})
    assert form.is_valid(), form.errors
    assert form.submit(actor=alice, source="web").changed_fields == ("profile_image",)
    assert fresh(aimodel).profile_image == ""


def test_a_model_with_an_image_is_edited_without_uploading_it_again(aimodel, alice):
    form = bound(aimodel, loaded_form_data(aimodel), {"profile_image": png_upload()})
    assert form.is_valid(), form.errors
    form.submit(actor=alice, source="web")
    image = fresh(aimodel).profile_image
    form = bound(aimodel, {**loaded_form_data(aimodel), "description": "Still pictured"})
    assert form.is_valid(), form.errors  # FileField's initial (the stored data URI) is not an upload
    assert form.changes() == {"description": "Still pictured"}
    form.submit(actor=alice, source="web")
    assert fresh(aimodel).profile_image == image


def test_a_text_file_renamed_png_is_refused(aimodel):
    upload = SimpleUploadedFile("notes.png", b"just some text\n", content_type="image/png")
    form = bound(aimodel, loaded_form_data(aimodel), {"profile_image": upload})
    assert not form.is_valid()
    assert "text, not an image" in form.errors["profile_image"][0]
    assert fresh(aimodel).profile_image == ""


def test_upload_and_remove_together_is_an_error(aimodel):
    data = {**loaded_form_data(aimodel), "remove_profile_image": "on"}
    form = bound(aimodel, data, {"profile_image": png_upload()})
    assert not form.is_valid()
    assert "not both" in form.errors["remove_profile_image"][0]


def test_new_model_form_asks_for_a_namespace_and_creates_through_the_service(alice_ns, container, alice):
    form = AIModelForm(
        {
            "namespace": alice_ns.pk,
            "model_id": "brand-new",
            "model_definition": "container",
            "configuration": "{}",
            "task": "TASK_CHAT",
            "visibility": "VISIBILITY_PRIVATE",
            "region": "REGION_LOCAL",
            "hardware": "GPU",
        }
    )
    assert "namespace" in form.fields
    assert form.is_valid(), form.errors
    result = form.submit(actor=alice, source="web")
    assert result.aimodel.name == "namespaces/alice/models/brand-new"
    assert AuditEntry.objects.get().action == "create"


def test_service_errors_without_a_form_field_are_non_field_errors(aimodel, alice):
    form = bound(aimodel, loaded_form_data(aimodel))
    assert form.is_valid()
    from django.core.exceptions import ValidationError

    form._add_service_errors(ValidationError({"owner": ["Nope."]}))
    assert form.non_field_errors() == ["owner: Nope."]


def test_bad_signature_is_never_raised_to_the_caller(aimodel):
    data = {**loaded_form_data(aimodel), "loaded_state": "garbage"}
    form = bound(aimodel, data)
    try:
        form.is_valid()
    except BadSignature:  # pragma: no cover
        pytest.fail("BadSignature escaped the form")
    assert "loaded_state" in form.errors


def test_region_choices_show_the_title_not_the_api_value(aimodel):
    from modelhub.forms import AIModelForm

    labels = dict(AIModelForm(instance=aimodel).fields["region"].choices)
    assert [str(label) for value, label in labels.items() if str(value) == "REGION_LOCAL"] == ["Local"]
