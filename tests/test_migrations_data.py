"""The data migration that normalises stored line endings (and update_time before create_time)."""

import pytest
from django.apps import apps

from modelhub.models import AIModel, ModerationNote, Report
from modelhub.services import moderation_note_create, report_create
from tests.support import migration

pytestmark = pytest.mark.django_db


def test_stored_crlf_becomes_lf_and_rewritten_models_get_a_new_update_time(aimodel, private_model, bob, moderator):
    # Rows as a browser's save stored them before the service normalised (written around it).
    AIModel.objects.filter(pk=aimodel.pk).update(
        readme="# T\r\n\r\nbody\r", description="a\r\nb", configuration={"p": "x\r\ny", "n": 1}
    )
    untouched = AIModel.objects.get(pk=private_model.pk)
    report = report_create(aimodel=aimodel, reporter=bob, reason="spam", text="x")
    Report.objects.filter(pk=report.pk).update(text="one\r\ntwo", resolution_note="n\rm")
    note = moderation_note_create(aimodel=aimodel, author=moderator, text="x")
    ModerationNote.objects.filter(pk=note.pk).update(text="p\r\nq")
    before = AIModel.objects.get(pk=aimodel.pk)

    migration("normalize_line_endings").normalize(apps, None)

    row = AIModel.objects.get(pk=aimodel.pk)
    assert (row.readme, row.description, row.configuration) == ("# T\n\nbody\n", "a\nb", {"p": "x\ny", "n": 1})
    assert row.update_time > before.update_time  # its ETag moves on: its text changed
    assert AIModel.objects.get(pk=private_model.pk).update_time == untouched.update_time
    assert (Report.objects.get(pk=report.pk).text, Report.objects.get(pk=report.pk).resolution_note) == (
        "one\ntwo",
        "n\nm",
    )
    assert ModerationNote.objects.get(pk=note.pk).text == "p\nq"
    migration("normalize_line_endings").normalize(apps, None)  # a second run changes nothing
    assert AIModel.objects.get(pk=aimodel.pk).update_time == row.update_time
