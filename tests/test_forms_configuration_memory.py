"""Switching the model definition keeps what was entered for the one before, for the visit, and
says what does not carry over: through the in-place endpoint (the script's path) and through the
page without JavaScript; the editor as a plain object; bad memory posted is ignored, never saved."""

import json
import re

import pytest
from django.urls import reverse

from modelhub.forms.configuration import ConfigurationEditor
from modelhub.models import AIModel
from tests.admin_support import change_url
from tests.api_support import model_url
from tests.configuration_support import as_post, page_form
from tests.factories import AIModelFactory, ModelDefinitionFactory
from tests.support import snapshot

pytestmark = pytest.mark.django_db
GH = {"repository": "instill-ai/model-resnet-50", "tag": "v1.0"}


def edit_url(aimodel) -> str:
    return reverse("aimodel-edit", args=[aimodel.namespace.namespace_id, aimodel.model_id])


def value_of(body: str, name: str) -> str:
    match = re.search(rf'name="{re.escape(name)}" id="[^"]*" value="([^"]*)"', body)
    assert match, f"no input {name}"
    return match.group(1)


def notice(body: str) -> str:
    match = re.search(r"data-configuration-notice[^>]*>(.*?)</p>", body, re.S)
    return match.group(1) if match else ""


def load(data):
    """The form as posted by pressing "Load fields"."""
    data = data.copy()
    data.setlist("configuration#action", ["load"])
    return data


def stored(client, aimodel) -> tuple[str, dict]:
    model = client.get(model_url(aimodel), {"view": "VIEW_FULL"}).json()["model"]
    return model["modelDefinition"], model["configuration"]


# --- the plain object ---------------------------------------------------------------------


def test_the_editor_is_built_from_a_definition_a_value_and_post_data(demo_definitions):
    github, hf = demo_definitions["github"], demo_definitions["huggingface"]
    shown = ConfigurationEditor.showing(github, GH)
    assert (shown.value, shown.view, shown.action, shown.notice) == (GH, "fields", None, "")
    posted = {
        "model_definition": "huggingface",
        "configuration": json.dumps(GH),
        "configuration#shown": json.dumps(GH),
        "configuration#fields": "github",
        "configuration.repository": "acme/yolo",
        "configuration.tag": "v2",
        "configuration#action": "load",
    }
    editor = ConfigurationEditor.from_post(posted, definition=hf, previous=github)
    assert editor.action == "load" and editor.value == {"revision": "main"}  # HF's default, nothing else
    assert editor.kept == {"github": {"repository": "acme/yolo", "tag": "v2"}}  # what was typed, not what was stored
    assert editor.notice == (
        "Showing the settings of Hugging Face. Nothing was saved yet. Not carried over: Repository and Tag, "
        "settings of GitHub only; choose GitHub again to get them back."
    )
    assert editor.configuration() == {"revision": "main"}  # an action is no error; the page decides not to save


# --- the in-place endpoint (the script's path) --------------------------------------------


def test_github_to_hugging_face_and_back_through_the_endpoint_keeps_repository_and_tag(client, alice, demo_definitions):
    client.force_login(alice)
    url = reverse("configuration-fields")
    body = client.post(url, {"model_definition": "github", "configuration#action": "load"}).content.decode()
    posted = dict(page_form(f'<form method="post">{body}</form>').items())
    posted |= {"model_definition": "huggingface", "configuration.repository": "acme/yolo", "configuration.tag": "v7"}
    body = client.post(url, posted | {"configuration#action": "load"}).content.decode()
    assert 'name="configuration.repo_id"' in body and "configuration.repository" not in body
    assert "Not carried over: Repository and Tag, settings of GitHub only" in notice(body)
    posted = dict(page_form(f'<form method="post">{body}</form>').items())
    posted |= {"model_definition": "github", "configuration.repo_id": "acme/bert"}
    body = client.post(url, posted | {"configuration#action": "load"}).content.decode()
    assert value_of(body, "configuration.repository") == "acme/yolo"
    assert value_of(body, "configuration.tag") == "v7"
    assert notice(body) == "Showing the settings of GitHub as you left them. Nothing was saved yet."
    posted = dict(page_form(f'<form method="post">{body}</form>').items()) | {"model_definition": "huggingface"}
    body = client.post(url, posted | {"configuration#action": "load"}).content.decode()
    assert value_of(body, "configuration.repo_id") == "acme/bert"  # and Hugging Face's, both ways


@pytest.mark.parametrize(
    "kept",
    ["not json", "[1, 2]", '{"github": ', json.dumps({"github": "a string"}), "x" * 500_000],
    ids=["text", "a list", "cut", "not an object", "too long"],
)
def test_memory_that_is_not_an_object_of_values_is_ignored(client, alice, demo_definitions, kept):
    client.force_login(alice)
    posted = {"model_definition": "github", "configuration#fields": "huggingface", "configuration#kept": kept}
    posted["configuration#action"] = "load"
    response = client.post(reverse("configuration-fields"), posted)
    assert response.status_code == 200
    body = response.content.decode()
    if kept.startswith('{"github": "'):  # a value of another type: shown as JSON to correct, not dropped
        assert "a string" in body
    else:
        assert 'name="configuration.repository"' in body and 'value=""' in body


# --- the page without JavaScript ----------------------------------------------------------


def test_without_js_github_to_hugging_face_and_back_keeps_what_was_typed_and_saves_it(client, alice, gh_model):
    client.force_login(alice)
    before = snapshot(gh_model)
    data = page_form(client.get(edit_url(gh_model)).content.decode())
    data.setlist("configuration.tag", ["v2.0"])
    data.setlist("model_definition", ["huggingface"])
    response = client.post(edit_url(gh_model), as_post(load(data)))
    body = response.content.decode()
    assert response.status_code == 200 and "Not carried over: Repository and Tag" in notice(body)
    assert 'id="error-summary"' not in body  # nothing was checked: a request for other inputs is no save
    data = page_form(body)
    data.setlist("model_definition", ["github"])
    body = client.post(edit_url(gh_model), as_post(load(data))).content.decode()
    assert value_of(body, "configuration.repository") == GH["repository"]
    assert value_of(body, "configuration.tag") == "v2.0"
    assert snapshot(gh_model) == before
    response = client.post(edit_url(gh_model), as_post(page_form(body)))
    assert response.status_code == 302
    assert stored(client, gh_model) == ("model-definitions/github", {**GH, "tag": "v2.0"})


def test_saving_with_another_definition_chosen_but_its_settings_not_loaded_says_so_and_saves_nothing(
    client, alice, gh_model
):
    client.force_login(alice)
    before = snapshot(gh_model)
    data = page_form(client.get(edit_url(gh_model)).content.decode())
    data.setlist("model_definition", ["huggingface"])
    response = client.post(edit_url(gh_model), as_post(data))
    body = response.content.decode()
    assert response.status_code == 400
    assert "The settings shown were those of GitHub: fill in those of Hugging Face, then save." in body
    assert 'name="configuration.repo_id"' in body and "Not carried over: Repository and Tag" in notice(body)
    assert snapshot(gh_model) == before
    data = page_form(body)  # the memory travels: GitHub again brings back what was there
    data.setlist("model_definition", ["github"])
    body = client.post(edit_url(gh_model), as_post(load(data))).content.decode()
    assert value_of(body, "configuration.repository") == GH["repository"]


def test_a_remembered_value_is_still_checked_when_saved(client, alice, gh_model):
    client.force_login(alice)
    before = snapshot(gh_model)
    data = page_form(client.get(edit_url(gh_model)).content.decode())
    data.setlist("model_definition", ["github"])
    data.setlist("configuration#kept", [json.dumps({"huggingface": {"repo_id": "not a repo"}})])
    data.setlist("model_definition", ["huggingface"])
    body = client.post(edit_url(gh_model), as_post(load(data))).content.decode()
    assert value_of(body, "configuration.repo_id") == "not a repo"
    response = client.post(edit_url(gh_model), as_post(page_form(body)))
    assert response.status_code == 400
    assert "Repo id: must look like owner/model on the Hugging Face Hub" in response.content.decode()
    assert snapshot(gh_model) == before
    assert AIModel.objects.get(pk=gh_model.pk).model_definition_id == "github"


def test_admin_without_js_load_fields_shows_the_form_again_and_saves_nothing(client, superuser, gh_model):
    client.force_login(superuser)
    before = snapshot(gh_model)
    data = page_form(client.get(change_url(gh_model)).content.decode())
    data.setlist("model_definition", ["huggingface"])
    data.setlist("description", ["not saved"])
    response = client.post(change_url(gh_model), as_post(load(data)))
    body = response.content.decode()
    assert response.status_code == 200 and 'name="configuration.repo_id"' in body
    assert "Not carried over: Repository and Tag" in notice(body)
    assert "errornote" not in body  # no "Please correct the errors below."
    assert snapshot(gh_model) == before
    data = page_form(body)
    data.setlist("configuration.repo_id", ["acme/bert"])
    assert client.post(change_url(gh_model), as_post(data)).status_code == 302
    assert stored(client, gh_model) == (
        "model-definitions/huggingface",
        {"repo_id": "acme/bert", "revision": "main"},
    )


def test_without_js_a_region_that_does_not_offer_the_hardware_is_refused_at_hardware_and_nothing_is_saved(
    client, alice, alice_ns, demo_definitions
):
    local = AIModelFactory(
        namespace=alice_ns, model_id="yolov7", model_definition=demo_definitions["container"], configuration={},
        region_id="REGION_LOCAL", hardware="GPU",
    )  # fmt: skip
    client.force_login(alice)
    before = snapshot(local)
    data = page_form(client.get(edit_url(local)).content.decode(), "settings-form-deployment")
    assert (data["region"], data["hardware"]) == ("REGION_LOCAL", "GPU")
    data.setlist("region", ["REGION_GCP_EUROPE_WEST4"])  # the Hardware options cannot follow without JavaScript
    response = client.post(edit_url(local), as_post(data))
    body = response.content.decode()
    assert response.status_code == 400
    hardware = re.search(r'<select name="hardware".*?</select>', body, re.S).group(0)
    assert ">NVIDIA L4</option>" in hardware and ">GPU<" not in hardware  # the new region's options, to choose from
    assert re.search(r'id="error_\d+_id_hardware"[^>]*>.*?is not available', body, re.S)
    assert snapshot(local) == before


def test_titles_in_the_notice_and_the_kept_values_are_escaped(client, alice, demo_definitions):
    spec = {"type": "object", "properties": {"x": {"type": "string", "title": "<b>bold</b>"}}}
    ModelDefinitionFactory(definition_id="hostile", title="<em>Hostile</em>", model_spec=spec)
    client.force_login(alice)
    posted = {
        "model_definition": "github",
        "configuration#fields": "hostile",
        "configuration#shown": "{}",
        "configuration": "{}",
        "configuration.x": '"><script>alert(1)</script>',
        "configuration#action": "load",
    }
    body = client.post(reverse("configuration-fields"), posted).content.decode()
    assert "Not carried over: &lt;b&gt;bold&lt;/b&gt;, a setting of &lt;em&gt;Hostile&lt;/em&gt; only" in body
    assert "<script>" not in body and "<b>bold" not in body and "<em>Hostile" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body  # kept for the way back, as text
