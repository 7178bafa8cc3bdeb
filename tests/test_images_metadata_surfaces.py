"""Hostile image metadata through the surfaces: the API PATCH and the edit page store the image
cleanly (no metadata left) and answer 200 / 302, never 5xx; a refusal leaves the model unchanged.
"""

from __future__ import annotations

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from modelhub.images.containers import MAX_PARTS
from tests.api_support import assert_status, bearer, model_url, patch_json
from tests.image_attacks_support import CORPUS, jpeg_with_segments, picture
from tests.images_support import decode
from tests.support import snapshot
from tests.web_helpers import edit_form_data

METADATA_MARKS = (b"Exif", b"ICC_PROFILE", b"MPF\0", b"XMP", b"ICCRGBG", b"mpet", b"<x/>")


def assert_clean(uri: str) -> None:
    _, im, raw = decode(uri)
    assert not {"exif", "icc_profile", "xmp", "comment", "extension"} & set(im.info), im.info
    assert not any(mark in raw for mark in METADATA_MARKS)


SURFACE_CASES = [
    ("JPEG", "float-pipeline ICC profile (8,000 elements, 64 KB)"),
    ("PNG", "eXIf of 300 entries at one 5 MB blob"),
    ("WEBP", "EXIF chunk of 300 entries at one 5 MB blob"),
    ("GIF", "40,000 comment extensions"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("fmt", "name"), SURFACE_CASES)
def test_the_api_stores_a_hostile_file_without_its_metadata(client, alice, aimodel, fmt, name):
    raw = CORPUS[fmt][name]()
    body = {"profileImage": f"data:image/{fmt.lower()};base64," + base64.b64encode(raw).decode()}
    response = assert_status(patch_json(client, model_url(aimodel), body, bearer(alice)), 200)
    aimodel.refresh_from_db()
    assert response.json()["model"]["profileImage"] == aimodel.profile_image
    assert_clean(aimodel.profile_image)


@pytest.mark.django_db
@pytest.mark.parametrize(("fmt", "name"), SURFACE_CASES)
def test_the_edit_page_stores_a_hostile_file_without_its_metadata(client, alice, aimodel, fmt, name):
    client.force_login(alice)
    upload = SimpleUploadedFile(f"hostile.{fmt.lower()}", CORPUS[fmt][name](), f"image/{fmt.lower()}")
    response = client.post(
        f"/namespaces/alice/models/{aimodel.model_id}/edit/", edit_form_data(aimodel, profile_image=upload)
    )
    assert response.status_code == 302, response.content[:2000]
    aimodel.refresh_from_db()
    assert_clean(aimodel.profile_image)


@pytest.mark.django_db
def test_the_too_many_segments_refusal_leaves_the_model_unchanged(client, alice, aimodel):
    before = snapshot(aimodel)
    raw = jpeg_with_segments(picture(), [(0xFE, b"")] * (MAX_PARTS + 1))
    body = {"profileImage": "data:image/jpeg;base64," + base64.b64encode(raw).decode()}
    response = assert_status(patch_json(client, model_url(aimodel), body, bearer(alice)), 400, 3)
    assert "segments, chunks or blocks" in response.json()["message"]
    assert snapshot(aimodel) == before
