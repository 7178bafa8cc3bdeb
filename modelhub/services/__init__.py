"""Every write to the domain goes through these functions."""

from modelhub.services.aimodels import (
    ConflictError,
    PreconditionFailed,
    UpdateResult,
    aimodel_create,
    aimodel_update,
    fingerprint,
    value_of,
)

__all__ = [
    "ConflictError",
    "PreconditionFailed",
    "UpdateResult",
    "aimodel_create",
    "aimodel_update",
    "fingerprint",
    "value_of",
]
