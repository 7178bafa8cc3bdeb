"""The edit form's configuration text is measured before it is parsed (the form's path)."""

import json
from unittest import mock

import pytest

from modelhub.forms import AIModelForm
from modelhub.forms.configuration import reading
from modelhub.models import AIModel, AuditEntry
from modelhub.rules import configuration as rules
from tests.support import snapshot
from tests.web_helpers import record_form_data

pytestmark = pytest.mark.django_db


def test_a_configuration_text_over_the_limit_is_refused_unparsed(aimodel, alice):
    text = "{" + '"k": 0, ' * 1_000_000 + '"k": 0}'
    before = snapshot(aimodel)
    with mock.patch.object(reading, "json", wraps=json) as parser:
        form = AIModelForm(
            data=record_form_data(aimodel, configuration=text), instance=AIModel.objects.get(pk=aimodel.pk)
        )
        assert not form.is_valid()
    assert parser.loads.call_count == 0
    assert f"Configuration is {len(text):,} characters of JSON text" in " ".join(form.errors["configuration"])
    assert snapshot(aimodel) == before and not AuditEntry.objects.exists()


def test_a_pretty_printed_configuration_within_the_text_limit_is_parsed(aimodel, alice):
    text = json.dumps({}, indent=2) + " " * 1000
    form = AIModelForm(data=record_form_data(aimodel, configuration=text, description="ok"), instance=aimodel)
    assert form.is_valid(), form.errors


def test_the_form_and_the_api_share_the_text_limit():
    assert reading.MAX_COMPACT_BYTES == rules.MAX_CONFIGURATION_BYTES
    assert reading.MAX_JSON_TEXT_CHARS == rules.MAX_CONFIGURATION_TEXT_BYTES
