"""The task the worker (`manage.py db_worker`) runs to send one webhook delivery."""

from datetime import datetime

from django_tasks import TaskContext, task


@task(takes_context=True)
def deliver_webhook(context: TaskContext, delivery_id: str) -> str:
    from modelhub.services.deliveries import delivery_attempt  # the services enqueue this task: import late

    return delivery_attempt(delivery_id=delivery_id, task_id=str(context.task_result.id))


def enqueue_delivery(delivery_id: str, *, run_after: datetime | None = None) -> str:
    """Enqueue a send of the delivery, in the caller's transaction (the outbox); the task's id."""
    queued = deliver_webhook.using(run_after=run_after) if run_after is not None else deliver_webhook
    return str(queued.enqueue(delivery_id).id)
