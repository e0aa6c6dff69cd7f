"""Load the demo data through the services. Idempotent: a second run changes nothing."""

from django.core.management.base import BaseCommand

from home.demo import STEPS


class Command(BaseCommand):
    help = "Load the demo data (pages in every language, an admin user). Safe to run again."

    def handle(self, *args, **options):
        created = sum(step(self.stdout.write) for step in STEPS)
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {created} objects created."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo data already loaded: nothing changed."))
