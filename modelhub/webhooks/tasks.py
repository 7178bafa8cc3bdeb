"""The task the worker (`manage.py db_worker`) runs to send one webhook delivery."""

import uuid
from collections.abc import Iterable
from datetime import datetime

from django.db.models import Q
from django_tasks import TaskContext, task


@task(takes_context=True)
def deliver_webhook(context: TaskContext, delivery_id: str) -> str:
    from modelhub.services.deliveries import delivery_attempt  # the services enqueue this task: import late

    return delivery_attempt(delivery_id=delivery_id, task_id=str(context.task_result.id))


def enqueue_delivery(delivery_id: str, *, run_after: datetime | None = None) -> str:
    """Enqueue a send of the delivery, in the caller's transaction (the outbox); the task's id."""
    queued = deliver_webhook.using(run_after=run_after) if run_after is not None else deliver_webhook
    return str(queued.enqueue(delivery_id).id)


def tasks_in_hand(task_ids: Iterable[str], *, started_after: datetime) -> set[str]:
    """Of these tasks, those the queue still holds: waiting for a worker, or started by one
    after `started_after` (a task started earlier belongs to a worker that stopped mid-task)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    ids = []
    for task_id in task_ids:
        try:
            ids.append(uuid.UUID(task_id))
        except (TypeError, ValueError):
            continue
    held = Q(status=TaskResultStatus.READY) | Q(status=TaskResultStatus.RUNNING, started_at__gt=started_after)
    return {str(pk) for pk in DBTaskResult.objects.filter(held, id__in=ids).values_list("id", flat=True)}
