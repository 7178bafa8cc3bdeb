"""Conflict messages on the edit page and in the admin: the other value as text, never a repr."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from modelhub.forms.conflicts import DIFF_LINES, conflict_message, line_diff
from modelhub.models import AIModel
from tests.admin_support import change_url, form_data
from tests.api_support import bearer, model_url, patch_json
from tests.html_forms import form_data as html_form_data
from tests.web_helpers import edit_form_data

pytestmark = pytest.mark.django_db

EDIT = reverse("aimodel-edit", args=["alice", "resnet-50"])


@pytest.fixture
def resnet(demo_data):
    return AIModel.objects.select_related("namespace").get(namespace__namespace_id="alice", model_id="resnet-50")


@pytest.fixture
def demo_alice(demo_data):
    return get_user_model().objects.get(username="alice")


def assert_readable(message: str) -> None:
    assert "\\n" not in message and "\\r" not in message  # no escaped line breaks
    assert not any(token in message for token in ("'", "{'", "TASK_", "VISIBILITY_", "REGION_"))


def test_readme_conflict_shows_a_line_diff_and_keeps_the_typed_value(client, demo_alice, resnet):
    client.force_login(demo_alice)
    data = edit_form_data(resnet)  # the page as loaded
    theirs = resnet.readme.replace("## Usage", "## How to call it")
    patch_json(client, model_url(resnet), {"readme": theirs}, bearer(demo_alice))
    yours = resnet.readme.replace("## Details", "## Facts")
    data["readme"] = yours.replace("\n", "\r\n")  # as the browser sends it
    response = client.post(EDIT, data)
    assert response.status_code == 400
    (message,) = response.context["form"].errors["readme"]
    assert_readable(message)
    assert "Someone else changed README" in message
    assert "− ## How to call it" in message and "+ ## Usage" in message
    assert "− ## Details" in message and "+ ## Facts" in message
    page = html.unescape(response.content.decode())
    assert "## Facts" in page  # the user's own text is still in the textarea
    assert AIModel.objects.get(pk=resnet.pk).readme == theirs  # nothing written
    # Saving again, as the message offers, replaces theirs with the user's text.
    again = {**data, "loaded_state": response.context["form"].data["loaded_state"]}
    assert client.post(EDIT, again).status_code == 302
    assert AIModel.objects.get(pk=resnet.pk).readme == yours


def test_one_line_conflict_shows_a_short_quoted_preview(client, demo_alice, resnet):
    client.force_login(demo_alice)
    data = edit_form_data(resnet, license="MIT")
    patch_json(client, model_url(resnet), {"license": "BSD-3-Clause"}, bearer(demo_alice))
    response = client.post(EDIT, data)
    (message,) = response.context["form"].errors["license"]
    assert_readable(message)
    assert "It is now “BSD-3-Clause”." in message


def test_long_one_line_value_is_cut_short(client, demo_alice, resnet):
    message = conflict_message("license", "License", "x" * 250, "MIT")
    assert "x" * 120 + "…”" in message and "x" * 121 not in message


def test_choice_conflicts_name_the_title_not_the_code(client, demo_alice, resnet):
    client.force_login(demo_alice)
    data = edit_form_data(resnet, task="TASK_OCR", region="REGION_LOCAL", hardware="GPU")
    patch_json(client, model_url(resnet), {"task": "TASK_DETECTION", "hardware": "NVIDIA_L4"}, bearer(demo_alice))
    response = client.post(EDIT, data)
    errors = response.context["form"].errors
    assert "It is now Object Detection." in errors["task"][0]
    assert "It is now NVIDIA L4." in errors["hardware"][0]
    for field in ("task", "hardware"):
        assert_readable(errors[field][0])


def test_configuration_conflict_is_a_diff_of_pretty_json(client, demo_alice, resnet):
    client.force_login(demo_alice)
    data = edit_form_data(resnet, configuration='{"repository": "instill-ai/model-resnet-50", "tag": "v3"}')
    body = {"configuration": {"repository": "instill-ai/model-resnet-50", "tag": "v2"}}
    patch_json(client, model_url(resnet), body, bearer(demo_alice))
    response = client.post(EDIT, data)
    (message,) = response.context["form"].errors["configuration"]
    assert '−   "tag": "v2"' in message and '+   "tag": "v3"' in message
    assert "{'" not in message


def test_admin_conflict_message_is_readable(client, demo_data, resnet):
    client.force_login(get_user_model().objects.get(username="admin"))
    data = form_data(client.get(change_url(resnet)))
    data["description"] = "Mine"
    aimodel = AIModel.objects.get(pk=resnet.pk)
    patch_json(
        client,
        model_url(aimodel),
        {"description": "Theirs,\nover two lines"},
        bearer(get_user_model().objects.get(username="alice")),
    )
    response = client.post(change_url(resnet), data)
    assert response.status_code == 200
    (message,) = response.context["adminform"].form.errors["description"]
    assert_readable(message)
    assert "− Theirs," in message and "+ Mine" in message


def test_image_conflict_says_what_happened_without_the_data():
    assert "They chose another image." in conflict_message(
        "profile_image", "Profile image", "data:image/png;base64,AA", ""
    )
    assert "They removed the image." in conflict_message("profile_image", "Profile image", "", "data:x")
    assert "base64" not in conflict_message("profile_image", "Profile image", "data:image/png;base64,AA", "")


def test_line_diff_is_bounded():
    diff = line_diff([f"a{n}" for n in range(200)], [f"b{n}" for n in range(200)])
    lines = diff.split("\n")
    assert len(lines) == DIFF_LINES + 1 and lines[-1].startswith("… and ")


def test_line_diff_names_blank_lines():
    assert line_diff(["a", "", "b"], ["a", "b"]) == "…\n  a\n− (blank line)\n  b"


def test_the_error_summary_names_a_readme_conflict_in_one_sentence_and_the_field_has_the_diff(
    client, demo_alice, resnet
):
    """The page as Chromium posts it (read from its HTML, textareas with CRLF), a README change
    by the API meanwhile, and the user's own README edit: the summary at the top is one readable
    sentence linking to the field; the line diff is at the field, line by line."""
    client.force_login(demo_alice)
    data = html_form_data(client.get(EDIT).content.decode(), id="settings-form-documentation")
    assert "\r\n" in data["readme"]  # as a browser sends a textarea
    patch_json(client, model_url(resnet), {"readme": resnet.readme + "\nAdded by a script.\n"}, bearer(demo_alice))
    data["readme"] = data["readme"] + "\r\nAdded by me.\r\n"
    response = client.post(EDIT, data)
    assert response.status_code == 400
    page = response.content.decode()
    summary = re.search(r'id="error-summary".*?</ul>', page, re.S).group(0)
    (item,) = re.findall(r"<li>(.*?)</li>", summary, re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", item))
    assert text == (
        "README: Someone else changed README after you opened this page, and your change was not saved. "
        "Save again to replace theirs with yours. (details at the field)"
    )
    assert 'href="#id_readme"' in item
    field_error = html.unescape(re.search(r'id="error_1_id_readme"[^>]*>(.*?)</span>', page, re.S).group(1))
    assert "Their version against yours (− theirs, + yours):\n" in field_error
    assert "\n− Added by a script." in field_error and "\n+ Added by me." in field_error


def test_a_forged_form_state_is_named_in_the_error_summary(client, demo_alice, resnet):
    client.force_login(demo_alice)
    data = html_form_data(client.get(EDIT).content.decode(), id="settings-form-general")
    data["loaded_state"], data["description"] = "forged", "Mine"
    response = client.post(EDIT, data)
    assert response.status_code == 400
    summary = re.search(r'id="error-summary".*?</ul>', response.content.decode(), re.S).group(0)
    assert "This form is out of date or was altered; reload the page." in summary
    assert AIModel.objects.get(pk=resnet.pk).description == resnet.description
