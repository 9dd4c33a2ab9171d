"""What the report may show: its figures as cells, the sums they take part in, and the tables
(screen and exports alike) built from the protected cells. The rule lives in core/plumbing/suppression.py.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings

from core.plumbing.suppression import HIDDEN, Cells
from quiz.analytics import sure
from quiz.flow import CRISIS, END

__all__ = ["HIDDEN", "TABLE_NAMES", "Table", "disclose"]

TABLE_NAMES = ("summary", "trend", "funnel", "answers", "outcomes", "support", "sure", "comparison")


@dataclass
class Table:
    name: str
    title: str
    columns: list[tuple[str, str]]  # (field, heading)
    rows: list[dict] = field(default_factory=list)

    @property
    def lines(self) -> list[list]:
        """Rows as lists in column order, for templates."""
        return [[row.get(name) for name, _ in self.columns] for row in self.rows]


def disclose(report, threshold: int | None = None) -> tuple[Cells, dict[str, Table], str]:
    """The report's cells protected, its tables as screen and exports show them, and a note on sample size."""
    cells = Cells(settings.QUIZ_ANALYTICS_SUPPRESS_BELOW if threshold is None else threshold)
    _add_cells(cells, report)
    _add_groups(cells, report)
    cells.protect()
    return cells, _tables(cells, report), _sample_note(cells, report)


def _add_cells(cells: Cells, report) -> None:
    s = report.summary
    for name in ("starts", "completions", "crisis", "idle", "engaged"):
        cells.add(("summary", name), getattr(s, name))
    for row in report.funnel:
        for name in ("reached", "answered", "skipped", "left"):
            cells.add(("funnel", row.key, name), getattr(row, name))
    for row in report.answers:
        cells.add(("answer", row.question_key, row.option_key), row.count)
    for row in report.outcomes:
        for name in ("suggested", "first_choice", "clicks"):
            cells.add(("outcome", row.approach, name), getattr(row, name))
    for row in report.support:
        cells.add(("support", row.answer), row.count)
    for day, starts, completions in report.trend:
        cells.add(("trend", day, "starts"), starts)
        cells.add(("trend", day, "completions"), completions)
    for column in report.comparison:
        r = column.revision_id
        for name in ("starts", "completions", "crisis", "idle", "engaged"):
            cells.add(("rev", r, name), getattr(column.summary, name))
        for row in column.funnel:
            cells.add(("rev", r, "reached", row.key), row.reached)
            cells.add(("rev", r, "left", row.key), row.left)
        for row in column.outcomes:
            cells.add(("rev", r, "first_choice", row.approach), row.first_choice)
    # Not tied to the date range or filters: the same cells, protected the same way, every time.
    sure.add_cells(cells, report.sure)


def _add_groups(cells: Cells, report) -> None:
    S, C, K, idle, E = (("summary", n) for n in ("starts", "completions", "crisis", "idle", "engaged"))
    cells.group([S], [C, K] + [("funnel", row.key, "left") for row in report.funnel])
    cells.group([S], [idle, E])
    if report.funnel:
        first = report.funnel[0].key
        cells.group([S], [("funnel", first, "reached")])
        # Everyone who chose an answer chose one at the first question, give or take a few who skipped it.
        cells.group([E], [("funnel", first, "answered")])
    for row in report.funnel:
        cells.group([("funnel", row.key, "reached")], [("funnel", row.key, n) for n in ("answered", "skipped", "left")])
    options = defaultdict(list)
    for row in report.answers:
        options[row.question_key].append(("answer", row.question_key, row.option_key))
    flow = report.flow
    for key, keys in options.items():
        question = flow.question(key) if flow else None
        if question is None or not question.allow_multiple:
            cells.group([("funnel", key, "answered")], keys)
    if flow:
        arrivals = _arrivals(flow)
        for row in report.funnel:
            cells.group([("funnel", row.key, "reached")], arrivals.get(row.key, []))
        cells.group([C], arrivals.get(END, []))
        cells.group([K], arrivals.get(CRISIS, []))
    cells.group([C], [("support", row.answer) for row in report.support])
    cells.group([C], [("outcome", row.approach, "first_choice") for row in report.outcomes])
    cells.group([S], [("trend", day, "starts") for day, _, _ in report.trend])
    cells.group([C], [("trend", day, "completions") for day, _, _ in report.trend])

    columns = {column.revision_id: column for column in report.comparison}
    for r, column in columns.items():
        rev = ("rev", r)
        cells.group(
            [(*rev, "starts")],
            [(*rev, "completions"), (*rev, "crisis")] + [(*rev, "left", row.key) for row in column.funnel],
        )
        cells.group([(*rev, "starts")], [(*rev, "idle"), (*rev, "engaged")])
        if column.funnel:
            cells.group([(*rev, "starts")], [(*rev, "reached", column.funnel[0].key)])
        cells.group([(*rev, "completions")], [(*rev, "first_choice", row.approach) for row in column.outcomes])
    if report.revision_ids and report.revision_ids <= set(columns):
        # The columns between them hold every response in the main figures: they add up.
        revs = sorted(report.revision_ids)
        for name in ("starts", "completions", "crisis", "idle", "engaged"):
            cells.group([("summary", name)], [("rev", r, name) for r in revs])
        for row in report.funnel:
            for name in ("reached", "left"):
                cells.group([("funnel", row.key, name)], [("rev", r, name, row.key) for r in revs])
        for row in report.outcomes:
            cells.group(
                [("outcome", row.approach, "first_choice")], [("rev", r, "first_choice", row.approach) for r in revs]
            )


def _arrivals(flow) -> dict[str, list[tuple]]:
    """For each question (and END, CRISIS): the answer counts of everyone sent there."""
    arrivals = defaultdict(list)
    for question in flow.questions:
        if not question.allow_multiple:
            for option in question.options:
                arrivals[flow.next_after(question.key, [option.key])].append(("answer", question.key, option.key))
        elif not any(o.jump_to or o.is_crisis for o in question.options):
            arrivals[flow.default_next(question.key)].append(("funnel", question.key, "answered"))
        else:
            continue  # where a mix of ticked answers leads can't be read from the counts
        if not question.required:
            arrivals[flow.next_after(question.key, [])].append(("funnel", question.key, "skipped"))
    return arrivals


def _tables(cells: Cells, report) -> dict[str, Table]:
    show, pct, s = cells.show, cells.percent, report.summary
    S, C, K, E = ("summary", "starts"), ("summary", "completions"), ("summary", "crisis"), ("summary", "engaged")
    median = s.median_seconds if C not in cells.hidden else HIDDEN
    summary = Table("summary", "Summary", [("figure", "Figure"), ("value", "Value")], [
        {"figure": "Starts", "value": show(S)},
        {"figure": "Started but answered nothing", "value": show(("summary", "idle"))},
        {"figure": "Starts that answered at least one question", "value": show(E)},
        {"figure": "Completions", "value": show(C)},
        {"figure": "Completion rate, of all starts (%)", "value": pct(s.completion_rate, C, S)},
        {"figure": "Completion rate, of starts that answered (%)", "value": pct(s.engaged_completion_rate, C, E)},
        {"figure": "Median time to complete (seconds, to the nearest 10)", "value": median},
        {"figure": "Crisis routes", "value": show(K)},
        {"figure": "Crisis share, of all starts (%)", "value": pct(s.crisis_share, K, S)},
    ])  # fmt: skip
    funnel = Table("funnel", "Where people leave", [
        ("number", "Question"), ("text", "Text"), ("reached", "Reached"), ("answered", "Answered"),
        ("skipped", "Skipped"), ("left", "Left here"), ("drop_off", "Drop-off (% of reached)"),
    ])  # fmt: skip
    for row in report.funnel:
        key = ("funnel", row.key)
        values = {n: show((*key, n)) for n in ("reached", "answered", "skipped", "left")}
        drop_off = pct(row.drop_off, (*key, "left"), (*key, "reached"))
        funnel.rows.append({"number": f"Q{row.number}", "text": row.text, **values, "drop_off": drop_off})
    answers = Table("answers", "Answers", [
        ("question", "Question"), ("answer", "Answer"), ("count", "Count"), ("percent", "% of those who answered"),
    ])  # fmt: skip
    for row in report.answers:
        cell = ("answer", row.question_key, row.option_key)
        percent = pct(row.percent, cell, ("funnel", row.question_key, "answered"))
        answers.rows.append({"question": row.question, "answer": row.answer, "count": show(cell), "percent": percent})
    outcomes = Table("outcomes", "Approaches suggested", [
        ("approach", "Approach"), ("suggested", "Suggested"), ("first_choice", "Suggested first"),
        ("clicks", "Clicked through"), ("click_rate", "Click-through (% of suggested)"),
    ])  # fmt: skip
    for row in report.outcomes:
        key = ("outcome", row.approach)
        values = {n: show((*key, n)) for n in ("suggested", "first_choice", "clicks")}
        rate = pct(row.click_rate, (*key, "clicks"), (*key, "suggested"))
        outcomes.rows.append({"approach": row.approach, **values, "click_rate": rate})
    support = Table("support", "Support levels suggested", [
        ("answer", "Support level"), ("count", "Count"), ("percent", "% of completions"),
    ])  # fmt: skip
    for row in report.support:
        cell = ("support", row.answer)
        support.rows.append({"answer": row.answer, "count": show(cell), "percent": pct(row.percent, cell, C)})
    live = {day: ", ".join(f"revision {r.id}" for d, r in report.went_live if d == day) for day, _ in report.went_live}
    trend = Table("trend", "Daily starts and completions", [
        ("day", "Day"), ("starts", "Starts"), ("completions", "Completions"), ("went_live", "Went live"),
    ])  # fmt: skip
    for day, _, _ in report.trend:
        trend.rows.append({
            "day": day, "starts": show(("trend", day, "starts")),
            "completions": show(("trend", day, "completions")), "went_live": live.get(day, ""),
        })  # fmt: skip
    labels = {r.id: r.label for r in report.revisions}
    sure_table = Table("sure", "The SURE check: ready to decide", sure.COLUMNS)
    sure_table.rows = sure.table_rows(
        cells, report.sure, revision_id=report.revision_filter, language=report.language, labels=labels
    )
    tables = [summary, trend, funnel, answers, outcomes, support, sure_table]
    if report.comparison:
        tables.append(_comparison_table(cells, report))
    return {t.name: t for t in tables}


def _comparison_table(cells: Cells, report) -> Table:
    show, pct = cells.show, cells.percent
    columns = report.comparison
    table = Table("comparison", "Revisions side by side", [("figure", "Figure")])
    table.columns += [(f"rev{c.revision_id}", c.label) for c in columns]

    def row(figure, value_of):
        table.rows.append(
            {"figure": figure} | {f"rev{c.revision_id}": value_of(c, ("rev", c.revision_id)) for c in columns}
        )

    row("Starts", lambda c, r: show((*r, "starts")))
    row("Started but answered nothing", lambda c, r: show((*r, "idle")))
    row("Completions", lambda c, r: show((*r, "completions")))
    row(
        "Completion rate, of all starts (%)",
        lambda c, r: pct(c.summary.completion_rate, (*r, "completions"), (*r, "starts")),
    )
    row(
        "Completion rate, of starts that answered (%)",
        lambda c, r: pct(c.summary.engaged_completion_rate, (*r, "completions"), (*r, "engaged")),
    )
    row("Crisis share (%)", lambda c, r: pct(c.summary.crisis_share, (*r, "crisis"), (*r, "starts")))
    keys = []
    for c in columns:
        keys += [(f.key, f.text) for f in c.funnel if f.key not in [k for k, _ in keys]]
    for key, text in keys:

        def drop(c, r, key=key):
            f = next((f for f in c.funnel if f.key == key), None)
            return pct(f.drop_off, (*r, "left", key), (*r, "reached", key)) if f else None

        row(f"Drop-off at “{text}” (% of reached)", drop)
    approaches = []
    for c in columns:
        approaches += [o.approach for o in c.outcomes if o.approach not in approaches]
    for approach in approaches:

        def share(c, r, approach=approach):
            o = next((o for o in c.outcomes if o.approach == approach), None)
            if o is None:
                return 0.0 if c.summary.completions else None
            value = round(100 * o.first_choice / c.summary.completions, 1) if c.summary.completions else None
            return pct(value, (*r, "first_choice", approach), (*r, "completions"))

        row(f"Suggested first: {approach} (% of completions)", share)
    language = report.language or sure.ALL
    row(
        "SURE check: yes to all four (% of those who answered it, since the revision went live)",
        lambda c, r: sure.share(cells, c.revision_id, language),
    )
    return table


def _sample_note(cells: Cells, report) -> str:
    """How far apart the two completion rates would drift by chance alone (95 %, normal approximation)."""
    if len(report.comparison) != 2:
        return ""
    counts = []
    for c in report.comparison:
        r = ("rev", c.revision_id)
        if (*r, "completions") in cells.hidden or (*r, "engaged") in cells.hidden or not c.summary.engaged:
            return "At least one revision has too few responses to compare: hold off judging the change."
        counts.append((c.summary.completions, c.summary.engaged))
    (c1, n1), (c2, n2) = counts
    p1, p2 = c1 / n1, c2 / n2
    margin = 100 * 1.96 * math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    difference = 100 * (p2 - p1)
    verdict = (
        "more than chance alone would usually give"
        if abs(difference) > margin
        else "within what chance alone could give"
    )
    return (
        f"Sample size: {n1:,} and {n2:,} starts that answered. The completion rates differ by "
        f"{difference:+.1f} points; with these numbers, chance alone moves them by up to about ±{margin:.1f} points "
        f"(95 %), so the difference is {verdict}. Other things changed between the periods too (season, referrals)."
    )
