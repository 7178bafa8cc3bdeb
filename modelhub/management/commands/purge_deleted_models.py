"""`manage.py purge_deleted_models [--dry-run]`: remove the models deleted more than 30 days ago."""

from django.core.management.base import BaseCommand

from modelhub.models.aimodels import RESTORE_WINDOW_DAYS
from modelhub.services import aimodels_purge_deleted


class Command(BaseCommand):
    help = (
        f"Remove the models deleted more than {RESTORE_WINDOW_DAYS} days ago, with their history; "
        "their IDs become free. Safe to run again: a second run finds nothing more to remove."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be removed; remove nothing.")

    def handle(self, *args, dry_run: bool, **options):
        names = aimodels_purge_deleted(dry_run=dry_run)
        verb = "Would purge" if dry_run else "Purged"
        for name in names:
            self.stdout.write(f"{verb} {name}")
        self.stdout.write(f"{verb} {len(names)} model(s) deleted more than {RESTORE_WINDOW_DAYS} days ago.")
