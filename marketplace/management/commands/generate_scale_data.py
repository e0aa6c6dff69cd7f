"""Generate many live providers and experiences in bulk (benchmarks, load tests)."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from marketplace.demo.scale import SCALE_SEED, scale_data_generate


class ProgressBar:
    """A one-line progress bar on a terminal stream: done/total, rate and a bar."""

    def __init__(self, stream=sys.stderr, width: int = 30):
        self.stream, self.width, self.start = stream, width, time.perf_counter()

    def __call__(self, done: int, total: int) -> None:
        filled = self.width * done // total if total else self.width
        rate = done / max(time.perf_counter() - self.start, 1e-9)
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] "
                          f"{done:,}/{total:,} experiences ({rate:,.0f}/s)")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = ("Insert N live experiences (and N/3 providers titled 'Scale ...', VAT numbers "
            "SCALE-nnnnnnn) in bulk under the Italian provider index. Deterministic for a "
            "seed; providers already there are skipped, so a second run adds nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--experiences", type=int, required=True)
        parser.add_argument("--providers", type=int, default=None,
                            help="default: a third of --experiences")
        parser.add_argument("--seed", type=int, default=SCALE_SEED)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, experiences: int, providers: int | None, seed: int,
               no_progress: bool, **options):
        if experiences < 1 or (providers is not None and providers < 1):
            raise CommandError("--experiences and --providers must be at least 1.")
        progress = None if no_progress else ProgressBar()
        report = scale_data_generate(experiences=experiences, providers=providers, seed=seed,
                                     progress=progress)
        if not report.experiences:
            self.stdout.write(f"All {report.planned_providers:,} scale providers are already "
                              "there: nothing added.")
            return
        self.stdout.write(self.style.SUCCESS(
            f"{report.providers:,} providers, {report.experiences:,} experiences and "
            f"{report.slots:,} slots created in {report.seconds:.1f} s "
            f"({report.experiences_per_s:,.0f} experiences/s); "
            f"{report.skipped_providers:,} providers were already there."))
