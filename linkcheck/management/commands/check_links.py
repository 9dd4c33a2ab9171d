from django.core.management.base import BaseCommand, CommandError

from linkcheck.checker import DEFAULT_BUDGET, DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT
from linkcheck.models import BROKEN, Kind
from linkcheck.services import run_link_check


def _positive(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Check every link in live pages, snippets, Portal settings and Portal wording; the results "
        "appear under Reports → Broken links and in Content health. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=_positive, default=DEFAULT_TIMEOUT, help="Seconds per request.")
        parser.add_argument("--concurrency", type=int, default=DEFAULT_CONCURRENCY, help="Requests at the same time.")
        parser.add_argument(
            "--budget",
            type=_positive,
            default=DEFAULT_BUDGET,
            help="Seconds for the whole run; links left when it runs out are reported as not checked.",
        )

    def handle(self, *args, timeout, concurrency, budget, **options):
        if concurrency < 1:
            raise CommandError("--concurrency must be at least 1.")
        run = run_link_check(timeout=timeout, concurrency=concurrency, budget=budget)
        urgent = run.results.filter(urgent=True, kind__in=BROKEN).count()
        message = f"Checked {run.links} link(s): {run.broken} broken, {urgent} of them in crisis resources."
        if run.out_of_time:
            left = run.results.filter(kind=Kind.NOT_CHECKED).count()
            message += f" The {budget:g} s budget ran out: {left} not checked."
        self.stdout.write(self.style.WARNING(message) if run.broken or run.out_of_time else self.style.SUCCESS(message))
