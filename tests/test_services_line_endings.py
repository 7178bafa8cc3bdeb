"""Line endings in the one write path: CRLF and lone CR become LF on every surface.

Browsers submit textareas with CRLF (HTML spec); the API, seed_demo and scripts send LF.
The service (modelhub.rules.changes.normalize_changes) turns every CRLF and lone CR into LF before
it compares and stores, and the form does the same before it decides what the user
changed, so an untouched README is never "changed" and never rewritten. Stored values
are read back through the API's full view.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from modelhub.models import AIModel, AuditEntry, ModerationNote, Report
from modelhub.rules.changes import normalize_changes, normalize_line_endings
from modelhub.services import aimodel_create, aimodel_update, moderation_note_create, report_create, report_dismiss
from tests.admin_support import change_url
from tests.api_support import assert_status, bearer, model_url, patch_json
from tests.html_forms import form_data as html_form_data
from tests.html_forms import settings_page_data
from tests.support import snapshot
from tests.web_helpers import edit_form_data

pytestmark = pytest.mark.django_db


def crlf(text: str) -> str:
    """What a browser submits for a textarea holding `text`."""
    return text.replace("\n", "\r\n")


def api_full(client, user, aimodel) -> dict:
    response = client.get(model_url(aimodel, "?view=VIEW_FULL"), headers=bearer(user))
    assert response.status_code == 200
    return response.json()["model"]


@pytest.fixture
def resnet(demo_data):
    return AIModel.objects.select_related("namespace").get(namespace__namespace_id="alice", model_id="resnet-50")


@pytest.fixture
def demo_alice(demo_data):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="alice")


# --- the rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("a\r\nb", "a\nb"),
        ("a\rb", "a\nb"),
        ("a\r\rb\r\n", "a\n\nb\n"),
        ("a\n\rb", "a\n\nb"),  # LF then a lone CR: two line breaks
        ("  keep  spaces\t\n", "  keep  spaces\t\n"),  # nothing else changes
        ("", ""),
    ],
)
def test_normalize_line_endings(sent, stored):
    assert normalize_line_endings(sent) == stored


def test_normalize_changes_reaches_configuration_strings_but_not_keys():
    changes = normalize_changes({"readme": "x\r\ny", "configuration": {"k\r": ["a\r\nb", {"n": "c\rd"}, 3]}})
    assert changes == {"readme": "x\ny", "configuration": {"k\r": ["a\nb", {"n": "c\nd"}, 3]}}


# --- the API ------------------------------------------------------------------------------


def test_crlf_sent_over_the_api_is_stored_and_returned_as_lf(client, demo_alice, resnet):
    body = {"readme": "# Title\r\n\r\nBody\rend\r\n", "description": "one\r\ntwo", "configuration": None}
    body["configuration"] = {"repository": "instill-ai/model-resnet-50", "tag": "v1.0\r\n"}
    response = patch_json(client, model_url(resnet), body, bearer(demo_alice))
    assert_status(response, 200)
    model = api_full(client, demo_alice, resnet)
    assert model["readme"] == "# Title\n\nBody\nend\n"
    assert model["description"] == "one\ntwo"
    assert model["configuration"]["tag"] == "v1.0\n"
    entry = AuditEntry.objects.filter(aimodel=resnet).latest("pk")
    assert entry.changes["readme"]["new"] == "# Title\n\nBody\nend\n"


def test_the_stored_readme_sent_back_with_crlf_changes_nothing(client, demo_alice, resnet):
    before = snapshot(resnet)
    response = patch_json(client, model_url(resnet), {"readme": crlf(resnet.readme)}, bearer(demo_alice))
    assert_status(response, 200)
    assert snapshot(resnet) == before  # not written, not audited, same updateTime


def test_length_is_counted_after_normalising(client, demo_alice, resnet):
    fits = "x\r\n" * 341 + "y" * (1023 - 2 * 341)  # 1023 characters once CRLF is LF
    assert len(fits) > 1023
    assert_status(patch_json(client, model_url(resnet), {"description": fits}, bearer(demo_alice)), 200)
    assert api_full(client, demo_alice, resnet)["description"] == fits.replace("\r\n", "\n")
    before = snapshot(resnet)
    too_long = "x\r\n" * 512  # 1024 characters after normalising
    response = patch_json(client, model_url(resnet), {"description": too_long}, bearer(demo_alice))
    assert_status(response, 400, 3)
    assert "1023" in response.json()["message"] or "1023" in str(response.json()["details"])
    assert snapshot(resnet) == before


def test_bad_text_with_crlf_is_refused_and_changes_nothing(client, demo_alice, resnet):
    before = snapshot(resnet)
    response = patch_json(client, model_url(resnet), {"readme": "a\r\nb\x00c"}, bearer(demo_alice))
    assert_status(response, 400, 3)
    assert snapshot(resnet) == before


# --- the service, directly (create and update) --------------------------------------------


def test_service_create_and_update_store_lf(alice_ns, container, alice):
    aimodel = aimodel_create(
        namespace=alice_ns,
        data={
            "model_id": "crlf",
            "description": "a\r\nb",
            "model_definition": "container",
            "configuration": {},
            "task": "TASK_CLASSIFICATION",
            "visibility": "VISIBILITY_PUBLIC",
            "region": "REGION_LOCAL",
            "hardware": "CPU",
            "readme": "r\rs",
            "license": "MIT\r\n",
        },
        actor=alice,
        source="api",
    )
    row = AIModel.objects.get(pk=aimodel.pk)
    assert (row.description, row.readme, row.license) == ("a\nb", "r\ns", "MIT\n")
    result = aimodel_update(aimodel=row, changes={"readme": "r\r\ns"}, actor=alice, source="web")
    assert result.changed_fields == ()


# --- the edit page and the admin: what a browser sends ------------------------------------
# The form data is read from the page's HTML as Chromium submits it (tests/html_forms.py):
# every textarea's text with CRLF line breaks, every select's selected option.

EDIT = reverse("aimodel-edit", args=["alice", "resnet-50"])


def loaded_edit_page(client) -> dict:
    data = settings_page_data(client.get(EDIT).content.decode())
    assert "\r\n" in data["readme"] and "\r\n" in data["description"]  # seed_demo's multi-line text, as sent
    return data


def test_edit_page_saves_only_the_changed_field_when_textareas_come_back_with_crlf(client, demo_alice, resnet):
    client.force_login(demo_alice)
    before = api_full(client, demo_alice, resnet)
    data = {**loaded_edit_page(client), "license": "MIT"}
    response = client.post(EDIT, data, follow=True)
    assert "Saved: License." in response.content.decode()
    after = api_full(client, demo_alice, resnet)
    assert {key for key in before if before[key] != after[key]} == {"license", "updateTime"}
    assert list(AuditEntry.objects.filter(aimodel=resnet).latest("pk").changes) == ["license"]


def test_edit_page_multi_line_description_change_is_stored_with_lf(client, demo_alice, resnet):
    client.force_login(demo_alice)
    data = {**loaded_edit_page(client), "description": "First line\r\nSecond line\r\n"}
    response = client.post(EDIT, data, follow=True)
    assert "Saved: Description." in response.content.decode()
    assert api_full(client, demo_alice, resnet)["description"] == "First line\nSecond line\n"


def test_edit_page_api_readme_change_meanwhile_is_kept_and_no_conflict(client, demo_alice, resnet):
    client.force_login(demo_alice)
    data = {**loaded_edit_page(client), "description": "Changed in the browser"}  # the page as loaded
    patch_json(client, model_url(resnet), {"readme": "# Written by a script\n"}, bearer(demo_alice))
    response = client.post(EDIT, data, follow=True)
    assert "Saved: Description." in response.content.decode()
    model = api_full(client, demo_alice, resnet)
    assert (model["description"], model["readme"]) == ("Changed in the browser", "# Written by a script\n")


def test_admin_change_form_with_crlf_textareas_saves_only_the_changed_field(client, demo_data, demo_alice, resnet):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="admin"))
    before = api_full(client, demo_alice, resnet)
    data = html_form_data(client.get(change_url(resnet)).content.decode(), id="aimodel_form")
    assert "\r\n" in data["readme"] and "\r\n" in data["description"]
    data["license"] = "MIT"
    response = client.post(change_url(resnet), data, follow=True)
    assert f"Saved {resnet.handle}: License." in response.content.decode()
    entry = AuditEntry.objects.filter(aimodel=resnet).latest("pk")
    assert (entry.source, list(entry.changes)) == ("admin", ["license"])
    after = api_full(client, demo_alice, resnet)
    assert {key for key in before if before[key] != after[key]} == {"license", "updateTime"}


def test_form_description_of_the_full_length_typed_with_line_breaks_is_accepted(client, demo_alice, resnet):
    client.force_login(demo_alice)
    typed = "x\n" * 300 + "y" * (1023 - 600)  # 1023 characters, as the browser's maxlength counts
    data = edit_form_data(resnet, description=crlf(typed))
    data["readme"] = crlf(data["readme"])
    response = client.post(reverse("aimodel-edit", args=["alice", "resnet-50"]), data, follow=True)
    assert "Saved: Description." in response.content.decode()
    assert api_full(client, demo_alice, resnet)["description"] == typed


# --- moderation -----------------------------------------------------------------------------


def test_moderation_texts_are_stored_with_lf(aimodel, bob, moderator):
    report = report_create(aimodel=aimodel, reporter=bob, reason="spam", text="first\r\nsecond\rthird")
    assert Report.objects.get(pk=report.pk).text == "first\nsecond\nthird"
    report_dismiss(report=report, actor=moderator, note="not\r\nspam")
    assert Report.objects.get(pk=report.pk).resolution_note == "not\nspam"
    note = moderation_note_create(aimodel=aimodel, author=moderator, text="please\r\nfix")
    assert ModerationNote.objects.get(pk=note.pk).text == "please\nfix"
    assert AuditEntry.objects.filter(aimodel=aimodel, action="note").get().message == "please\nfix"


def test_moderation_text_too_long_after_normalising_is_refused(aimodel, bob):
    with pytest.raises(ValidationError) as excinfo:
        report_create(aimodel=aimodel, reporter=bob, reason="spam", text="ab\r\n" * 667 + "x")  # 2002 after LF
    assert "text" in excinfo.value.message_dict
    assert not Report.objects.exists()
    report = report_create(aimodel=aimodel, reporter=bob, reason="spam", text="a\r\n" * 1000)  # 2000 after LF
    assert len(Report.objects.get(pk=report.pk).text) == 1999  # stripped: the last LF goes
