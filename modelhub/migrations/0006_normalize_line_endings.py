"""Data: line endings become LF in stored text, and no model was updated before it was created.

Before the service normalised line endings, a browser's save stored its textareas with
CRLF (HTML submits them so), while the API and seed_demo stored LF: the same README
then compared as "changed". This rewrites CRLF and lone CR to LF in every model's text
fields (configuration strings included) and in moderation reports and notes, and moves
a model's update_time up to its create_time where it preceded it (create_time used to be
taken a moment after update_time). A rewritten model's update_time (its ETag) moves on,
since its stored text changed. Audit entries are history and are left as recorded.
"""

from datetime import timedelta

from django.db import migrations
from django.db.models import F, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

TEXT_FIELDS = ("description", "readme", "license", "source_url", "documentation_url", "hardware")


def lf(text):
    return text.replace("\r\n", "\n").replace("\r", "\n") if isinstance(text, str) else text


def lf_json(value):
    if isinstance(value, str):
        return lf(value)
    if isinstance(value, dict):
        return {key: lf_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [lf_json(item) for item in value]
    return value


def normalize(apps, schema_editor):
    AIModel = apps.get_model("modelhub", "AIModel")
    has_cr = Q()
    for name in TEXT_FIELDS:
        has_cr |= Q(**{f"{name}__contains": "\r"})
    candidates = (
        AIModel.objects.annotate(configuration_text=Cast("configuration", TextField()))
        .filter(has_cr | Q(configuration_text__contains="\\r") | Q(update_time__lt=F("create_time")))
        .only("uid", "create_time", "update_time", "configuration", *TEXT_FIELDS)
    )
    rewritten = 0
    for aimodel in candidates.iterator(chunk_size=500):
        changed = []
        for name in TEXT_FIELDS:
            value = getattr(aimodel, name)
            if lf(value) != value:
                setattr(aimodel, name, lf(value))
                changed.append(name)
        configuration = lf_json(aimodel.configuration)
        if configuration != aimodel.configuration:
            aimodel.configuration = configuration
            changed.append("configuration")
        if changed:
            aimodel.update_time = max(timezone.now(), aimodel.update_time + timedelta(microseconds=1))
            rewritten += 1
        aimodel.update_time = max(aimodel.update_time, aimodel.create_time)
        aimodel.save(update_fields=[*changed, "update_time"])

    for model_name, fields in (("Report", ("text", "resolution_note")), ("ModerationNote", ("text",))):
        model = apps.get_model("modelhub", model_name)
        has_cr = Q()
        for name in fields:
            has_cr |= Q(**{f"{name}__contains": "\r"})
        for row in model.objects.filter(has_cr).only("pk", *fields).iterator(chunk_size=500):
            for name in fields:
                setattr(row, name, lf(getattr(row, name)))
            row.save(update_fields=list(fields))
    if rewritten:
        print(f"\n  Normalised line endings (CRLF/CR -> LF) in {rewritten} model(s).")


class Migration(migrations.Migration):
    dependencies = [
        ("modelhub", "0005_list_indexes"),
    ]

    operations = [
        migrations.RunPython(normalize, migrations.RunPython.noop, elidable=True),
    ]
