"""The history timeline: labels and titles people read, line diffs for the README and configuration."""

import base64
import io
import re

import pytest
from PIL import Image

from modelhub.images import image_to_data_uri
from modelhub.models import AuditAction, AuditEntry
from modelhub.services import aimodel_create, aimodel_update
from modelhub.web.display import catalog_titles
from modelhub.web.history import action_label, field_changes, line_diff
from tests.web_helpers import jpeg_bytes

pytestmark = pytest.mark.django_db


def entry(changes, action="update") -> AuditEntry:
    return AuditEntry(changes=changes, action=action, source="web")


def test_choices_show_their_labels_and_the_catalog_its_titles(db):
    rows = field_changes(
        entry(
            {
                "task": {"old": "TASK_CLASSIFICATION", "new": "TASK_OCR"},
                "visibility": {"old": "VISIBILITY_PUBLIC", "new": "VISIBILITY_PRIVATE"},
                "region": {"old": "REGION_LOCAL", "new": "REGION_GCP_EUROPE_WEST4"},
                "hardware": {"old": "GPU", "new": "NVIDIA_TESLA_T4"},
                "moderation_state": {"old": None, "new": "HIDDEN"},
            }
        ),
        catalog_titles(),
    )
    shown = {row.field: (row.label, row.old, row.new) for row in rows}
    assert shown["task"] == ("Task", "Image Classification", "OCR")
    assert shown["visibility"] == ("Visibility", "Public", "Private")
    assert shown["region"] == ("Region", "Local", "GCP europe-west4")
    assert shown["hardware"][2] == "NVIDIA Tesla T4"
    assert shown["moderation_state"][0] == "Moderation state"
    text = repr(shown)
    assert "TASK_" not in text and "REGION_" not in text and "VISIBILITY_" not in text


def test_readme_change_is_a_line_diff_not_two_blobs():
    old = "# Title\n\nline one\nline two\nline three\n"
    new = "# Title\n\nline one\nline 2\nline three\n"
    (row,) = field_changes(entry({"readme": {"old": old, "new": new}}))
    kinds = [(line.kind, line.text) for line in row.diff]
    assert ("del", "line two") in kinds and ("add", "line 2") in kinds
    assert ("ctx", "line one") in kinds
    assert not any(text == "# Title" and kind != "ctx" for kind, text in kinds)


def test_configuration_is_pretty_printed_and_diffed():
    change = {"old": {"repository": "a/b", "tag": "v1"}, "new": {"repository": "a/b", "tag": "v2"}}
    (row,) = field_changes(entry({"configuration": change}))
    assert ("del", '  "tag": "v1"') in [(d.kind, d.text) for d in row.diff]
    assert ("add", '  "tag": "v2"') in [(d.kind, d.text) for d in row.diff]
    assert ("ctx", '  "repository": "a/b",') in [(d.kind, d.text) for d in row.diff]


def test_image_is_described_by_size_and_fingerprint():
    (row,) = field_changes(entry({"profile_image": {"old": None, "new": {"bytes": 1985, "sha256": "ab" * 32}}}))
    assert (row.old, row.new) == ("—", "Image of 1.9 KB (fingerprint abababab)")
    assert "{" not in row.new


def test_long_diffs_are_cut_and_say_how_much():
    lines, cut = line_diff("", "\n".join(f"line {n}" for n in range(200)))
    assert len(lines) == 80 and cut == 120


def test_actions_read_as_words():
    assert action_label("reports_actioned") == "Reports resolved"
    assert action_label("hide") == "Hidden by moderators"
    assert action_label("something_new") == "Something new"
    assert action_label("undelete") == "Restored from Deleted models"
    for action in AuditAction:  # every action the services write has a label of its own
        assert action_label(action.value) == action.label and action.label != action.value.capitalize()


def test_history_page_shows_the_diff_and_titles(client, alice, aimodel):
    aimodel = aimodel_update(aimodel=aimodel, changes={"readme": "Hello\nworld\n"}, actor=alice, source="web").aimodel
    aimodel_update(aimodel=aimodel, changes={"readme": "Hello\nthere\n", "task": "TASK_OCR"}, actor=alice, source="api")
    client.force_login(alice)
    body = client.get(f"{aimodel.get_absolute_url()}history/").content.decode()
    newest = body.split('data-testid="audit-entry"')[1]
    assert '<span class="del">− world</span>' in newest and '<span class="add">+ there</span>' in newest
    assert "OCR" in newest and "TASK_OCR" not in newest
    assert "Edited" in newest and "via API" in newest


def test_rows_follow_the_edit_pages_sections_and_name_definitions_and_tags(container, github):
    rows = field_changes(
        entry(
            {
                "visibility": {"old": "VISIBILITY_PUBLIC", "new": "VISIBILITY_PRIVATE"},
                "tags": {"old": [], "new": ["vision", "ocr"]},
                "readme": {"old": "a", "new": "b"},
                "model_definition": {"old": "container", "new": "github"},
                "model_id": {"old": "a", "new": "b"},
            }
        ),
        catalog_titles(),
    )
    assert [row.field for row in rows] == ["model_id", "tags", "model_definition", "readme", "visibility"]
    shown = {row.field: (row.old, row.new) for row in rows}
    assert shown["tags"] == ("—", "vision, ocr")
    assert shown["model_definition"] == ("Container", "Github") and "[" not in repr(shown)  # the titles


def test_a_new_models_empty_fields_are_left_out():
    rows = field_changes(
        entry(
            {
                "tags": {"old": None, "new": []},
                "license": {"old": None, "new": ""},
                "task": {"old": None, "new": "TASK_OCR"},
            },
            action="create",
        )
    )
    assert [(row.field, row.new) for row in rows] == [("task", "OCR")]


def test_image_change_shows_before_and_after_thumbnails(client, alice, aimodel):
    red = image_to_data_uri(jpeg_bytes(color=(200, 30, 30)))
    blue = image_to_data_uri(jpeg_bytes(color=(30, 30, 200)))
    aimodel = aimodel_update(aimodel=aimodel, changes={"profile_image": red}, actor=alice, source="web").aimodel
    aimodel_update(aimodel=aimodel, changes={"profile_image": blue}, actor=alice, source="web")
    client.force_login(alice)
    body = client.get(f"{aimodel.get_absolute_url()}history/").content.decode()
    newest = body.split('data-testid="audit-entry"')[1]
    thumbs = re.findall(r'<img class="history-thumb" src="(data:image/webp;base64,[^"]+)" alt="([^"]+)"', newest)
    assert [alt.split(":")[0] for _, alt in thumbs] == ["Before", "After"]
    before, after = (Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1]))).convert("RGB") for src, _ in thumbs)
    assert max(before.size) <= 96 and before.getpixel((5, 5))[0] > 150 and after.getpixel((5, 5))[2] > 150
    assert "Image of" in thumbs[0][1]  # the alt text says what it is


def test_history_names_the_person_or_the_system(client, alice, alice_ns, container):
    """A model created by the system (seed_demo, no actor) and edited by a person with a name."""
    aimodel = aimodel_create(
        namespace=alice_ns,
        data={
            "model_id": "made-by-seed",
            "model_definition": "container",
            "configuration": {},
            "task": "TASK_OCR",
            "region": "REGION_LOCAL",
            "hardware": "CPU",
        },
        actor=None,
        source="admin",
    )
    alice.first_name, alice.last_name = "Alice", "Liddell"
    alice.save()
    aimodel_update(aimodel=aimodel, changes={"description": "Mine now"}, actor=alice, source="web")
    client.force_login(alice)
    response = client.get(f"{aimodel.get_absolute_url()}history/")
    assert response.status_code == 200
    actors = re.findall(r'<span data-testid="actor">([^<]*)</span>', response.content.decode())
    assert actors == ["Alice Liddell", "the system"]
