"""`manage.py run_worker`: the database task worker (`db_worker`, same options) that also sends
again the webhook deliveries a stopped worker left unsent: when it starts, and every little
while (WEBHOOK_STALL_MARGIN, between 1 and 60 seconds) from a background thread."""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from modelhub.services.deliveries import deliveries_requeue_stalled

logger = logging.getLogger(__name__)


def _requeue_forever(stop: threading.Event) -> None:
    interval = max(1.0, min(60.0, settings.WEBHOOK_STALL_MARGIN))
    while not stop.wait(interval):
        try:
            close_old_connections()
            deliveries_requeue_stalled()
        except Exception:  # the worker itself goes on; the next round tries again
            logger.exception("Could not requeue stalled webhook deliveries")
        finally:
            connection.close()


class Command(DbWorkerCommand):
    help = "Run the background worker (webhook deliveries), recovering deliveries a stopped worker left unsent."

    def handle(self, *args, **options):
        requeued = deliveries_requeue_stalled()
        if requeued and options.get("verbosity", 1):
            self.stdout.write(f"Requeued {requeued} webhook deliveries left unsent by a stopped worker.")
        stop = threading.Event()
        threading.Thread(target=_requeue_forever, args=(stop,), daemon=True, name="requeue-stalled").start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
