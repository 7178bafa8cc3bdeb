"""Messages and titles in words a person uses: a model is "alice/resnet" (or "resnet in alice"),
never its API resource name; the ID's rule is a hint under the input before any error."""

import re

import pytest

from modelhub.services import aimodel_hide
from modelhub.validators import ID_RULE
from tests.web_helpers import edit_form_data

pytestmark = pytest.mark.django_db


def said(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_admins_model_page_title_is_the_models_handle(client, superuser, aimodel):
    client.force_login(superuser)
    body = client.get(f"/admin/modelhub/aimodel/{aimodel.pk}/change/").content.decode()
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
    assert title.startswith("alice/resnet |") and "namespaces/" not in title


def test_a_moderators_hide_message_names_the_model_as_people_do(client, moderator, aimodel):
    client.force_login(moderator)
    data = {"hide-note": "Spam.", "hide-confirmed": "yes"}
    response = client.post(f"/moderation/models/{aimodel.pk}/hide/", data, follow=True)
    assert said(response)[-1] == "alice/resnet is hidden: private, and its owner cannot publish it."


def test_the_id_hint_is_under_the_input_before_any_error(client, alice, aimodel):
    client.force_login(alice)
    for path in ("/namespaces/alice/models/new/", "/namespaces/alice/models/resnet/edit/"):
        body = client.get(path).content.decode()
        field = re.search(r'<input[^>]*name="model_id"[^>]*>', body).group(0)
        hint_id = re.search(r'aria-describedby="([^" ]+)', field).group(1)
        assert re.search(rf'id="{hint_id}"[^>]*>\s*{re.escape(ID_RULE)}', body), path


def test_a_bad_id_is_refused_in_words_and_nothing_is_saved(client, alice, aimodel):
    client.force_login(alice)
    response = client.post("/namespaces/alice/models/resnet/edit/", edit_form_data(aimodel, model_id="-bad"))
    body = response.content.decode()
    assert response.status_code == 400 and "RFC-1034" not in body
    assert "Not a valid ID: use only letters, digits and hyphens, start with a letter" in body
    aimodel.refresh_from_db()
    assert aimodel.model_id == "resnet"


def test_renaming_and_saving_another_field_says_both(client, alice, aimodel):
    client.force_login(alice)
    data = edit_form_data(aimodel, model_id="resnet-v2", description="Second version.")
    response = client.post("/namespaces/alice/models/resnet/edit/", data, follow=True)
    assert said(response) == ["Renamed resnet to resnet-v2; the old address redirects. Saved: Description."]


def test_a_hidden_notice_on_the_owners_page_names_no_resource(client, alice, aimodel, moderator):
    aimodel_hide(aimodel=aimodel, actor=moderator, note="Spam.", share_note=True)
    client.force_login(alice)
    body = client.get("/namespaces/alice/models/resnet/").content.decode()
    panel = body.split('id="moderation-panel"')[1].split("</section>")[0]
    words = re.sub(r"<[^>]+>", " ", panel)  # what a person reads, not the links
    assert "Hidden by moderators" in words and "namespaces/" not in words


def test_an_admin_save_says_what_was_saved_once(client, superuser, aimodel):
    from tests.admin_support import change_url, form_data

    client.force_login(superuser)
    data = form_data(client.get(change_url(aimodel)))
    data["description"] = "Changed in the admin"
    response = client.post(change_url(aimodel), data, follow=True)
    assert said(response) == ["Saved alice/resnet: Description."]
    data = form_data(client.get(change_url(aimodel)))
    response = client.post(change_url(aimodel), {**data, "_continue": "1", "description": "Again"}, follow=True)
    assert said(response) == ["Saved alice/resnet: Description."]


def test_the_admins_audit_inline_reads_as_the_history_page(client, superuser, alice, aimodel):
    from modelhub.services import aimodel_update
    from tests.admin_support import change_url

    aimodel_update(aimodel=aimodel, changes={"task": "TASK_OCR"}, actor=alice, source="web")
    client.force_login(superuser)
    body = client.get(change_url(aimodel)).content.decode()
    inline = body.split('id="audit_entries-group"')[1].split("</fieldset>")[0]
    assert "<strong>Task</strong>:" in inline and "→ OCR" in inline and "<p>Edited</p>" in inline
    assert "TASK_OCR" not in inline and ": task" not in inline and "Update by alice" in inline
