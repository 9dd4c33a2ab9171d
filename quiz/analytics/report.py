"""The quiz analytics report: figures for a quiz and date range, shaped for tables, charts and exports.

Read only, and without a clock: rolled-up days come from the nightly rollups, every other day
in the range (today, at least) from the response tables (quiz.analytics.rollups.read_figures).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from approaches.models import ApproachPage
from quiz.analytics.figures import DURATION_BUCKET_SECONDS, FigureKey
from quiz.analytics.revisions import PublishedRevision, published_revisions
from quiz.analytics.rollups import read_figures
from quiz.analytics.sure import read_sure
from quiz.models import SupportLevel
from quiz.selectors import RevisionGone, flow_for_revision


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Summary:
    starts: int = 0
    completions: int = 0
    crisis: int = 0
    idle: int = 0  # started but never chose an answer
    median_seconds: int | None = None

    @property
    def engaged(self) -> int:
        """Starts that chose at least one answer."""
        return self.starts - self.idle

    @property
    def completion_rate(self):
        return _rate(self.completions, self.starts)

    @property
    def engaged_completion_rate(self):
        return _rate(self.completions, self.engaged)

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

    @property
    def drop_off(self):
        """Of those shown this question, the % who left here."""
        return _rate(self.left, self.reached)


@dataclass
class AnswerRow:
    question: str
    answer: str
    count: int
    percent: float | None
    question_key: str = ""
    option_key: str = ""


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
    outcomes: list[OutcomeRow] = field(default_factory=list)


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
    # Published revisions, newest first, and those that went live inside the range.
    revisions: list[PublishedRevision] = field(default_factory=list, compare=False)
    went_live: list[tuple[date, PublishedRevision]] = field(default_factory=list, compare=False)
    comparison_messages: list[str] = field(default_factory=list)
    revision_ids: frozenset = frozenset()  # revisions whose responses the main figures cover
    # The SURE check's counts for every revision and language (quiz.analytics.sure): not dated,
    # and read whatever the filters, which only choose the rows shown.
    sure: list = field(default_factory=list)
    revision_filter: int | None = None
    language: str | None = None
    flow: object = field(default=None, compare=False, repr=False)

    @property
    def is_empty(self) -> bool:
        return not self.summary.starts


STARTS = FigureKey("starts")


def build_report(
    *, quiz, first: date, last: date, revision_id=None, compare_id=None, published=None, language=None
) -> Report:
    """The figures of `quiz` in every language it is translated into, counted as one quiz (its
    rows share a translation key), or in `language` only.

    `published`: the quiz's published revisions, if the caller has read them already."""
    wanted = {r for r in (revision_id, compare_id) if r} if revision_id else None
    group = quiz_group(quiz)
    totals, daily = read_figures(group, first, last, revision_ids=wanted, language=language)

    by_revision: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    merged: dict[FigureKey, int] = defaultdict(int)
    for (rev, key), value in totals.items():
        by_revision[rev][key] += value
        if not revision_id or rev == revision_id:
            merged[key] += value

    flow = _flow(revision_id or quiz.live_revision_id or max(by_revision, default=None))
    titles = _approach_titles(totals)
    report = Report(first=first, last=last, summary=_summary(merged), flow=flow)
    report.sure, report.revision_filter, report.language = read_sure(group), revision_id, language
    report.revision_ids = frozenset(
        rev for rev, figs in by_revision.items() if figs[STARTS] and (not revision_id or rev == revision_id)
    )
    report.funnel = _funnel(merged, flow)
    report.answers = _answers(merged, flow)
    report.outcomes = _outcomes(merged, titles)
    report.support = _support(merged, report.summary.completions)

    def day_total(day, metric):
        return sum(v for (rev, d, m), v in daily.items() if d == day and m == metric and rev in report.revision_ids)

    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    report.trend = [(day, day_total(day, "starts"), day_total(day, "completions")) for day in days]
    report.revisions = published_revisions(quiz, translations=True) if published is None else published
    report.went_live = [(r.went_live_on, r) for r in reversed(report.revisions) if first <= r.went_live_on <= last]
    report.comparison, report.comparison_messages = _comparison(
        by_revision, report.revisions, revision_id, compare_id, titles, first, last
    )
    return report


def quiz_group(quiz) -> list[int]:
    """The ids of this quiz and its translations (one per language). One query."""
    from quiz.models import Quiz

    return list(Quiz.objects.filter(translation_key=quiz.translation_key).values_list("pk", flat=True))


def _flow(revision_id):
    if not revision_id:
        return None
    try:
        return flow_for_revision(revision_id)
    except RevisionGone:
        return None


def _summary(figures) -> Summary:
    summary = Summary(
        starts=figures[STARTS],
        completions=figures[FigureKey("completions")],
        crisis=figures[FigureKey("crisis")],
        idle=figures[FigureKey("idle")],
    )
    buckets = sorted((k.duration_bucket, v) for k, v in figures.items() if k.metric == "duration" and v)
    total = sum(v for _, v in buckets)
    seen = 0
    for bucket, count in buckets:
        seen += count
        if seen * 2 >= total:
            # Bucket n holds the runs that round to n × 10 seconds.
            summary.median_seconds = bucket * DURATION_BUCKET_SECONDS
            break
    return summary


def _question_keys(figures, flow) -> list[str]:
    seen = {k.question_key for k in figures if k.metric in ("answered", "skipped", "left", "option") and k.question_key}
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
                answered=figures[FigureKey("answered", question_key=key)],
                skipped=figures[FigureKey("skipped", question_key=key)],
                left=figures[FigureKey("left", question_key=key)],
            )
        )
    return rows


def _answers(figures, flow) -> list[AnswerRow]:
    rows = []
    for key in _question_keys(figures, flow):
        question = flow.question(key) if flow else None
        answered = figures[FigureKey("answered", question_key=key)]
        option_keys = [o.key for o in question.options] if question else []
        chosen = {k.option_key for k in figures if k.metric == "option" and k.question_key == key}
        option_keys += sorted(chosen - set(option_keys))
        for option_key in option_keys:
            option = question.option(option_key) if question else None
            count = figures[FigureKey("option", question_key=key, option_key=option_key)]
            rows.append(
                AnswerRow(
                    question=question.text if question else key,
                    answer=option.label if option else option_key,
                    count=count,
                    percent=_rate(count, answered),
                    question_key=key,
                    option_key=option_key,
                )
            )
    return rows


def _approach_titles(totals) -> dict[int, str]:
    ids = {key.approach_id for (_rev, key) in totals if key.metric == "outcome" and key.approach_id}
    return dict(ApproachPage.objects.filter(pk__in=ids).values_list("pk", "title"))


def _outcomes(figures, titles) -> list[OutcomeRow]:
    suggested, first, clicks = defaultdict(int), defaultdict(int), defaultdict(int)
    for key, value in figures.items():
        if key.metric == "outcome":
            suggested[key.approach_id] += value
            if key.rank == 1:
                first[key.approach_id] += value
        elif key.metric == "click":
            clicks[key.approach_id] += value
    rows = [
        OutcomeRow(titles.get(a, "A page that has been deleted"), suggested[a], first[a], clicks[a]) for a in suggested
    ]
    return sorted(rows, key=lambda r: (-r.suggested, r.approach))


def _support(figures, completions) -> list[AnswerRow]:
    counts = {k.support_level_id: v for k, v in figures.items() if k.metric == "support" and v}
    names = dict(SupportLevel.objects.values_list("pk", "name"))
    rows = [
        AnswerRow("Support level", names.get(level, "No suggestion"), v, _rate(v, completions))
        for level, v in counts.items()
    ]
    return sorted(rows, key=lambda r: -r.count)


def _comparison(by_revision, published, revision_id, compare_id, titles, first, last):
    """Two revisions side by side, older first, with a message for anything missing."""
    known = {r.id: r for r in published}
    period = f"between {first:%d %b %Y} and {last:%d %b %Y}"
    if revision_id and compare_id:
        chosen = sorted({revision_id, compare_id})  # revision ids grow with time: older first
    elif revision_id:
        return [], ["Choose a revision under “Compare with revision” to see two side by side."]
    else:
        started = [r.id for r in published if by_revision.get(r.id, {}).get(STARTS)]
        chosen = list(reversed(started[:2]))
        if len(chosen) < 2:
            return [], [
                f"Only {len(chosen) or 'no'} published revision had responses {period}: "
                "choose a wider range to compare two."
            ]
    columns, messages = [], []
    for rev in chosen:
        figures = by_revision.get(rev, defaultdict(int))
        label = known[rev].label if rev in known else f"Revision {rev}"
        summary = _summary(figures)
        if not summary.starts:
            messages.append(f"{label} has no responses {period}: choose a wider range or another revision.")
        columns.append(RevisionColumn(rev, label, summary, _funnel(figures, _flow(rev)), _outcomes(figures, titles)))
    return columns, messages
