from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from community.models import Community
from demo.generators import DEMO_PASSWORD, seed_world


class Command(BaseCommand):
    help = "Build the demo world (places and teams of the news reports, invented people). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG=0 (never on a production database)."
        )
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if any community exists already.")

    def handle(self, *args, force: bool = False, if_empty: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo refuses to run with DEBUG=0: it creates logins with a known password. Use --force on a demo server only."
            )
        if if_empty and Community.objects.exists():
            self.stdout.write("Demo data present; nothing to do.")
            return
        with transaction.atomic():
            counts = seed_world()
        for name, count in counts.items():
            self.stdout.write(f"  {name}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo world ready. Logins admin, street, staff, leader, volunteer; password {DEMO_PASSWORD}"
            )
        )
