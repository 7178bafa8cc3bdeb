"""The Configuration editor on the edit page and the new-model page, as a browser without JavaScript
posts it (the generated input names)."""

import json
import re

import pytest
from django.urls import reverse

from modelhub.models import AIModel, AuditEntry
from tests.configuration_support import REPO, as_post, input_html, page_form, stored_configuration
from tests.factories import AIModelFactory, ModelDefinitionFactory
from tests.support import snapshot

pytestmark = pytest.mark.django_db


def edit_url(aimodel) -> str:
    return reverse("aimodel-edit", args=[aimodel.namespace.namespace_id, aimodel.model_id])


def test_edit_page_shows_the_definitions_inputs_and_a_hidden_json_view(client, alice, gh_model):
    client.force_login(alice)
    body = client.get(edit_url(gh_model)).content.decode()
    repository = input_html(body, REPO)
    assert '<label class="form-label" for="' in repository and ">Repository<" in repository
    assert 'value="instill-ai/model-resnet-50"' in repository and " required" in repository
    assert "owner/repository on GitHub" in repository
    assert ">Tag<" in input_html(body, "configuration.tag")
    assert re.search(r'<div data-configuration-view="json" hidden>', body)
    assert re.search(r"<fieldset>\s*<legend[^>]*>\s*Configuration<", body)  # the editor: one fieldset


def test_no_js_post_of_the_generated_inputs_saves_only_configuration(client, alice, gh_model):
    client.force_login(alice)
    data = page_form(client.get(edit_url(gh_model)).content.decode())
    data.setlist("configuration.tag", ["v2.0"])
    response = client.post(edit_url(gh_model), as_post(data))
    assert response.status_code == 302
    assert stored_configuration(client, gh_model) == {"repository": "instill-ai/model-resnet-50", "tag": "v2.0"}
    entry = AuditEntry.objects.get(aimodel=gh_model)
    assert list(entry.changes) == ["configuration"]


def test_round_trip_unchanged_page_saves_nothing(client, alice, gh_model):
    client.force_login(alice)
    before = snapshot(gh_model)
    data = page_form(client.get(edit_url(gh_model)).content.decode())
    response = client.post(edit_url(gh_model), as_post(data), follow=True)
    assert "Nothing changed in Configuration; nothing was saved." in response.content.decode()
    assert snapshot(gh_model) == before


def test_invalid_repository_is_shown_under_its_input_in_words_and_nothing_is_saved(client, alice, gh_model):
    client.force_login(alice)
    before = snapshot(gh_model)
    data = page_form(client.get(edit_url(gh_model)).content.decode())
    data.setlist(REPO, ["not a repo"])
    data.setlist("configuration.tag", [""])
    data.setlist("description", ["should not be saved"])
    response = client.post(edit_url(gh_model), as_post(data))
    assert response.status_code == 400
    body = response.content.decode()
    repository = input_html(body, REPO)
    assert 'value="not a repo"' in repository and "is-invalid" in repository
    assert "Must look like owner/repository on GitHub" in repository
    assert "Required" in input_html(body, "configuration.tag")
    assert "Repository: must look like owner/repository on GitHub" in body  # the summary, in words
    assert "Tag: required" in body
    assert "$.repository: &#x27;not a repo&#x27; does not match" in body  # raw path kept for the JSON view
    assert snapshot(gh_model) == before
    assert stored_configuration(client, gh_model)["repository"] == "instill-ai/model-resnet-50"


def test_changed_json_view_wins_over_the_unchanged_inputs(client, alice, gh_model):
    client.force_login(alice)
    data = page_form(client.get(edit_url(gh_model)).content.decode())
    data.setlist("configuration", [json.dumps({"repository": "acme/other", "tag": "v9"})])
    assert client.post(edit_url(gh_model), as_post(data)).status_code == 302
    assert stored_configuration(client, gh_model) == {"repository": "acme/other", "tag": "v9"}


def test_view_switch_without_js_shows_json_and_saves_nothing(client, alice, gh_model):
    client.force_login(alice)
    before = snapshot(gh_model)
    data = page_form(client.get(edit_url(gh_model)).content.decode())
    data.setlist("configuration.tag", ["v3"])
    data.setlist("configuration#action", ["json"])
    response = client.post(edit_url(gh_model), as_post(data))
    body = response.content.decode()
    assert response.status_code == 200 and "Nothing was saved yet" in body  # shown as asked: no error
    assert '<div data-configuration-view="fields" hidden>' in body
    assert '<div data-configuration-view="json">' in body
    assert "&quot;tag&quot;: &quot;v3&quot;" in body  # the JSON view says what the inputs said
    assert snapshot(gh_model) == before
    # then saving from the JSON view, unchanged, stores what it shows
    data = page_form(body)
    assert client.post(edit_url(gh_model), as_post(data)).status_code == 302
    assert stored_configuration(client, gh_model)["tag"] == "v3"


def test_load_fields_without_js_swaps_to_the_new_definitions_inputs_and_saves_nothing(client, alice, gh_model):
    client.force_login(alice)
    before = snapshot(gh_model)
    data = page_form(client.get(edit_url(gh_model)).content.decode())
    data.setlist("model_definition", ["huggingface"])
    data.setlist("configuration#action", ["load"])
    response = client.post(edit_url(gh_model), as_post(data))
    body = response.content.decode()
    assert response.status_code == 200 and "Showing the settings of Hugging Face" in body
    assert 'name="configuration.repo_id"' in body and REPO not in body
    assert 'value="main"' in input_html(body, "configuration.revision")  # its default, prefilled
    assert snapshot(gh_model) == before
    data = page_form(body)
    data.setlist("configuration.repo_id", ["acme/bert"])
    assert client.post(edit_url(gh_model), as_post(data)).status_code == 302
    row = AIModel.objects.get(pk=gh_model.pk)
    assert row.model_definition_id == "huggingface"
    assert stored_configuration(client, gh_model) == {"repo_id": "acme/bert", "revision": "main"}


def test_saving_after_changing_definition_without_loading_its_fields_saves_nothing(client, alice, gh_model):
    client.force_login(alice)
    before = snapshot(gh_model)
    data = page_form(client.get(edit_url(gh_model)).content.decode())
    data.setlist("model_definition", ["huggingface"])
    response = client.post(edit_url(gh_model), as_post(data))
    assert response.status_code == 400
    assert 'name="configuration.repo_id"' in response.content.decode()
    assert snapshot(gh_model) == before


def test_json_that_does_not_parse_in_a_subtree_or_the_json_view_is_an_error_and_keeps_the_text(client, alice, alice_ns):
    spec = {"type": "object", "properties": {"extra": {"anyOf": [{"type": "object"}, {"type": "string"}]}}}
    definition = ModelDefinitionFactory(definition_id="mixed", title="Mixed", model_spec=spec)
    m = AIModelFactory(namespace=alice_ns, model_id="mixed-model", model_definition=definition, configuration={})
    client.force_login(alice)
    before = snapshot(m)
    data = page_form(client.get(edit_url(m)).content.decode())
    data.setlist("configuration.extra", ['{"a": '])
    body = client.post(edit_url(m), as_post(data)).content.decode()
    extra = input_html(body, "configuration.extra")
    assert "Invalid JSON at line 1, column 7" in extra and "{&quot;a&quot;: </textarea>" in extra
    assert "Extra: Invalid JSON at line 1" in body
    assert snapshot(m) == before


def test_new_model_with_github_through_load_fields_and_the_generated_inputs(client, alice, demo_definitions):
    client.force_login(alice)
    new_url = reverse("aimodel-new", args=["alice"])
    body = client.get(new_url).content.decode()
    assert "Container takes no settings." in body
    data = page_form(body)
    data.setlist("model_id", ["from-github"])
    data.setlist("task", ["TASK_CLASSIFICATION"])
    data.setlist("model_definition", ["github"])
    data.setlist("configuration#action", ["load"])
    body = client.post(new_url, as_post(data)).content.decode()
    assert not AIModel.objects.filter(model_id="from-github").exists()
    data = page_form(body)
    data.setlist(REPO, ["acme/yolo"])
    data.setlist("configuration.tag", ["v7"])
    response = client.post(new_url, as_post(data))
    assert response.status_code == 302, re.findall(r"invalid-feedback[^>]*>(.*?)</", response.content.decode(), re.S)
    created = AIModel.objects.get(model_id="from-github")
    assert stored_configuration(client, created) == {"repository": "acme/yolo", "tag": "v7"}


def test_hostile_titles_descriptions_and_property_names_are_escaped_and_odd_names_round_trip(client, alice, alice_ns):
    spec = {
        "type": "object",
        "properties": {
            '"><script>alert(1)</script>': {"type": "string", "title": "<b>bold</b>", "description": "<img src=x>"},
            "a.b#c~d": {"type": "string"},
            "choice": {"enum": ["<i>x</i>", 1]},
        },
    }
    definition = ModelDefinitionFactory(definition_id="hostile", title="<em>Hostile</em>", model_spec=spec)
    value = {'"><script>alert(1)</script>': "v", "a.b#c~d": "dots", "choice": 1}
    m = AIModelFactory(namespace=alice_ns, model_id="hostile-model", model_definition=definition, configuration=value)
    client.force_login(alice)
    body = client.get(edit_url(m)).content.decode()
    assert "<script>alert(1)" not in body and "<b>bold</b>" not in body and "<img src=x>" not in body
    assert "<em>Hostile</em>" not in body and "<i>x</i>" not in body
    assert "&lt;b&gt;bold&lt;/b&gt;" in body
    data = page_form(body)
    data.setlist("configuration.a~1b~2c~0d", ["changed"])
    assert client.post(edit_url(m), as_post(data)).status_code == 302
    assert stored_configuration(client, m) == {**value, "a.b#c~d": "changed"}


def test_defaults_prefill_only_new_models_and_absent_optional_values_stay_absent(
    client, alice, alice_ns, demo_definitions
):
    hf = demo_definitions["huggingface"]
    m = AIModelFactory(namespace=alice_ns, model_id="bert", model_definition=hf, configuration={"repo_id": "acme/bert"})
    client.force_login(alice)
    body = client.get(edit_url(m)).content.decode()
    assert 'value="main"' not in input_html(body, "configuration.revision")  # a stored model: no default slipped in
    before = snapshot(m)
    data = page_form(body)
    response = client.post(edit_url(m), as_post(data), follow=True)
    assert "Nothing changed in Configuration; nothing was saved." in response.content.decode()
    assert snapshot(m) == before
    general = page_form(body, "settings-form-general")  # the description is General's
    general.setlist("description", ["Only the description"])
    assert client.post(edit_url(m), as_post(general)).status_code == 302
    assert stored_configuration(client, m) == {"repo_id": "acme/bert"}  # no "revision": "main", "" or null
    assert list(AuditEntry.objects.filter(aimodel=m).latest("pk").changes) == ["description"]

    m2 = AIModelFactory(
        namespace=alice_ns, model_id="bert-2", model_definition=hf, configuration={"repo_id": "a/b", "revision": "v1"}
    )
    data = page_form(client.get(edit_url(m2)).content.decode())
    data.setlist("configuration.revision", [""])  # emptied: left out
    assert client.post(edit_url(m2), as_post(data)).status_code == 302
    assert stored_configuration(client, m2) == {"repo_id": "a/b"}

    new_url = reverse("aimodel-new", args=["alice"])
    data = page_form(client.get(new_url).content.decode())
    data.setlist("model_definition", ["huggingface"])
    data.setlist("configuration#action", ["load"])
    body = client.post(new_url, as_post(data)).content.decode()
    assert 'value="main"' in input_html(body, "configuration.revision")  # a new model: the default, prefilled


def test_a_oneof_subtree_is_edited_as_json_and_the_rest_is_kept(client, alice, alice_ns):
    from tests.configuration_support import RICH_SPEC, RICH_VALUE

    definition = ModelDefinitionFactory(definition_id="rich", title="Rich", model_spec=RICH_SPEC)
    m = AIModelFactory(namespace=alice_ns, model_id="rich-model", model_definition=definition, configuration=RICH_VALUE)
    client.force_login(alice)
    body = client.get(edit_url(m)).content.decode()
    backend = input_html(body, "configuration.backend")
    assert "<textarea" in backend and "&quot;url&quot;: &quot;http://b&quot;" in backend
    data = page_form(body)
    data.setlist("configuration.backend", ['{"url": "http://c"}'])
    assert client.post(edit_url(m), as_post(data)).status_code == 302
    assert stored_configuration(client, m) == {**RICH_VALUE, "backend": {"url": "http://c"}}
    data = page_form(client.get(edit_url(m)).content.decode())
    data.setlist("configuration.backend", ["42"])  # neither a string nor an object: jsonschema says so, there
    before = snapshot(m)
    response = client.post(edit_url(m), as_post(data))
    assert response.status_code == 400 and "is-invalid" in input_html(
        response.content.decode(), "configuration.backend"
    )
    assert snapshot(m) == before
