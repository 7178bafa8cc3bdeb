"""`manage.py seed_demo`: the demo cast and catalog of the README (modelhub.demo).

Idempotent: a second run writes nothing and says so.
"""

from django.core.management.base import BaseCommand

from modelhub.demo.cast import PASSWORD
from modelhub.demo.seed import seed_demo


class Command(BaseCommand):
    help = "Create the demo users, namespaces, model definitions and models (idempotent)."

    def handle(self, *args, **options):
        created = seed_demo()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo data: created {len(created)} object(s):"))
            for line in created:
                self.stdout.write(f"  {line}")
            self.stdout.write(f"Sign in as alice, bob, carol, moderator or admin with the password {PASSWORD!r}.")
        else:
            self.stdout.write("Demo data already present; nothing changed.")
