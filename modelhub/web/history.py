"""Audit entries as a timeline people read: labels, titles, line diffs, image fingerprints.

An entry's `changes` is {field: {"old": value, "new": value}} as the service wrote it (the
image as {"bytes": n, "sha256": hex}). Each becomes a FieldChange: a short "old → new" for
choices and one-liners, a line diff (difflib) for the README and the configuration.
"""

import difflib
import json
from dataclasses import dataclass, field

from modelhub.models import AIModel, AuditAction, AuditEntry
from modelhub.models.fields_table import EDITABLE_FIELDS, LABELS
from modelhub.web.display import CatalogTitles

MAX_SHOWN_CHARS = 500
MAX_DIFF_LINES = 80
EMPTY = "—"

EXTRA_LABELS = {
    "delete_time": "Deleted",
    "moderation_state": "Moderation state",
    "reports": "Reports",
    "report": "Report",
}
MULTILINE_FIELDS = ("readme", "configuration", "description")
# The field table's order; fields it does not have (moderation) come after.
FIELD_ORDER = EDITABLE_FIELDS


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "add", "del", "ctx" or "gap"
    text: str


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str
    diff: list[DiffLine] = field(default_factory=list)
    diff_truncated: int = 0
    initial: bool = False  # the value the model was created with: no "old"
    multiline: bool = False
    old_image: str = ""  # thumbnails (data URIs) of the profile image before and after
    new_image: str = ""

    @property
    def is_diff(self) -> bool:
        return bool(self.diff)


def action_label(action: str) -> str:
    """The action's label (AuditAction); a value it does not know reads as words."""
    return AuditAction(action).label if action in AuditAction.values else action.replace("_", " ").capitalize()


THUMBNAIL_PREFIX = "data:image/webp;base64,"


def _thumbnail(value) -> str:
    """The thumbnail the service kept with the image's fingerprint (only a WebP data URI is shown)."""
    thumbnail = value.get("thumbnail") if isinstance(value, dict) else None
    return thumbnail if isinstance(thumbnail, str) and thumbnail.startswith(THUMBNAIL_PREFIX) else ""


def _image_text(value) -> str:
    if not isinstance(value, dict):
        return EMPTY if not value else "an image"
    size = int(value.get("bytes") or 0)
    shown = f"{size / 1024:.1f} KB" if size >= 1024 else f"{size} bytes"
    fingerprint = str(value.get("sha256", ""))[:8]
    return f"Image of {shown}" + (f" (fingerprint {fingerprint})" if fingerprint else "")


def _as_text(field_name: str, value) -> str:
    if field_name == "configuration" and not isinstance(value, str):
        return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True) if value is not None else ""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _shown(field_name: str, value, titles: CatalogTitles, region: str | None) -> str:
    if field_name == "profile_image":
        return _image_text(value)
    if value is None or value == "":
        return EMPTY
    if field_name == "tags" and isinstance(value, list):
        return ", ".join(str(tag) for tag in value) or EMPTY
    if field_name == "model_definition" and isinstance(value, str):
        return titles.definition(value)
    if (label := AIModel.choice_label(field_name, value)) is not None:
        return label
    if field_name == "region" and isinstance(value, str):
        return titles.region(value)
    if field_name == "hardware" and isinstance(value, str):
        return titles.hardware_title(region or "", value) if region else titles.any_hardware_title(value)
    text = _as_text(field_name, value)
    return text if len(text) <= MAX_SHOWN_CHARS else f"{text[:MAX_SHOWN_CHARS]}…"


def line_diff(old: str, new: str, *, json_lines: bool = False) -> tuple[list[DiffLine], int]:
    """A unified line diff (2 lines of context), at most MAX_DIFF_LINES lines; and how many were cut.

    `json_lines` (pretty-printed JSON): lines are compared without their trailing comma, so a
    member that gained one because another was added after it is context, not removed and added.
    """
    old_lines, new_lines = old.splitlines(), new.splitlines()

    def key(line: str) -> str:
        return line.removesuffix(",") if json_lines else line

    matcher = difflib.SequenceMatcher(None, [key(x) for x in old_lines], [key(x) for x in new_lines], autojunk=False)
    lines: list[DiffLine] = []
    if all(tag == "equal" for tag, *_ in matcher.get_opcodes()):
        return lines, 0
    for group in matcher.get_grouped_opcodes(2):
        lines.append(DiffLine("gap", "⋯"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(DiffLine("ctx", line) for line in new_lines[j1:j2])
                continue
            lines.extend(DiffLine("del", line) for line in old_lines[i1:i2])
            lines.extend(DiffLine("add", line) for line in new_lines[j1:j2])
    if lines and lines[0].kind == "gap":
        lines = lines[1:]
    cut = max(0, len(lines) - MAX_DIFF_LINES)
    return lines[:MAX_DIFF_LINES], cut


def field_changes(
    entry: AuditEntry, titles: CatalogTitles | None = None, region: str | None = None
) -> list[FieldChange]:
    """The entry's changes as rows; `region` (the model's current one) names hardware whose region did not change."""
    titles = titles or CatalogTitles()
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    region_change = changes.get("region") if isinstance(changes.get("region"), dict) else {}
    old_region, new_region = region_change.get("old") or region, region_change.get("new") or region
    order = {name: n for n, name in enumerate(FIELD_ORDER)}
    rows = []
    for name, change in sorted(changes.items(), key=lambda item: order.get(item[0], len(order))):
        change = change if isinstance(change, dict) else {"old": None, "new": change}
        if entry.action == AuditAction.CREATE and change.get("new") in (None, "", [], {}):
            continue  # a new model's empty fields say nothing
        label = LABELS.get(name) or EXTRA_LABELS.get(name) or name.replace("_", " ").capitalize()
        old, new = change.get("old"), change.get("new")
        diff, cut = [], 0
        if name in MULTILINE_FIELDS and entry.action != AuditAction.CREATE:
            old_text, new_text = _as_text(name, old), _as_text(name, new)
            if "\n" in old_text or "\n" in new_text:
                diff, cut = line_diff(old_text, new_text, json_lines=name == "configuration")
        rows.append(
            FieldChange(
                name,
                label,
                _shown(name, old, titles, old_region),
                _shown(name, new, titles, new_region),
                diff,
                cut,
                initial=entry.action == AuditAction.CREATE,
                multiline="\n" in _as_text(name, new),
                old_image=_thumbnail(old) if name == "profile_image" else "",
                new_image=_thumbnail(new) if name == "profile_image" else "",
            )
        )
    return rows


def shown_value(field_name: str, value, titles: CatalogTitles | None = None, region: str | None = None) -> str:
    """One field's value as the history shows it (titles for codes, the image as its size)."""
    return _shown(field_name, value, titles or CatalogTitles(), region)
