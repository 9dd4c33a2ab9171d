import re
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from quiz.analytics.rollups import ensure_rollups, start_of
from quiz.models import Quiz, QuizResponse, ResponseAnswer, ResponseOutcome


def parse_days(value: str) -> int:
    match = re.fullmatch(r"(\d+)d?", value.strip())
    if not match or int(match.group(1)) < 1:
        raise CommandError("Give the age in days, for example --older-than 365d.")
    return int(match.group(1))


class Command(BaseCommand):
    help = (
        "Delete quiz responses older than the retention period, in batches. Daily figures are "
        "rolled up first, so the analytics report shows the same numbers afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", default=f"{settings.QUIZ_RETENTION_DAYS}d")
        parser.add_argument("--batch", type=int, default=5000)

    def handle(self, *args, older_than, batch, **options):
        days = parse_days(older_than)
        now = timezone.now()
        cutoff_day = (now - timedelta(days=days)).date()
        cutoff = start_of(cutoff_day)  # whole days only, so every purged day has its rollup
        deleted = 0
        for quiz in Quiz.objects.all():
            oldest = QuizResponse.objects.filter(quiz=quiz, started_at__lt=cutoff).order_by("started_at").first()
            if oldest is None:
                continue
            ensure_rollups(quiz.pk, oldest.started_at.date(), cutoff_day - timedelta(days=1), now)
            while True:
                ids = list(
                    QuizResponse.objects.filter(quiz=quiz, started_at__lt=cutoff).values_list("pk", flat=True)[:batch]
                )
                if not ids:
                    break
                with transaction.atomic():
                    ResponseAnswer.objects.filter(response_id__in=ids).delete()
                    ResponseOutcome.objects.filter(response_id__in=ids).delete()
                    QuizResponse.objects.filter(pk__in=ids).delete()
                deleted += len(ids)
        self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} response(s) that started before {cutoff_day}."))
