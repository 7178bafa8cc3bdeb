"""Helpers for the rule tests: a change the service accepts, or refuses leaving the row and audit trail untouched."""

import pytest
from django.core.exceptions import ValidationError

from modelhub.models import AIModel, AuditEntry
from modelhub.services import aimodel_update
from tests.support import fresh, snapshot

RFC1034 = "Must conform to RFC-1034"
HTTP_URL = "Enter a valid http:// or https:// URL."
NOT_A_STRING = "Must be a string."
NUL = "Must not contain NUL characters."


def refused(aimodel, **changes) -> dict[str, list[str]]:
    """The service's errors for `changes`; asserts the row and the audit trail are untouched."""
    before, audits = snapshot(aimodel), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        aimodel_update(aimodel=fresh(aimodel), changes=changes, actor=None, source="api")
    assert snapshot(aimodel) == before
    assert AuditEntry.objects.count() == audits
    return exc.value.message_dict


def accepted(aimodel, **changes) -> AIModel:
    result = aimodel_update(aimodel=fresh(aimodel), changes=changes, actor=None, source="api")
    row = AIModel.objects.get(pk=aimodel.pk)
    for field, value in changes.items():
        assert getattr(row, AIModel._meta.get_field(field).attname) == value
    assert set(result.changed_fields) <= set(changes)
    return row
