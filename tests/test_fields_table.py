"""The field table (modelhub.models.fields_table) is the one declaration of the editable fields:
every surface shows each of its fields, under its label, in its section and order.

Each test walks the table, so a field added to it but not to a surface fails here."""

import re

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from modelhub.admin.aimodels import FORM_ONLY_FIELDS
from modelhub.api import patch
from modelhub.api.errors import api_field_name, validation_error
from modelhub.api.openapi import document
from modelhub.api.serialization import VIEW_BASIC, VIEW_FULL, aimodel_json
from modelhub.forms import AIModelForm
from modelhub.forms.sections import save_groups
from modelhub.models import AIModel, AuditEntry
from modelhub.models.fields_table import DANGER_ZONE, FIELDS, GENERAL, REQUIRED_FIELDS, SECTIONS
from modelhub.web.history import field_changes
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

SPEC_LABELS = [
    "ID",
    "Description",
    "Model definition",
    "Configuration",
    "Task",
    "Visibility",
    "Region",
    "Hardware",
    "README",
    "Source URL",
    "Documentation URL",
    "License",
    "Profile image",
    "Tags",
]


def test_the_table_has_the_specs_labels_and_sections():
    assert sorted(spec.label for spec in FIELDS) == sorted(SPEC_LABELS)
    assert {spec.section for spec in FIELDS} <= set(SECTIONS)
    assert len({spec.name for spec in FIELDS}) == len({spec.api_name for spec in FIELDS}) == len(FIELDS)


def test_the_form_has_each_field_with_its_label_and_help(aimodel):
    form = AIModelForm(instance=aimodel)
    for spec in FIELDS:
        assert form.fields[spec.name].label == spec.label
        if spec.help_text:
            assert form.fields[spec.name].help_text == spec.help_text
    assert AIModel._meta.get_field("model_id").verbose_name == "ID"


def _sections(html: str) -> dict[str, str]:
    """{section title: its HTML} of the edit form, in page order."""
    found = re.findall(r'<section class="card[^"]*" id="section-[a-z-]+">(.*?)</section>', html, re.S)
    return {re.search(r'<h2 [^>]*id="h-[a-z-]+">([^<]+)</h2>', body).group(1): body for body in found}


def _input_names(html: str) -> list[str]:
    return re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', html)


def _in_section(sections: dict[str, str], name: str) -> list[str]:
    return [title for title, body in sections.items() if any(n.split(".")[0] == name for n in _input_names(body))]


def test_the_edit_page_shows_each_field_in_its_section_in_table_order(client, alice, aimodel):
    client.force_login(alice)
    html = client.get(reverse("aimodel-edit", args=["alice", aimodel.model_id])).content.decode()
    sections = _sections(html)
    assert list(sections) == list(SECTIONS)
    for spec in FIELDS:
        assert _in_section(sections, spec.name) == [spec.section], spec.name
        assert re.search(rf"<label[^>]*>\s*{re.escape(spec.label)}\b", sections[spec.section]), spec.label
    for title, body in sections.items():  # within a section, the table's order
        names = [n.split(".")[0] for n in _input_names(body)]
        shown = [spec.name for spec in FIELDS if spec.section == title]
        assert [n for n in dict.fromkeys(names) if n in shown] == shown


def test_the_new_model_page_puts_the_danger_zones_fields_in_general(client, alice, alice_ns):
    client.force_login(alice)
    html = client.get(reverse("aimodel-new", args=["alice"])).content.decode()
    sections = _sections(html)
    assert list(sections) == [s for s in SECTIONS if s != DANGER_ZONE]
    for spec in FIELDS:
        expected = GENERAL if spec.section == DANGER_ZONE else spec.section
        assert _in_section(sections, spec.name) == [expected], spec.name


def test_the_admin_groups_each_field_once_by_section(rf: RequestFactory, superuser, aimodel):
    admin = site._registry[AIModel]
    request = rf.get("/")
    request.user = superuser
    for obj in (None, aimodel):
        fieldsets = admin.get_fieldsets(request, obj)
        shown = [name for _, options in fieldsets for name in options["fields"]]
        for spec in FIELDS:
            assert shown.count(spec.name) == 1, (spec.name, obj)
            title = next(title for title, options in fieldsets if spec.name in options["fields"])
            assert title == (None if spec.section in (GENERAL, DANGER_ZONE) else spec.section)
    view_only = {name for _, options in admin.get_fieldsets(request, aimodel) for name in options["fields"]}
    assert {spec.name for spec in FIELDS} - FORM_ONLY_FIELDS <= view_only


@pytest.mark.django_db
def test_the_edit_page_sections_and_the_admin_keep_the_same_inputs_with_a_field(rf: RequestFactory, superuser, aimodel):
    companions = {"hardware": ["custom_hardware"], "profile_image": ["pending_profile_image", "remove_profile_image"]}
    for group in save_groups().values():
        inputs = set(AIModelForm(instance=aimodel, only=group.fields).fields)
        for name, theirs in companions.items():
            assert (set(theirs) <= inputs) is (name in group.fields), (group.key, name)
    admin = site._registry[AIModel]
    request = rf.get("/")
    request.user = superuser
    for _, options in admin.get_fieldsets(request, aimodel):
        shown = list(options["fields"])
        for name, theirs in companions.items():
            if name in shown:
                assert shown[shown.index(name) + 1 : shown.index(name) + 1 + len(theirs)] == theirs


def test_the_admin_change_page_has_an_input_for_each_field(client, superuser, aimodel):
    client.force_login(superuser)
    html = client.get(reverse("admin:modelhub_aimodel_change", args=[aimodel.pk])).content.decode()
    data = form_data(html, id="aimodel_form")
    for spec in FIELDS:
        if spec.name != "profile_image":  # a file input: a browser sends no value for it
            assert any(name.split(".")[0] == spec.name for name in data), spec.name
    assert 'name="profile_image"' in html


def test_the_api_shows_and_takes_each_field_by_both_names(aimodel):
    basic = aimodel_json(aimodel, VIEW_BASIC, editable=True)
    full = aimodel_json(aimodel, VIEW_FULL, editable=True)
    for spec in FIELDS:
        assert spec.api_name in full
        assert (spec.api_name in basic) is not spec.heavy
        assert patch.FIELD_ALIASES[spec.api_name] == spec.name
        if spec.snake_alias:
            assert patch.FIELD_ALIASES[spec.snake_alias] == spec.name
        assert api_field_name(spec.name) == spec.api_name
    assert set(patch.FIELD_ALIASES.values()) == {spec.name for spec in FIELDS}


def test_service_errors_name_each_field_as_the_api_does():
    from django.core.exceptions import ValidationError

    error = validation_error(ValidationError({spec.name: "Bad." for spec in FIELDS}))
    assert [field for field, _ in error.violations] == [spec.api_name for spec in FIELDS]


def test_the_openapi_document_states_each_field():
    schemas = document()["components"]["schemas"]
    for spec in FIELDS:
        assert spec.api_name in schemas["Model"]["properties"]
        assert (spec.api_name in schemas["Model"]["required"]) is not spec.heavy
        for body in ("ModelPatch", "ModelCreate"):
            assert spec.api_name in schemas[body]["properties"]
            if spec.snake_alias:
                assert f"^{spec.snake_alias}$" in schemas[body]["patternProperties"]
        required = schemas["ModelPatch"]["properties"][spec.api_name].get("x-required-in-model", False)
        assert required is spec.required
    create = schemas["ModelCreate"]
    demanded = set(create["required"]) | {r["anyOf"][0]["required"][0] for r in create.get("allOf", [])}
    assert demanded == {spec.api_name for spec in FIELDS if spec.name in REQUIRED_FIELDS}


def test_the_history_lists_each_field_in_table_order_under_its_label(aimodel):
    changes = {spec.name: {"old": "a", "new": "b"} for spec in reversed(FIELDS)}
    entry = AuditEntry(aimodel=aimodel, action="update", changes=changes)
    rows = field_changes(entry)
    assert [(row.field, row.label) for row in rows] == [(spec.name, spec.label) for spec in FIELDS]


def test_the_edit_page_edits_tags_and_keeps_them_when_other_fields_change(client, alice, aimodel):
    aimodel.tags = ["vision"]
    aimodel.save(update_fields=["tags"])
    url = reverse("aimodel-edit", args=["alice", aimodel.model_id])
    client.force_login(alice)
    data = form_data(client.get(url).content.decode(), id="settings-form-general")
    assert data["tags"] == "vision"
    client.post(url, {**data, "description": "Edited."})
    aimodel.refresh_from_db()
    assert (aimodel.description, aimodel.tags) == ("Edited.", ["vision"])
    data = form_data(client.get(url).content.decode(), id="settings-form-general")
    response = client.post(url, {**data, "tags": "Vision, OCR"}, follow=True)
    aimodel.refresh_from_db()
    assert aimodel.tags == ["vision", "ocr"]
    assert f"Saved General settings of alice/{aimodel.model_id}: Tags." in response.content.decode()
