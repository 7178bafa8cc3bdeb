"""Former IDs of renamed models (AIModelAlias), kept by the write path in the rename's transaction."""

from django.db.models.functions import Lower

from modelhub.models import AIModel, AIModelAlias


def aliases_named(*, namespace_pk, model_id: str):
    """The aliases spelled `model_id` (in any letter case) in a namespace: at most one."""
    return AIModelAlias.objects.alias(lower_id=Lower("model_id")).filter(
        namespace_id=namespace_pk, lower_id=model_id.lower()
    )


def alias_end(*, namespace_pk, model_id: str) -> int:
    """A model takes `model_id`: an alias of that name (of any model) ends. Returns how many ended."""
    deleted, _ = aliases_named(namespace_pk=namespace_pk, model_id=model_id).delete()
    return deleted


def alias_record_rename(*, aimodel: AIModel, old_model_id: str) -> None:
    """`aimodel` was renamed from `old_model_id`: its new ID ends any alias of that name, and the old
    ID becomes an alias of it (unless the rename only changed letter case: the ID itself still matches).
    Two queries: one DELETE, one INSERT."""
    names = {aimodel.model_id.lower(), old_model_id.lower()}
    AIModelAlias.objects.alias(lower_id=Lower("model_id")).filter(
        namespace_id=aimodel.namespace_id, lower_id__in=names
    ).delete()
    if old_model_id.lower() != aimodel.model_id.lower():
        AIModelAlias.objects.create(namespace_id=aimodel.namespace_id, model_id=old_model_id, aimodel=aimodel)
