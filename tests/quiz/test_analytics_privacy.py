"""No hidden count can be worked out from the figures the report shows, on screen or in any export.

The attacker here sees only the protected tables (the rows every export writes and the screen
shows) and knows how the test quiz is built, so knows every way its figures add up. The test
writes those sums down itself, from the table headings and the quiz, not from the code under
test, then tries every subtraction: a total minus the shown parts of each sum, and Gaussian
elimination over all the sums at once.
"""

import csv
import io
import random
from datetime import date, timedelta
from fractions import Fraction

import pytest

from quiz import synthetic
from quiz.analytics.disclosure import HIDDEN, disclose
from quiz.flow import CRISIS, END
from quiz.selectors import live_flow
from tests.quiz.test_analytics import DAY, FAMILY, FULL, at, report, run, user_in

THRESHOLD = 5


@pytest.fixture
def flow(quiz):
    return live_flow(quiz)


def attacker_view(tables):
    """Every figure in the tables, by a name the attacker gives it, and which are hidden."""
    figures = {}
    for row in tables["summary"].rows:
        if "%" not in row["figure"] and "Median" not in row["figure"]:
            figures[row["figure"]] = row["value"]
    for row in tables["funnel"].rows:
        for column in ("reached", "answered", "skipped", "left"):
            figures[(row["text"], column)] = row[column]
    for row in tables["answers"].rows:
        figures[(row["question"], row["answer"])] = row["count"]
    for row in tables["support"].rows:
        figures[("support", row["answer"])] = row["count"]
    for row in tables["outcomes"].rows:
        figures[("first", row["approach"])] = row["first_choice"]
    for row in tables["trend"].rows:
        figures[(row["day"], "starts")] = row["starts"]
        figures[(row["day"], "completions")] = row["completions"]
    if "comparison" in tables:
        figures.update(revision_counts(tables["comparison"]))
    return figures


def revision_counts(table):
    """The revision columns' counts, and the counts their percentages give away (% × base)."""
    rows = {row["figure"]: row for row in table.rows}
    figures = {}
    for column, _ in table.columns[1:]:
        starts, completions = rows["Starts"][column], rows["Completions"][column]
        figures[(column, "starts")] = starts
        figures[(column, "idle")] = rows["Started but answered nothing"][column]
        figures[(column, "completions")] = completions
        figures[(column, "crisis")] = times(rows["Crisis share (%)"][column], starts)
        # Everyone who starts reaches the first question, so its drop-off × starts is who left there.
        figures[(column, "left first")] = times(
            rows["Drop-off at “Are you safe right now?” (% of reached)"][column], starts
        )
        for figure, row in rows.items():
            if figure.startswith("Suggested first: "):
                approach = figure.removeprefix("Suggested first: ").removesuffix(" (% of completions)")
                figures[(column, "first", approach)] = times(row[column], completions)
    return figures


def times(percent, base):
    # Exact while the base is under 500: a 0.1 % step is then less than half a person.
    if HIDDEN in (percent, base) or percent is None:
        return HIDDEN
    return round(percent * base / 100)


def sums_in_the_test_quiz(figures):
    """Each way the figures add up, as (left side, right side)."""
    starts, completions, crisis = "Starts", "Completions", "Crisis routes"
    safety, concern, sleep, extras, pace = (
        "Are you safe right now?",
        "What weighs on you most?",
        "Has your sleep changed a lot?",
        "What would you like?",
        "What pace feels right?",
    )
    questions = [safety, concern, sleep, extras, pace]
    days = [k for k in figures if isinstance(k, tuple) and isinstance(k[0], date)]
    sums = [
        ([starts], [completions, crisis] + [(q, "left") for q in questions]),
        ([starts], ["Started but answered nothing", "Starts that answered at least one question"]),
        ([starts], [(safety, "reached")]),
        (["Starts that answered at least one question"], [(safety, "answered")]),
        ([(concern, "reached")], [(safety, "Yes")]),
        ([crisis], [(safety, "I might hurt myself"), (safety, "I’m not sure")]),
        ([(sleep, "reached")], [(concern, "Low mood")]),
        ([(extras, "reached")], [(concern, "Family stress"), (sleep, "answered"), (sleep, "skipped")]),
        ([(pace, "reached")], [(extras, "answered"), (extras, "skipped")]),
        ([completions], [(pace, "answered"), (pace, "skipped")]),
        ([starts], [k for k in days if k[1] == "starts"]),
        ([completions], [k for k in days if k[1] == "completions"]),
        ([completions], [k for k in figures if isinstance(k, tuple) and k[0] == "support"]),
        ([completions], [k for k in figures if isinstance(k, tuple) and k[0] == "first"]),
    ]  # fmt: skip
    columns = sorted({k[0] for k in figures if isinstance(k, tuple) and str(k[0]).startswith("rev")})
    if columns:  # the revision columns hold every response in range: they add up to the totals
        for total, name in [(starts, "starts"), (completions, "completions"), (crisis, "crisis")]:
            sums.append(([total], [(c, name) for c in columns]))
        sums.append((["Started but answered nothing"], [(c, "idle") for c in columns]))
        sums.append(([("Are you safe right now?", "left")], [(c, "left first") for c in columns]))
        for approach in {k[2] for k in figures if isinstance(k, tuple) and len(k) == 3 and k[1] == "first"}:
            sums.append(([("first", approach)], [(c, "first", approach) for c in columns]))
        for c in columns:
            sums.append(([(c, "completions")], [k for k in figures if isinstance(k, tuple) and k[:2] == (c, "first")]))
    for q in questions:
        sums.append(([(q, "reached")], [(q, "answered"), (q, "skipped"), (q, "left")]))
        if q != extras:  # the one question that takes several answers
            options = [k for k in figures if isinstance(k, tuple) and k[0] == q and k[1] not in FUNNEL_COLUMNS]
            sums.append(([(q, "answered")], options))
    return [(left, right) for left, right in sums if all(k in figures for k in left + right)]


FUNNEL_COLUMNS = {"reached", "answered", "skipped", "left"}


def counts_only(figures):
    return {k: v for k, v in figures.items() if isinstance(v, int) or v == HIDDEN}


def assert_sums_hold(sums, truth):
    for left, right in sums:
        assert sum(truth[k] for k in left) == sum(truth[k] for k in right), (left, right)


def subtraction_attack(sums, shown, truth):
    """Every total minus its shown parts: what it gives away."""
    found = []
    for left, right in sums:
        unknown_left = [k for k in left if k not in shown]
        unknown_right = [k for k in right if k not in shown]
        unknown = unknown_left + unknown_right
        if not unknown:
            continue
        if len(unknown) == 1 and truth[unknown[0]]:  # learning that nobody did something singles no one out
            found.append((unknown[0], truth[unknown[0]]))
        elif not (unknown_left and unknown_right):
            together = sum(truth[k] for k in unknown)
            if 0 < together < THRESHOLD:
                found.append((tuple(unknown), together))
    return found


def elimination_attack(sums, shown, truth):
    """Solve all the sums at once (exact arithmetic): any hidden figure they pin down."""
    unknowns = sorted({k for left, right in sums for k in left + right if k not in shown}, key=str)
    index = {k: i for i, k in enumerate(unknowns)}
    rows = []
    for left, right in sums:
        row = [Fraction(0)] * (len(unknowns) + 1)
        for sign, side in ((1, left), (-1, right)):
            for k in side:
                if k in shown:
                    row[-1] -= sign * shown[k]
                else:
                    row[index[k]] += sign
        rows.append(row)
    pivot_row = 0
    for col in range(len(unknowns)):
        pick = next((r for r in range(pivot_row, len(rows)) if rows[r][col] != 0), None)
        if pick is None:
            continue
        rows[pivot_row], rows[pick] = rows[pick], rows[pivot_row]
        lead = rows[pivot_row][col]
        rows[pivot_row] = [v / lead for v in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivot_row += 1
    pinned = []
    for row in rows:
        nonzero = [i for i, v in enumerate(row[:-1]) if v != 0]
        if len(nonzero) == 1 and row[-1]:
            pinned.append((unknowns[nonzero[0]], row[-1]))
    return pinned


def attack(r):
    _, tables, _ = disclose(r, threshold=THRESHOLD)
    figures = counts_only(attacker_view(tables))
    truth = counts_only(attacker_view(disclose(r, threshold=1)[1]))  # threshold 1 hides nothing
    sums = sums_in_the_test_quiz(figures)
    assert_sums_hold(sums, truth)  # the attacker's sums are real identities, not guesses
    shown = {k: v for k, v in figures.items() if v != HIDDEN}
    hidden = [k for k, v in figures.items() if v == HIDDEN]
    return shown, hidden, truth, sums


def small_hidden(hidden, truth):
    return [k for k in hidden if 0 < truth[k] < THRESHOLD]


@pytest.mark.django_db
def test_the_crisis_count_from_the_issue_cannot_be_worked_out(quiz, flow, pages, levels):
    # 30 complete, 4 go to crisis help (2 + 2), a few leave along the way.
    for i in range(30):
        run(flow, FULL if i % 3 else FAMILY, END, minute=i)
    run(flow, [("safety", ["hurt-self"])], CRISIS, minute=40)
    run(flow, [("safety", ["hurt-self"])], CRISIS, minute=41)
    run(flow, [("safety", ["unsure"])], CRISIS, minute=42)
    run(flow, [("safety", ["unsure"])], CRISIS, minute=43)
    for i in range(3):
        run(flow, FULL[:2], "", minute=50 + i)
    shown, hidden, truth, sums = attack(report(quiz))

    assert "Crisis routes" in hidden and truth["Crisis routes"] == 4
    assert subtraction_attack(sums, shown, truth) == []
    assert elimination_attack(sums, shown, truth) == []
    # Still a useful report: the big figures stay on show.
    assert shown["Starts"] == 37 and shown["Completions"] == 30


@pytest.mark.django_db
@pytest.mark.parametrize(("seed", "count", "days"), [(1, 40, 3), (2, 90, 5), (3, 150, 10), (4, 25, 1), (5, 300, 20)])
def test_no_hidden_count_is_derivable_from_random_traffic(quiz, flow, pages, levels, seed, count, days):
    rng = random.Random(seed)
    runs = [synthetic.simulate(flow, rng, _at(rng, days)) for _ in range(count)]
    synthetic.write_many(flow, runs)
    shown, hidden, truth, sums = attack(report(quiz))

    assert small_hidden(hidden, truth), "the data should hold small counts, or the test proves nothing"
    assert subtraction_attack(sums, shown, truth) == []
    assert elimination_attack(sums, shown, truth) == []


def _at(rng, days):
    return at(DAY + timedelta(days=rng.randrange(days)), rng.randrange(600))


@pytest.mark.django_db
def test_without_complementary_hiding_the_attack_succeeds(quiz, flow, pages, levels, monkeypatch):
    """The attack is real: hiding only the small counts gives the crisis count away."""
    from quiz.analytics import disclosure

    for i in range(30):
        run(flow, FULL, END, minute=i)
    for i, answer in enumerate(["hurt-self", "hurt-self", "unsure", "unsure"]):
        run(flow, [("safety", [answer])], CRISIS, minute=40 + i)

    def small_counts_only(self):
        self.hidden = {k for k, v in self.values.items() if 0 < v < self.threshold}
        return self.hidden

    monkeypatch.setattr(disclosure.Cells, "protect", small_counts_only)
    shown, hidden, truth, sums = attack(report(quiz))
    assert ("Crisis routes", 4) in subtraction_attack(sums, shown, truth)


def percentages_shown_with_hidden_counts(tables):
    """A percentage beside a hidden count would give it away (count = % × base)."""
    leaks = []
    for row in tables["answers"].rows + tables["support"].rows:
        if row["count"] == HIDDEN and row["percent"] != HIDDEN:
            leaks.append(row)
    for row in tables["funnel"].rows:
        if HIDDEN in (row["left"], row["reached"]) and row["drop_off"] != HIDDEN:
            leaks.append(row)
    for row in tables["outcomes"].rows:
        if HIDDEN in (row["clicks"], row["suggested"]) and row["click_rate"] != HIDDEN:
            leaks.append(row)
    summary = {row["figure"]: row["value"] for row in tables["summary"].rows}
    if summary["Crisis routes"] == HIDDEN and summary["Crisis share, of all starts (%)"] != HIDDEN:
        leaks.append("crisis share")
    if summary["Completions"] == HIDDEN and summary["Completion rate, of all starts (%)"] != HIDDEN:
        leaks.append("completion rate")
    return leaks


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_percentage_gives_a_hidden_count_away(quiz, flow, pages, levels, seed):
    rng = random.Random(seed)
    synthetic.write_many(flow, [synthetic.simulate(flow, rng, _at(rng, 4)) for _ in range(60)])
    _, tables, _ = disclose(report(quiz), threshold=THRESHOLD)
    assert percentages_shown_with_hidden_counts(tables) == []


@pytest.mark.django_db
def test_revision_columns_cannot_be_subtracted_from_the_totals(quiz, flow, pages, levels):
    """Two revisions side by side add up to the totals: a crisis count hidden in one column stays hidden."""
    for i in range(20):
        run(flow, FULL, END, minute=i)
    quiz.save_revision().publish()
    quiz.refresh_from_db()
    new_flow = live_flow(quiz)
    for i in range(20):
        run(new_flow, FULL, END, minute=30 + i)
    for i in range(3):
        run(new_flow, [("safety", ["unsure"])], CRISIS, minute=60 + i)
    r = report(quiz)
    _, tables, _ = disclose(r, threshold=THRESHOLD)
    column = {row["figure"]: row for row in tables["comparison"].rows}
    assert column["Crisis share (%)"][f"rev{new_flow.revision_id}"] == HIDDEN  # 3 of 23 would give the 3 away
    shown, hidden, truth, sums = attack(r)
    assert "Crisis routes" in hidden
    assert subtraction_attack(sums, shown, truth) == []
    assert elimination_attack(sums, shown, truth) == []


@pytest.mark.django_db
def test_screen_and_every_export_show_the_same_figures(client, quiz, flow, pages, levels, settings):

    settings.QUIZ_ANALYTICS_SUPPRESS_BELOW = THRESHOLD
    for i in range(12):
        run(flow, FULL if i % 4 else FAMILY, END, minute=i)
    run(flow, [("safety", ["unsure"])], CRISIS, minute=30)
    client.force_login(user_in("Analytics"))
    query = "/admin/quiz/analytics/?start=2026-06-01&end=2026-06-30"
    html = client.get(query).content.decode()
    _, tables, _ = disclose(report(quiz), threshold=THRESHOLD)
    for name, table in tables.items():
        response = client.get(f"{query}&table={name}&export=csv")
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))
        assert rows[0] == [heading for _, heading in table.columns]
        expected = [["" if v is None else str(v) for v in line] for line in table.lines]
        assert [r[1:] for r in rows[1:]] == [e[1:] for e in expected], name
    summary = {row["figure"]: row["value"] for row in tables["summary"].rows}
    assert summary["Crisis routes"] == HIDDEN
    assert f'<th scope="row">Crisis routes</th><td>{HIDDEN}</td>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_no_hidden_count_is_derivable_with_two_revisions_side_by_side(quiz, flow, pages, levels, seed):
    rng = random.Random(seed)
    synthetic.write_many(flow, [synthetic.simulate(flow, rng, _at(rng, 4)) for _ in range(rng.randint(30, 150))])
    quiz.save_revision().publish()
    quiz.refresh_from_db()
    new_flow = live_flow(quiz)
    synthetic.write_many(
        new_flow, [synthetic.simulate(new_flow, rng, _at(rng, 4)) for _ in range(rng.randint(30, 150))]
    )
    r = report(quiz)
    assert len(r.comparison) == 2
    shown, hidden, truth, sums = attack(r)

    assert any(str(k[0]).startswith("rev") for left, right in sums for k in left + right if isinstance(k, tuple))
    assert small_hidden(hidden, truth)
    assert subtraction_attack(sums, shown, truth) == []
    assert elimination_attack(sums, shown, truth) == []
