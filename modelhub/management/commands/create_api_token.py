from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from modelhub.services import token_create


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it (it is shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Command-line token", help="A name to recognise the token by.")

    def handle(self, *args, username: str, name: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named '{username}'.")
        if not user.is_active:
            raise CommandError(f"User '{username}' is inactive; their tokens would not authenticate.")
        _, raw = token_create(user=user, name=name)
        self.stdout.write(raw)
