"""The settings page's sections save on their own: each writes only its fields, back to its section."""

import html
import re

import pytest
from django.urls import reverse

from modelhub.models import AuditEntry, Task, Visibility
from tests.api_support import bearer, model_url, patch_json
from tests.html_forms import form_data
from tests.support import fresh

pytestmark = pytest.mark.django_db


def edit_url(aimodel, model_id=None):
    return reverse("aimodel-edit", args=[aimodel.namespace.namespace_id, model_id or aimodel.model_id])


def section_data(client, aimodel, key: str) -> dict:
    """One section's form as the page shows it now, ready to post back."""
    return form_data(client.get(edit_url(aimodel)).content.decode(), id=f"settings-form-{key}")


def test_saving_general_writes_only_its_fields_and_returns_to_the_section(client, alice, aimodel):
    client.force_login(alice)
    data = section_data(client, aimodel, "general")
    assert data["section"] == "general"
    assert "task" not in data and "readme" not in data  # other sections' inputs are in their own forms
    response = client.post(edit_url(aimodel), {**data, "description": "Edited here."})
    assert response.status_code == 302
    assert response["Location"] == edit_url(aimodel) + "#section-general"
    assert fresh(aimodel).description == "Edited here."
    assert list(AuditEntry.objects.filter(aimodel=aimodel).latest("pk").changes) == ["description"]
    page = client.get(response["Location"]).content.decode()
    saved = re.search(r'data-testid="section-saved">([^<]*)<', page).group(1)
    assert html.unescape(saved) == "Saved General settings of alice/resnet: Description."
    general = page[page.index('id="section-general"') : page.index('id="section-configuration"')]
    assert 'data-testid="section-saved"' in general  # said where the page returns to
    assert 'data-testid="section-saved"' not in client.get(edit_url(aimodel)).content.decode()  # said once


def test_a_section_post_ignores_the_fields_of_other_sections(client, alice, aimodel):
    client.force_login(alice)
    data = section_data(client, aimodel, "general")
    other_task = next(value for value, _ in Task.choices if value and value != aimodel.task)
    posted = {**data, "tags": "vision", "task": other_task, "readme": "# Not mine", "model_id": "", "visibility": "x"}
    response = client.post(edit_url(aimodel), posted)
    assert response.status_code == 302  # the other sections' fields, even invalid ones, are not read
    stored = fresh(aimodel)
    assert stored.tags == ["vision"]
    assert (stored.task, stored.readme, stored.model_id) == (aimodel.task, aimodel.readme, aimodel.model_id)
    assert list(AuditEntry.objects.filter(aimodel=aimodel).latest("pk").changes) == ["tags"]


def test_bad_input_in_a_section_is_refused_in_words_and_nothing_changes(client, alice, aimodel):
    client.force_login(alice)
    data = section_data(client, aimodel, "documentation")
    count = AuditEntry.objects.filter(aimodel=aimodel).count()
    response = client.post(edit_url(aimodel), {**data, "source_url": "not an address", "license": "MIT"})
    assert response.status_code == 400
    page = response.content.decode()
    summary = page[page.index('id="error-summary"') : page.index("</ul>", page.index('id="error-summary"'))]
    assert "Source URL" in summary and "Nothing was saved" in page
    assert 'value="not an address"' in page  # what was typed is shown again
    stored = fresh(aimodel)
    assert (stored.source_url, stored.license) == (aimodel.source_url, aimodel.license)
    assert AuditEntry.objects.filter(aimodel=aimodel).count() == count


def test_a_conflict_in_a_section_names_its_field(client, alice, aimodel):
    client.force_login(alice)
    data = section_data(client, aimodel, "general")
    patch_json(client, model_url(aimodel), {"description": "Written by a script"}, bearer(alice))
    response = client.post(edit_url(aimodel), {**data, "description": "Mine", "tags": "ocr"})
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "Someone else changed Description after you opened this page" in page
    assert "Written by a script" in page
    stored = fresh(aimodel)
    assert (stored.description, stored.tags) == ("Written by a script", aimodel.tags)


def test_renaming_returns_to_the_danger_zone_of_the_new_address_and_keeps_the_visibility(client, alice, aimodel):
    client.force_login(alice)
    data = section_data(client, aimodel, "model_id")
    assert data["section"] == "model_id" and "visibility" not in data
    response = client.post(edit_url(aimodel), {**data, "model_id": "resnet-renamed", "visibility": "x"})
    assert response["Location"] == edit_url(aimodel, "resnet-renamed") + "#section-danger"
    stored = fresh(aimodel)
    assert (stored.model_id, stored.visibility) == ("resnet-renamed", aimodel.visibility)
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "Renamed alice/resnet to alice/resnet-renamed; the old address redirects." in page


def test_changing_the_visibility_writes_only_the_visibility(client, alice, aimodel):
    client.force_login(alice)
    data = section_data(client, aimodel, "visibility")
    response = client.post(edit_url(aimodel), {**data, "visibility": Visibility.PRIVATE, "model_id": "other"})
    assert response["Location"] == edit_url(aimodel) + "#section-danger"
    stored = fresh(aimodel)
    assert (stored.visibility, stored.model_id) == (Visibility.PRIVATE, "resnet")
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "Saved Visibility of alice/resnet." in page


def test_a_section_saved_unchanged_says_nothing_was_saved(client, alice, aimodel):
    client.force_login(alice)
    count = AuditEntry.objects.filter(aimodel=aimodel).count()
    response = client.post(edit_url(aimodel), section_data(client, aimodel, "deployment"), follow=True)
    assert "Nothing changed in Deployment; nothing was saved." in html.unescape(response.content.decode())
    assert AuditEntry.objects.filter(aimodel=aimodel).count() == count
