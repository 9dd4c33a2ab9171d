"""Raw aggregation: every figure the report needs, as GROUP BY queries over the response tables.

Each function returns rows of one shape, `Figure(revision_id, day, key, value)`, where the key
names what is counted (`FigureKey`), so the same rows can be stored as daily rollups
(rollups.py) or used directly for days not rolled up yet. Seven queries, whatever the number
of responses.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from django.db.models import Count, Exists, F, OuterRef, Value
from django.db.models.functions import Least, TruncDate

from quiz.models import QuizResponse, ResponseAnswer, ResponseOutcome

DURATION_BUCKET_SECONDS = 10
DURATION_BUCKETS = 360  # one hour; slower runs fall in the last bucket
# Bucket n holds runs that round to n × 10 seconds, so the median reads "to the nearest 10 s".
_HALF_BUCKET = DURATION_BUCKET_SECONDS // 2


class FigureKey(NamedTuple):
    """What a figure counts. Each metric uses only the fields it names; the rest stay empty (0
    for ids: the revision, page or level may since have been deleted, as DailyFigure.revision_id).

    starts, completions, crisis, idle: none
    duration: duration_bucket
    left, answered: question_key
    option, skipped: question_key, option_key (empty for skipped)
    support: support_level_id (0: no level suggested)
    outcome, click: approach_id, rank

    Every figure also names the language its responses were taken in (QuizResponse.language),
    so the report can count one language or all.
    """

    metric: str
    question_key: str = ""
    option_key: str = ""
    approach_id: int = 0
    rank: int = 0
    support_level_id: int = 0
    duration_bucket: int = 0
    language: str = ""


# The DailyFigure fields that hold a FigureKey besides its metric.
KEY_FIELDS = FigureKey._fields[1:]


@dataclass(frozen=True)
class Figure:
    revision_id: int | None
    day: date
    key: FigureKey
    value: int
    quiz_id: int | None = None


def _responses(quiz_ids, since: datetime, until: datetime):
    return QuizResponse.objects.filter(quiz_id__in=quiz_ids, started_at__gte=since, started_at__lt=until)


def _language(r) -> dict:
    return {"language": r["language"]}


def figures(quiz_ids, since: datetime, until: datetime) -> list[Figure]:
    """All figures for responses that started in [since, until), by quiz, revision and day.

    `quiz_ids`: one quiz id, or several (a quiz's rows in each language) for the same queries."""
    quiz_ids = [quiz_ids] if isinstance(quiz_ids, int) else list(quiz_ids)
    rows: list[Figure] = []
    responses = _responses(quiz_ids, since, until).annotate(day=TruncDate("started_at"))

    # A start that never chose an answer (a bot, a misclick, a glance) is counted apart: "idle".
    answered_any = Exists(ResponseAnswer.objects.filter(response=OuterRef("pk")).exclude(option_key=""))
    for r in responses.values("quiz_id", "revision_id", "day", "language").annotate(
        starts=Count("id"),
        completions=Count("completed_at"),
        crisis=Count("crisis_at"),
        idle=Count("id", filter=~answered_any),
    ):
        for metric in ("starts", "completions", "crisis", "idle"):
            rows.append(Figure(r["revision_id"], r["day"], FigureKey(metric, **_language(r)), r[metric], r["quiz_id"]))

    durations = (
        responses.filter(duration_seconds__isnull=False)
        .annotate(
            bucket=Least((F("duration_seconds") + _HALF_BUCKET) / DURATION_BUCKET_SECONDS, Value(DURATION_BUCKETS - 1))
        )
        .values("quiz_id", "revision_id", "day", "language", "bucket")
        .annotate(n=Count("id"))
    )
    rows += [
        Figure(
            r["revision_id"],
            r["day"],
            FigureKey("duration", duration_bucket=r["bucket"], **_language(r)),
            r["n"],
            r["quiz_id"],
        )
        for r in durations
    ]

    left = (
        responses.filter(completed_at__isnull=True, crisis_at__isnull=True)
        .values("quiz_id", "revision_id", "day", "language", "last_question_key")
        .annotate(n=Count("id"))
    )
    rows += [
        Figure(
            r["revision_id"],
            r["day"],
            FigureKey("left", question_key=r["last_question_key"], **_language(r)),
            r["n"],
            r["quiz_id"],
        )
        for r in left
    ]

    support = (
        responses.filter(completed_at__isnull=False)
        .values("quiz_id", "revision_id", "day", "language", "support_level_id")
        .annotate(n=Count("id"))
    )
    rows += [
        Figure(
            r["revision_id"],
            r["day"],
            FigureKey("support", support_level_id=r["support_level_id"] or 0, **_language(r)),
            r["n"],
            r["quiz_id"],
        )
        for r in support
    ]

    # `response__in` a subquery rather than filtering through the join: PostgreSQL then uses
    # the index on response_id instead of hashing every answer row (6× faster at 1M responses).
    in_window = _responses(quiz_ids, since, until).values("pk")
    answers = ResponseAnswer.objects.filter(response__in=in_window).annotate(
        day=TruncDate("response__started_at"),
        revision_id=F("response__revision_id"),
        language=F("response__language"),
        quiz_id=F("response__quiz_id"),
    )
    for r in answers.values("quiz_id", "revision_id", "day", "language", "question_key", "option_key").annotate(
        n=Count("id")
    ):
        metric = "option" if r["option_key"] else "skipped"
        key = FigureKey(metric, question_key=r["question_key"], option_key=r["option_key"], **_language(r))
        rows.append(Figure(r["revision_id"], r["day"], key, r["n"], r["quiz_id"]))
    answered = (
        answers.exclude(option_key="")
        .values("quiz_id", "revision_id", "day", "language", "question_key")
        .annotate(n=Count("response_id", distinct=True))
    )
    rows += [
        Figure(
            r["revision_id"],
            r["day"],
            FigureKey("answered", question_key=r["question_key"], **_language(r)),
            r["n"],
            r["quiz_id"],
        )
        for r in answered
    ]

    outcomes = (
        ResponseOutcome.objects.filter(response__in=in_window)
        .annotate(
            day=TruncDate("response__started_at"),
            revision_id=F("response__revision_id"),
            language=F("response__language"),
            quiz_id=F("response__quiz_id"),
        )
        .values("quiz_id", "revision_id", "day", "language", "approach_id", "rank")
        .annotate(n=Count("id"), clicks=Count("clicked_at"))
    )
    for r in outcomes:
        page = {"approach_id": r["approach_id"] or 0, "rank": r["rank"], **_language(r)}
        rows.append(Figure(r["revision_id"], r["day"], FigureKey("outcome", **page), r["n"], r["quiz_id"]))
        if r["clicks"]:
            rows.append(Figure(r["revision_id"], r["day"], FigureKey("click", **page), r["clicks"], r["quiz_id"]))
    return rows
