"""A model as it was after one history entry, read from the audit trail.

Every change is audited with its old and new values, so the state after an entry is the
current record with the "old" value of every later change put back, newest first.
"""

from django.db.models import Q

from modelhub.models import AIModel, AuditEntry
from modelhub.services import value_of
from modelhub.web.history import FIELD_ORDER


def state_after(aimodel: AIModel, entry: AuditEntry) -> dict:
    """{field: value} after `entry` (the profile image as its audited size and hash, or the current data)."""
    state = {field: value_of(aimodel, field) for field in FIELD_ORDER}
    later = (
        AuditEntry.objects.filter(aimodel=aimodel)
        .filter(Q(create_time__gt=entry.create_time) | Q(create_time=entry.create_time, id__gt=entry.id))
        .order_by("-create_time", "-id")
        .values_list("changes", flat=True)
    )
    for changes in later.iterator():
        for field, change in (changes or {}).items():
            if field in state and isinstance(change, dict) and "old" in change:
                state[field] = change["old"]
    return state
