"""Store figures for closed days, and read figures for any range: rollups plus open days."""

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Sum

from quiz.analytics.figures import Figure, figures
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
    done = set(RolledUpDay.objects.filter(quiz_id=quiz_id, day__range=(first, last)).values_list("day", flat=True))
    missing = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    missing = [d for d in missing if d not in done]
    if not missing:
        return 0
    wanted = set(missing)
    rows = [
        f for f in figures(quiz_id, start_of(missing[0]), start_of(missing[-1] + timedelta(days=1))) if f.day in wanted
    ]
    with transaction.atomic():
        # Two reports rolling up the same closed day compute the same figures: keep either.
        DailyFigure.objects.bulk_create(
            [
                DailyFigure(
                    quiz_id=quiz_id,
                    revision_id=f.revision_id or 0,
                    day=f.day,
                    metric=f.metric,
                    key1=f.key1,
                    key2=f.key2,
                    value=f.value,
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


def read_figures(quiz_id: int, first: date, last: date, now: datetime, revision_ids=None):
    """Totals by (revision, metric, key1, key2) and daily counts by (revision, day, metric) for
    [first, last], for every revision or only those in `revision_ids`.

    A fixed number of queries: closed days come from rollups, open days from the raw tables.
    """
    ensure_rollups(quiz_id, first, last, now)
    open_from = max(first, first_open_day(now))
    totals: dict[tuple, int] = defaultdict(int)
    daily: dict[tuple, int] = defaultdict(int)

    closed_last = min(last, open_from - timedelta(days=1))
    if closed_last >= first:
        stored = DailyFigure.objects.filter(quiz_id=quiz_id, day__range=(first, closed_last))
        if revision_ids:
            stored = stored.filter(revision_id__in=revision_ids)
        for r in stored.values("revision_id", "metric", "key1", "key2").annotate(total=Sum("value")):
            totals[(r["revision_id"], r["metric"], r["key1"], r["key2"])] += r["total"]
        daily_rows = stored.filter(metric__in=DAILY_METRICS).values("revision_id", "day", "metric")
        for r in daily_rows.annotate(total=Sum("value")):
            daily[(r["revision_id"], r["day"], r["metric"])] += r["total"]

    if open_from <= last:
        for f in figures(quiz_id, start_of(open_from), start_of(last + timedelta(days=1))):
            if revision_ids and (f.revision_id or 0) not in revision_ids:
                continue
            _add(totals, daily, f)
    return totals, daily


def _add(totals, daily, f: Figure):
    totals[(f.revision_id or 0, f.metric, f.key1, f.key2)] += f.value
    if f.metric in DAILY_METRICS:
        daily[(f.revision_id or 0, f.day, f.metric)] += f.value
