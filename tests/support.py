"""Helpers shared by many test modules."""

import importlib
from pathlib import Path

from modelhub.models import AIModel, AuditEntry

MIGRATIONS = Path(__file__).resolve().parent.parent / "modelhub" / "migrations"


def fresh(aimodel) -> AIModel:
    """The row as it is stored now, not the object the test holds."""
    return AIModel.objects.get(pk=aimodel.pk)


def snapshot(aimodel) -> dict:
    """Every stored column of the model (by attname), and its audit entry count as "audit_entries":
    equal before and after a refused change proves nothing was written."""
    row = AIModel.objects.filter(pk=aimodel.pk).values().get()
    return {**row, "audit_entries": AuditEntry.objects.filter(aimodel_id=aimodel.pk).count()}


def migration(suffix: str):
    """The migration module whose name ends in `suffix` (its number may change as others are added)."""
    (path,) = MIGRATIONS.glob(f"[0-9][0-9][0-9][0-9]_{suffix}.py")
    return importlib.import_module(f"modelhub.migrations.{path.stem}")
