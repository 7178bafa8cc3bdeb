"""Model IDs are unique per namespace case-insensitively (RFC-1034 names compare so), and a deleted
model holds its ID until it is purged."""

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower

from modelhub.models import AIModel

_SHOWN_CHARS = 64


class ModelIdTaken(ValidationError):
    """The ID is held by another model of the namespace. A field error on `model_id` (forms show it
    at ID); the API answers 409 with code 6 (ALREADY_EXISTS)."""

    def __init__(self, model_id: str, *, deleted: bool = False):
        self.model_id = model_id
        self.deleted = deleted
        shown = model_id if len(model_id) <= _SHOWN_CHARS else f"{model_id[:_SHOWN_CHARS]}…"
        if deleted:
            message = (
                f"A deleted model of this namespace holds the ID '{shown}' until it is purged; "
                "restore it, or choose another ID."
            )
        else:
            message = f"A model with ID '{shown}' already exists in this namespace (IDs ignore letter case)."
        super().__init__({"model_id": [message]})


def id_holder(*, namespace_pk, model_id: str, other_than=None) -> AIModel | None:
    """The model (deleted or not) whose ID is `model_id` in any letter case, other than `other_than`."""
    qs = AIModel.objects.alias(lower_id=Lower("model_id")).filter(namespace_id=namespace_pk, lower_id=model_id.lower())
    if other_than is not None:
        qs = qs.exclude(pk=other_than)
    return qs.only("uid", "model_id", "delete_time").order_by().first()
