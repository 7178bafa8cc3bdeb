"""Helpers of the lifecycle tests: moving the clock, and the model data the service takes."""

import contextlib
from datetime import timedelta
from unittest import mock

from django.utils import timezone


@contextlib.contextmanager
def days_later(days: float):
    """Run the block as if `days` days had passed (every `timezone.now()` call moves)."""
    moved = timezone.now() + timedelta(days=days)
    with mock.patch("django.utils.timezone.now", return_value=moved):
        yield moved


def model_data(model_id: str, **fields) -> dict:
    """Valid data for `aimodel_create` (the `container` definition must exist)."""
    return {
        "model_id": model_id,
        "model_definition": "container",
        "configuration": {},
        "task": "TASK_CLASSIFICATION",
        "visibility": "VISIBILITY_PUBLIC",
        "region": "REGION_GCP_EUROPE_WEST4",
        "hardware": "CPU",
        **fields,
    }
