"""Conflict messages a person can read: what someone else saved, as text, never a repr.

When a field the user changed was changed by someone else since the page was loaded,
the form says so at that field and shows the other value: a short quoted preview for a
one-line text, the title for a choice (task, visibility, region, hardware, definition),
and a line diff (difflib) between their version and the user's for multi-line text and
the configuration. The user's own value stays in the form, so nothing typed is lost.
"""

import difflib
import json
from typing import Any

from modelhub.models import AIModel, Hardware, ModelDefinition, Region

PREVIEW_CHARS = 120
DIFF_HEADING = "Their version against yours (− theirs, + yours):"
DIFF_LINES = 24


def _preview(text: str) -> str:
    if not text:
        return "nothing (they cleared it)"
    line = text if len(text) <= PREVIEW_CHARS else f"{text[:PREVIEW_CHARS]}…"
    return f"“{line}”"


def _as_lines(field: str, value: Any) -> list[str]:
    if field == "configuration":
        return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str).splitlines()
    return str(value or "").splitlines()


def line_diff(theirs: list[str], yours: list[str]) -> str:
    """Their lines against yours: "− " marks a line only theirs has, "+ " one only yours has,
    "  " a line of context; "…" stands for unchanged lines left out."""
    out = []
    for line in difflib.unified_diff(theirs, yours, lineterm="", n=1):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            out.append("…")
        else:
            out.append({"-": "− ", "+": "+ "}.get(line[:1], "  ") + (line[1:] or "(blank line)"))
    if len(out) > DIFF_LINES:
        out = [*out[:DIFF_LINES], f"… and {len(out) - DIFF_LINES} more lines"]
    return "\n".join(out)


def _title(field: str, value: Any, region_name: str | None) -> str:
    if (label := AIModel.choice_label(field, value)) is not None:
        return label
    if field == "region":
        region = Region.objects.filter(name=value).first()
        return region.title or region.name if region else str(value)
    if field == "model_definition":
        definition = ModelDefinition.objects.filter(definition_id=value).first()
        return definition.title if definition else str(value)
    hardware = Hardware.objects.filter(region_id=region_name, value=value).first()
    return hardware.title if hardware else str(value)


def conflict_message(field: str, label: str, theirs: Any, yours: Any, *, region_name: str | None = None) -> str:
    """The form error for a field someone else changed to `theirs` while the user edited it to `yours`."""
    lead = f"Someone else changed {label} after you opened this page, and your change was not saved."
    again = "Save again to replace theirs with yours."
    if field == "profile_image":
        return f"{lead} They {'removed the image' if not theirs else 'chose another image'}. {again}"
    if field in ("task", "visibility", "region", "model_definition", "hardware"):
        return f"{lead} It is now {_title(field, theirs, region_name)}. {again}"
    theirs_lines, yours_lines = _as_lines(field, theirs), _as_lines(field, yours)
    if field == "configuration" or len(theirs_lines) > 1 or len(yours_lines) > 1:
        diff = line_diff(theirs_lines, yours_lines)
        # The first line says it all (the page's error summary shows only that line); the diff follows.
        return f"{lead} {again}\n{DIFF_HEADING}\n{diff}"
    return f"{lead} It is now {_preview(str(theirs or ''))}. {again}"
