"""Import providers from a chamber of commerce register (CSV): all rows or none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from marketplace.onboarding.services.importing import suppliers_import


class Command(BaseCommand):
    help = ("Create or update providers from a register CSV (columns: see "
            "marketplace.onboarding.services.importing). "
            "Nothing is written if any row is wrong; a second run of the same file changes "
            "nothing.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the CSV file (UTF-8, ',' or ';')")
        parser.add_argument("--dry-run", action="store_true",
                            help="check the file and count what would change, write nothing")

    def handle(self, *args, path: Path, dry_run: bool, **options):
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {path}") from exc
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        report = suppliers_import(file=data, dry_run=dry_run)
        if not report.ok:
            raise CommandError(report.as_text())
        self.stdout.write(self.style.SUCCESS(report.as_text()))
