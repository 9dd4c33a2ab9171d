"""Daily rollups: stored by the nightly command for closed days, read by the report.

Only `manage.py rollup_quiz_stats` (nightly) and `purge_quiz_responses` (before deleting raw
rows) write rollups, through `ensure_rollups`. The report only reads (`read_figures`): the
days rolled up from DailyFigure, every other day in its range (today, and any day the nightly
run has not reached) live from the response tables.
"""

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Sum

from quiz.analytics.figures import KEY_FIELDS, Figure, FigureKey, figures
from quiz.models import DailyFigure, RolledUpDay
from quiz.services import RESPONSE_LIFETIME

DAILY_METRICS = ("starts", "completions", "crisis")


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def first_open_day(now: datetime) -> date:
    """Days before this one can receive no more writes."""
    return (now - RESPONSE_LIFETIME).astimezone(UTC).date()


def ensure_rollups(quiz_id: int, first: date, last: date, now: datetime) -> int:
    """Roll up the closed days in [first, last] not yet stored. Returns how many days were added."""
    last = min(last, first_open_day(now) - timedelta(days=1))
    if last < first:
        return 0
    done = {day for _quiz, day in _rolled_up_days([quiz_id], first, last)}
    missing = [d for d in _days(first, last) if d not in done]
    if not missing:
        return 0
    rows = _raw_figures([quiz_id], missing)
    with transaction.atomic():
        # Two runs rolling up the same closed day compute the same figures: keep either.
        DailyFigure.objects.bulk_create(
            [
                DailyFigure(
                    quiz_id=quiz_id,
                    revision_id=f.revision_id or 0,
                    day=f.day,
                    metric=f.key.metric,
                    value=f.value,
                    **{name: getattr(f.key, name) for name in KEY_FIELDS},
                )
                for f in rows
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )
        RolledUpDay.objects.bulk_create(
            [RolledUpDay(quiz_id=quiz_id, day=d) for d in missing], batch_size=1000, ignore_conflicts=True
        )
    return len(missing)


def read_figures(quiz_ids, first: date, last: date, revision_ids=None, language: str | None = None):
    """Totals by (revision, FigureKey) and daily counts by (revision, day, metric) for
    [first, last], for every revision or only those in `revision_ids`, and for every language
    or only `language`. Writes nothing.

    `quiz_ids` are one quiz's rows in each language (its translations, counted as one quiz):
    revision ids never repeat across them. The keys returned name no language.

    A fixed number of queries whatever the volume or the number of languages: rolled-up days
    from DailyFigure, the others (today at least) from the raw tables in one window.
    """
    quiz_ids = [quiz_ids] if isinstance(quiz_ids, int) else list(quiz_ids)
    totals: dict[tuple, int] = defaultdict(int)
    daily: dict[tuple, int] = defaultdict(int)

    rolled = _rolled_up_days(quiz_ids, first, last)
    if rolled:
        stored = DailyFigure.objects.filter(quiz_id__in=quiz_ids, day__range=(first, last))
        if revision_ids:
            stored = stored.filter(revision_id__in=revision_ids)
        if language:
            stored = stored.filter(language=language)
        fields = [name for name in KEY_FIELDS if name != "language"]
        for r in stored.values("revision_id", "metric", *fields).annotate(total=Sum("value")):
            key = FigureKey(r["metric"], *(r[name] for name in fields))
            totals[(r["revision_id"], key)] += r["total"]
        daily_rows = stored.filter(metric__in=DAILY_METRICS).values("revision_id", "day", "metric")
        for r in daily_rows.annotate(total=Sum("value")):
            daily[(r["revision_id"], r["day"], r["metric"])] += r["total"]

    # Days some quiz of the group has not rolled up yet, read raw for that quiz only.
    live = [d for d in _days(first, last) if any((q, d) not in rolled for q in quiz_ids)]
    for f in _raw_figures(quiz_ids, live):
        if (f.quiz_id, f.day) in rolled or (revision_ids and (f.revision_id or 0) not in revision_ids):
            continue
        if language and f.key.language != language:
            continue
        key = f.key._replace(language="")
        totals[(f.revision_id or 0, key)] += f.value
        if key.metric in DAILY_METRICS:
            daily[(f.revision_id or 0, f.day, key.metric)] += f.value
    return totals, daily


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _rolled_up_days(quiz_ids, first: date, last: date) -> set[tuple[int, date]]:
    """(quiz id, day) of the days stored for these quizzes."""
    rows = RolledUpDay.objects.filter(quiz_id__in=quiz_ids, day__range=(first, last)).values_list("quiz_id", "day")
    return set(rows)


def _raw_figures(quiz_ids, days: list[date]) -> list[Figure]:
    """Figures from the response tables for these days (ascending), in one window of queries."""
    if not days:
        return []
    wanted = set(days)
    return [f for f in figures(quiz_ids, start_of(days[0]), start_of(days[-1] + timedelta(days=1))) if f.day in wanted]
