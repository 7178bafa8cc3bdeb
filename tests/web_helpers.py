"""Helpers for the browser dashboard's tests: form data as the edit page would post it, test images,
pager links."""

import html
import io
import json
import re

from django.urls import reverse
from PIL import Image

from modelhub.forms import AIModelForm
from modelhub.models import AIModel


def edit_form_data(aimodel: AIModel, **overrides) -> dict:
    """The edit page's form, as loaded now, posted back with `overrides` (by field name)."""
    form = AIModelForm(instance=AIModel.objects.get(pk=aimodel.pk))
    data = {}
    for name, bound in form._bound_items():
        if name in ("profile_image", "remove_profile_image"):
            continue
        value = bound.value()
        data[name] = "" if value is None else value
    data.update(overrides)
    return data


def record_form_data(aimodel: AIModel, **overrides) -> dict:
    """The stored record as the model form would post it (no loaded state), with `overrides`."""
    data = {
        "model_id": aimodel.model_id,
        "description": aimodel.description,
        "model_definition": aimodel.model_definition_id,
        "configuration": json.dumps(aimodel.configuration),
        "task": aimodel.task,
        "visibility": aimodel.visibility,
        "region": aimodel.region_id,
        "hardware": aimodel.hardware,
        "readme": aimodel.readme,
        "source_url": aimodel.source_url,
        "documentation_url": aimodel.documentation_url,
        "license": aimodel.license,
    }
    return {**data, **overrides}


def jpeg_bytes(size=(640, 480), color=(200, 30, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "JPEG", quality=90)
    return buf.getvalue()


IMAGE = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def detail_url(m):
    return reverse("aimodel-detail", args=[m.namespace.namespace_id, m.model_id])


def page_link(body: str, rel: str) -> str | None:
    """The href of a keyset pager's "next" or "prev" link (templates/modelhub/_keyset_pager.html), unescaped."""
    match = re.search(rf'rel="{rel}" href="([^"]+)"', body)
    return html.unescape(match.group(1)) if match else None
