"""A chosen image survives a failed save: checked, normalised, carried in a signed hidden
input, shown in the preview, and saved with the next save (edit page and admin)."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from modelhub.forms.pending_image import KEPT_HELP_TEXT, LOST_MESSAGE, sign_pending_image
from modelhub.services import aimodel_update
from tests.admin_support import change_url, form_data
from tests.support import fresh
from tests.web_helpers import edit_form_data, jpeg_bytes

pytestmark = pytest.mark.django_db


def edit_url(m):
    return reverse("aimodel-edit", args=[m.namespace.namespace_id, m.model_id])


def hidden_pending(response) -> str:
    match = re.search(r'name="pending_profile_image" value="([^"]*)"', response.content.decode())
    return html.unescape(match.group(1)) if match else ""


def preview_src(response) -> str:
    match = re.search(r'<img id="profile-image-preview"[^>]*?src="([^"]+)"', response.content.decode())
    return html.unescape(match.group(1)) if match else ""


def jpeg_upload(name="photo.jpg"):
    return SimpleUploadedFile(name, jpeg_bytes((900, 600), (10, 200, 90)), "image/jpeg")


def test_failed_save_keeps_the_chosen_image_in_the_preview_and_saves_it_next_time(client, alice, aimodel):
    client.force_login(alice)
    before = fresh(aimodel).profile_image
    data = edit_form_data(aimodel, source_url="not a url", profile_image=jpeg_upload())
    response = client.post(edit_url(aimodel), data)
    assert response.status_code == 400
    assert "source_url" in response.context["form"].errors
    kept = preview_src(response)
    assert kept.startswith("data:image/jpeg;base64,") and kept != before  # normalised by the server
    assert hidden_pending(response).startswith(kept + ":")  # signed
    assert KEPT_HELP_TEXT in html.unescape(response.content.decode())
    assert fresh(aimodel).profile_image == before  # nothing written yet
    # The browser's file input is empty now; the hidden input brings the image back.
    again = {**edit_form_data(aimodel, source_url="https://example.com/src")}
    again["pending_profile_image"] = hidden_pending(response)
    response = client.post(edit_url(aimodel), again, follow=True)
    assert "Saved: Source URL, Profile image." in response.content.decode()
    assert fresh(aimodel).profile_image == kept


def test_a_conflict_also_keeps_the_chosen_image(client, alice, aimodel):
    client.force_login(alice)
    data = edit_form_data(aimodel, description="Mine", profile_image=jpeg_upload())
    aimodel_update(aimodel=aimodel, changes={"description": "Theirs"}, actor=alice, source="api")
    response = client.post(edit_url(aimodel), data)
    assert response.status_code == 400
    assert preview_src(response).startswith("data:image/jpeg;base64,")
    assert hidden_pending(response)


def test_an_altered_hidden_image_is_refused_and_nothing_is_saved(client, alice, aimodel):
    client.force_login(alice)
    before = fresh(aimodel).profile_image
    forged = sign_pending_image("data:image/png;base64,AAAA")[:-2] + "xx"
    data = edit_form_data(aimodel, description="Changed", pending_profile_image=forged)
    response = client.post(edit_url(aimodel), data)
    assert response.status_code == 400
    assert response.context["form"].errors["profile_image"] == [LOST_MESSAGE]
    assert (fresh(aimodel).description, fresh(aimodel).profile_image) == (aimodel.description, before)
    assert hidden_pending(response) == ""


def test_an_unsigned_data_uri_in_the_hidden_input_is_refused(client, alice, aimodel):
    client.force_login(alice)
    data = edit_form_data(aimodel, pending_profile_image="data:image/png;base64,AAAA")
    response = client.post(edit_url(aimodel), data)
    assert response.context["form"].errors["profile_image"] == [LOST_MESSAGE]


def test_a_refused_new_file_replaces_the_kept_image_with_an_error(client, alice, aimodel):
    client.force_login(alice)
    first = client.post(edit_url(aimodel), edit_form_data(aimodel, source_url="bad", profile_image=jpeg_upload()))
    not_an_image = SimpleUploadedFile("notes.png", b"just some text", "image/png")
    data = edit_form_data(aimodel, pending_profile_image=hidden_pending(first), profile_image=not_an_image)
    response = client.post(edit_url(aimodel), data)
    assert response.status_code == 400
    assert response.context["form"].errors["profile_image"]
    assert hidden_pending(response) == ""  # the earlier choice is not saved behind the user's back
    assert fresh(aimodel).profile_image == aimodel.profile_image


def test_remove_wins_over_a_kept_image(client, alice, aimodel):
    client.force_login(alice)
    aimodel_update(
        aimodel=aimodel, changes={"profile_image": kept_uri(client, alice, aimodel)}, actor=alice, source="web"
    )
    first = client.post(edit_url(aimodel), edit_form_data(aimodel, source_url="bad", profile_image=jpeg_upload()))
    data = edit_form_data(aimodel, pending_profile_image=hidden_pending(first), remove_profile_image="on")
    response = client.post(edit_url(aimodel), data, follow=True)
    assert "Saved: Profile image." in response.content.decode()
    assert fresh(aimodel).profile_image == ""


def kept_uri(client, alice, aimodel) -> str:
    response = client.post(edit_url(aimodel), edit_form_data(aimodel, source_url="bad", profile_image=jpeg_upload()))
    return preview_src(response)


def test_admin_failed_save_keeps_the_chosen_image(client, superuser, aimodel):
    client.force_login(superuser)
    data = form_data(client.get(change_url(aimodel)))
    data.update(source_url="not a url", profile_image=jpeg_upload())
    response = client.post(change_url(aimodel), data)
    assert response.status_code == 200 and response.context["adminform"].form.errors
    pending = hidden_pending(response)
    assert pending.startswith("data:image/jpeg;base64,")
    kept = pending.rsplit(":", 1)[0]
    assert f'<img class="modelhub-thumbnail" src="{kept}" alt="The image you chose' in response.content.decode()
    assert KEPT_HELP_TEXT in html.unescape(response.content.decode())
    data = form_data(client.get(change_url(aimodel)))
    data.update(source_url="https://example.com/src", pending_profile_image=pending)
    assert client.post(change_url(aimodel), data).status_code == 302
    assert fresh(aimodel).profile_image == kept
