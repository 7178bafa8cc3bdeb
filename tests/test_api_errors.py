"""Typed API errors: each class carries its google.rpc code and HTTP status; the JSON answer
is google.rpc.Status with the field violations as a BadRequest detail."""

import json
import re

import pytest

from modelhub.api import errors
from modelhub.api.openapi import document

EXPECTED = {
    errors.InvalidArgument: (400, 3),
    errors.Unauthenticated: (401, 16),
    errors.PermissionDenied: (403, 7),
    errors.NotFound: (404, 5),
    errors.MethodNotAllowed: (405, 12),
    errors.AlreadyExists: (409, 6),
    errors.Aborted: (409, 10),
    errors.FailedPrecondition: (412, 9),
    errors.PayloadTooLarge: (413, 3),
    errors.UnsupportedMediaType: (415, 3),
    errors.Internal: (500, 13),
}


@pytest.mark.parametrize("error_class", EXPECTED, ids=lambda cls: cls.__name__)
def test_each_class_answers_its_status_and_code(error_class):
    response = error_class("Went wrong.", [("id", "Bad.")], headers={"X-Test": "1"}).response()
    body = json.loads(response.content)
    assert (response.status_code, body["code"]) == EXPECTED[error_class]
    assert body["message"] == "Went wrong." and response["X-Test"] == "1"
    assert body["details"] == [
        {"@type": errors.BAD_REQUEST_TYPE, "fieldViolations": [{"field": "id", "description": "Bad."}]}
    ]


def test_every_class_is_tested_and_the_document_lists_every_code():
    assert set(errors.ApiError.__subclasses__()) == set(EXPECTED)
    status = document()["components"]["schemas"]["Status"]["properties"]["code"]["description"]
    assert {int(n) for n in re.findall(r"\d+", status)} == {code for _, code in EXPECTED.values()}


def test_field_error_names_the_field_in_message_and_violation():
    error = errors.field_error("newModelId", "Required.")
    assert isinstance(error, errors.InvalidArgument)
    assert (error.message, error.violations) == ("newModelId: Required.", [("newModelId", "Required.")])


def test_a_default_message_when_none_is_given():
    assert json.loads(errors.NotFound().response().content)["message"] == "Not found."
    assert json.loads(errors.PayloadTooLarge().response().content)["message"] == "The request body is too large."
