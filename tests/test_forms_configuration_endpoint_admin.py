"""The Configuration editor in the admin (change and add forms), as a browser without JavaScript
posts it, and the in-place fields endpoint the script calls."""

import pytest
from django.urls import reverse

from modelhub.models import AuditEntry
from tests.admin_support import change_url
from tests.configuration_support import REPO, as_post, input_html, page_form, stored_configuration
from tests.support import snapshot

pytestmark = pytest.mark.django_db


def test_configuration_fields_endpoint_needs_a_login_and_post(client, alice, demo_definitions):
    url = reverse("configuration-fields")
    assert client.post(url, {"model_definition": "github"})["Location"].startswith("/accounts/login/")
    client.force_login(alice)
    assert client.get(url).status_code == 405


def test_configuration_fields_endpoint_renders_the_chosen_definitions_inputs(client, alice, demo_definitions):
    client.force_login(alice)
    url = reverse("configuration-fields")
    body = client.post(url, {"model_definition": "huggingface", "configuration#action": "load"}).content.decode()
    assert body.lstrip().startswith('<div class="configuration-editor')
    assert 'name="configuration.repo_id"' in body and 'value="main"' in body
    posted = {
        "model_definition": "github",
        "configuration#shown": "{}",
        "configuration#fields": "github",
        "configuration": "{}",
        REPO: "a/b",
        "configuration#action": "json",
    }
    body = client.post(url, posted).content.decode()
    assert '<div data-configuration-view="json">' in body and "&quot;repository&quot;: &quot;a/b&quot;" in body
    posted |= {"configuration": '{"repository": ', "configuration#action": "fields"}
    body = client.post(url, posted).content.decode()
    assert '<div data-configuration-view="json">' in body and "Invalid JSON at line 1" in body


def test_admin_change_form_shows_the_generated_inputs_and_saves_through_the_service(client, superuser, gh_model):
    client.force_login(superuser)
    body = client.get(change_url(gh_model)).content.decode()
    assert ">Repository<" in input_html(body, REPO)
    assert "js/configuration_form.js" in body
    data = page_form(body)
    data.setlist("configuration.tag", ["v1.1"])
    data.setlist("_save", ["Save"])
    response = client.post(change_url(gh_model), as_post(data))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert stored_configuration(client, gh_model)["tag"] == "v1.1"
    entry = AuditEntry.objects.get(aimodel=gh_model)
    assert (entry.source, list(entry.changes)) == ("admin", ["configuration"])


def test_admin_invalid_repository_is_shown_at_its_input_and_nothing_is_saved(client, superuser, gh_model):
    client.force_login(superuser)
    before = snapshot(gh_model)
    data = page_form(client.get(change_url(gh_model)).content.decode())
    data.setlist(REPO, ["nope"])
    response = client.post(change_url(gh_model), as_post(data))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Must look like owner/repository on GitHub" in input_html(body, REPO)
    assert snapshot(gh_model) == before


def test_configuration_fields_endpoint_costs_a_constant_number_of_queries(
    client, bob, demo_definitions, django_assert_num_queries
):
    client.force_login(bob)  # any signed-in user: definitions are public (GET /v1alpha/model-definitions)
    url = reverse("configuration-fields")
    with django_assert_num_queries(3):  # session, user, the definition
        response = client.post(url, {"model_definition": "github", "configuration#action": "load"})
    assert 'name="configuration.repository"' in response.content.decode()


def test_admin_add_form_has_the_generated_editor_and_its_load_fields_button(
    client, superuser, alice_ns, demo_definitions
):
    client.force_login(superuser)
    body = client.get(reverse("admin:modelhub_aimodel_add")).content.decode()
    assert "data-configuration-editor" in body and "Load fields" in body
    assert "js/configuration_form.js" in body
