"""The quiz analytics report: figures for a quiz and date range, shaped for tables, charts and exports."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from wagtail.models import Revision

from approaches.models import ApproachPage
from quiz.analytics.figures import DURATION_BUCKET_SECONDS
from quiz.analytics.rollups import read_figures
from quiz.models import SupportLevel
from quiz.selectors import RevisionGone, flow_for_revision


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Summary:
    starts: int = 0
    completions: int = 0
    crisis: int = 0
    median_seconds: int | None = None

    @property
    def completion_rate(self):
        return _rate(self.completions, self.starts)

    @property
    def crisis_share(self):
        return _rate(self.crisis, self.starts)


@dataclass
class FunnelRow:
    number: int
    key: str
    text: str
    answered: int
    skipped: int
    left: int

    @property
    def reached(self) -> int:
        return self.answered + self.skipped + self.left


@dataclass
class AnswerRow:
    question: str
    answer: str
    count: int
    percent: float | None


@dataclass
class OutcomeRow:
    approach: str
    suggested: int
    first_choice: int
    clicks: int

    @property
    def click_rate(self):
        return _rate(self.clicks, self.suggested)


@dataclass
class RevisionColumn:
    revision_id: int
    label: str
    summary: Summary
    funnel: list[FunnelRow]


@dataclass
class Report:
    first: date
    last: date
    summary: Summary
    funnel: list[FunnelRow] = field(default_factory=list)
    answers: list[AnswerRow] = field(default_factory=list)
    outcomes: list[OutcomeRow] = field(default_factory=list)
    support: list[AnswerRow] = field(default_factory=list)
    trend: list[tuple[date, int, int]] = field(default_factory=list)
    comparison: list[RevisionColumn] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.summary.starts


def build_report(*, quiz, first: date, last: date, revision_id=None, compare_id=None, now=None) -> Report:
    now = now or timezone.now()
    totals, daily = read_figures(quiz.pk, first, last, now, revision_id=revision_id)

    by_revision: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    merged: dict[tuple, int] = defaultdict(int)
    for (rev, metric, key1, key2), value in totals.items():
        by_revision[rev][(metric, key1, key2)] += value
        merged[(metric, key1, key2)] += value

    flow = _flow(revision_id or quiz.live_revision_id or max(by_revision, default=None))
    report = Report(first=first, last=last, summary=_summary(merged))
    report.funnel = _funnel(merged, flow)
    report.answers = _answers(merged, flow)
    report.outcomes = _outcomes(merged)
    report.support = _support(merged, report.summary.completions)
    report.trend = [
        (day, daily.get((day, "starts"), 0), daily.get((day, "completions"), 0))
        for day in (first + timedelta(days=i) for i in range((last - first).days + 1))
    ]
    report.comparison = _comparison(by_revision, revision_id, compare_id)
    return report


def _flow(revision_id):
    if not revision_id:
        return None
    try:
        return flow_for_revision(revision_id)
    except RevisionGone:
        return None


def _summary(figures) -> Summary:
    summary = Summary(
        starts=figures[("starts", "", "")],
        completions=figures[("completions", "", "")],
        crisis=figures[("crisis", "", "")],
    )
    buckets = sorted((int(k1), v) for (metric, k1, _), v in figures.items() if metric == "duration" and v)
    total = sum(v for _, v in buckets)
    seen = 0
    for bucket, count in buckets:
        seen += count
        if seen * 2 >= total:
            # The middle of the 10-second bucket that holds the median run.
            summary.median_seconds = bucket * DURATION_BUCKET_SECONDS + DURATION_BUCKET_SECONDS // 2
            break
    return summary


def _question_keys(figures, flow) -> list[str]:
    seen = {k1 for (metric, k1, _) in figures if metric in ("answered", "skipped", "left", "option") and k1}
    ordered = [q.key for q in flow.questions] if flow else []
    return ordered + sorted(seen - set(ordered))


def _funnel(figures, flow) -> list[FunnelRow]:
    rows = []
    for number, key in enumerate(_question_keys(figures, flow), start=1):
        question = flow.question(key) if flow else None
        rows.append(
            FunnelRow(
                number=number,
                key=key,
                text=question.text if question else key,
                answered=figures[("answered", key, "")],
                skipped=figures[("skipped", key, "")],
                left=figures[("left", key, "")],
            )
        )
    return rows


def _answers(figures, flow) -> list[AnswerRow]:
    rows = []
    for key in _question_keys(figures, flow):
        question = flow.question(key) if flow else None
        answered = figures[("answered", key, "")]
        option_keys = [o.key for o in question.options] if question else []
        option_keys += sorted({k2 for (m, k1, k2) in figures if m == "option" and k1 == key} - set(option_keys))
        for option_key in option_keys:
            option = question.option(option_key) if question else None
            count = figures[("option", key, option_key)]
            rows.append(
                AnswerRow(
                    question=question.text if question else key,
                    answer=option.label if option else option_key,
                    count=count,
                    percent=_rate(count, answered),
                )
            )
    return rows


def _outcomes(figures) -> list[OutcomeRow]:
    suggested, first, clicks = defaultdict(int), defaultdict(int), defaultdict(int)
    for (metric, approach, rank), value in figures.items():
        if metric == "outcome":
            suggested[approach] += value
            if rank == "1":
                first[approach] += value
        elif metric == "click":
            clicks[approach] += value
    ids = [int(a) for a in suggested if a]
    titles = {str(pk): title for pk, title in ApproachPage.objects.filter(pk__in=ids).values_list("pk", "title")}
    rows = [
        OutcomeRow(titles.get(a, "A page that has been deleted"), suggested[a], first[a], clicks[a]) for a in suggested
    ]
    return sorted(rows, key=lambda r: (-r.suggested, r.approach))


def _support(figures, completions) -> list[AnswerRow]:
    counts = {k1: v for (metric, k1, _), v in figures.items() if metric == "support" and v}
    names = {str(pk): name for pk, name in SupportLevel.objects.values_list("pk", "name")}
    rows = [
        AnswerRow("Support level", names.get(k, "No suggestion") if k else "No suggestion", v, _rate(v, completions))
        for k, v in counts.items()
    ]
    return sorted(rows, key=lambda r: -r.count)


def _comparison(by_revision, revision_id, compare_id) -> list[RevisionColumn]:
    started = [rev for rev, figs in by_revision.items() if figs[("starts", "", "")]]
    chosen = [compare_id, revision_id] if revision_id and compare_id else sorted(started)[-2:]
    if len(chosen) < 2:
        return []
    created = dict(Revision.objects.filter(pk__in=chosen).values_list("pk", "created_at"))
    columns = []
    for rev in chosen:
        figures = by_revision.get(rev, defaultdict(int))
        when = created.get(rev)
        label = f"Revision {rev}" + (f" ({when:%d %b %Y})" if when else " (deleted)")
        columns.append(RevisionColumn(rev, label, _summary(figures), _funnel(figures, _flow(rev))))
    return columns


def suppressed(value, threshold: int | None = None):
    """Small counts are hidden in exports so no small group can be singled out."""
    threshold = settings.QUIZ_ANALYTICS_SUPPRESS_BELOW if threshold is None else threshold
    if isinstance(value, int) and 0 < value < threshold:
        return f"<{threshold}"
    return value
