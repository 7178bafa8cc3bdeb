"""Helpers shared by many test modules."""

from modelhub.models import AIModel


def fresh(aimodel) -> AIModel:
    """The row as it is stored now, not the object the test holds."""
    return AIModel.objects.get(pk=aimodel.pk)
