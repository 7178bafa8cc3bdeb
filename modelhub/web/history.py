"""Audit entries as rows for the history page: each changed field's label, old and new value."""

import json
from dataclasses import dataclass

from modelhub.forms import LABELS
from modelhub.models import AuditEntry

MAX_SHOWN_CHARS = 500


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


def _shown(field: str, value) -> str:
    if value is None or value == "":
        return "—"
    if field == "profile_image" and isinstance(value, dict):
        size = value.get("bytes", 0)
        return f"{size:,} bytes, sha256 {str(value.get('sha256', ''))[:12]}…"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= MAX_SHOWN_CHARS else f"{text[:MAX_SHOWN_CHARS]}…"


def field_changes(entry: AuditEntry) -> list[FieldChange]:
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    rows = []
    for field, change in changes.items():
        change = change if isinstance(change, dict) else {"old": None, "new": change}
        label = LABELS.get(field, field.replace("_", " ").capitalize())
        rows.append(FieldChange(field, label, _shown(field, change.get("old")), _shown(field, change.get("new"))))
    return rows
