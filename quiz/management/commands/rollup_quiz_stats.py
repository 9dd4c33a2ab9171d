from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from quiz.analytics.rollups import ensure_rollups
from quiz.models import DailyFigure, Quiz, RolledUpDay


class Command(BaseCommand):
    help = (
        "Store daily analytics figures for closed days. Run nightly: the report only reads rollups, "
        "and reads days not rolled up yet (today at least) from the response tables."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=3 * 366, help="How far back to look for missing days.")
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="Forget stored rollups in the range first (after a change to what the figures count).",
        )

    def handle(self, *args, days, rebuild, **options):
        now = timezone.now()
        first = (now - timedelta(days=days)).date()
        total = 0
        for quiz in Quiz.objects.all():
            if rebuild:
                DailyFigure.objects.filter(quiz=quiz, day__gte=first).delete()
                RolledUpDay.objects.filter(quiz=quiz, day__gte=first).delete()
            added = ensure_rollups(quiz.pk, first, now.date(), now)
            total += added
            self.stdout.write(f"{quiz.title}: {added} day(s) rolled up")
        self.stdout.write(self.style.SUCCESS(f"Done: {total} day(s) added."))
