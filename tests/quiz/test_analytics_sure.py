"""The SURE check in Reports → Quiz analytics (issue 26): the share answering yes to all four,
per revision and language, beside the funnel and in the revision compare, with small counts
hidden so that no filter, and no sum across filters, gives one away."""

import itertools
import random
from fractions import Fraction

import pytest

from quiz.analytics.disclosure import HIDDEN, disclose
from quiz.analytics.sure import ALL, PARTS
from quiz.flow import END
from quiz.models import SureCount
from quiz.models.sure import SURE_FIELDS
from quiz.selectors import live_flow
from tests.quiz.test_analytics import FULL, report, run

YES = dict.fromkeys(SURE_FIELDS, True)
NO_TO_ONE = YES | {"enough_support": False}


def add(quiz, revision_id, language, answers, count):
    SureCount.objects.create(quiz=quiz, revision_id=revision_id, language=language, count=count, **answers)


@pytest.fixture
def two_revisions(quiz):
    run(live_flow(quiz), FULL, END)
    first = quiz.live_revision_id
    quiz.save_revision().publish()
    quiz.refresh_from_db()
    run(live_flow(quiz), FULL, END, minute=5)  # both revisions had patients in the range
    return first, quiz.live_revision_id


def sure_rows(quiz, **filters):
    _, tables, _ = disclose(report(quiz, **filters))
    return {(row["revision"], row["language"]): row for row in tables["sure"].rows}, tables


@pytest.mark.django_db
def test_the_share_answering_yes_to_all_four_by_revision_and_language(quiz, two_revisions, settings):
    settings.QUIZ_ANALYTICS_SUPPRESS_BELOW = 5
    old, new = two_revisions
    add(quiz, old, "en", YES, 12)
    add(quiz, old, "en", NO_TO_ONE, 28)
    add(quiz, new, "en", YES, 30)
    add(quiz, new, "en", dict.fromkeys(SURE_FIELDS, False), 10)
    rows, tables = sure_rows(quiz)
    by_revision = {rev: row for (rev, lang), row in rows.items() if lang == "en"}
    old_row, new_row = (
        next(r for label, r in by_revision.items() if label.startswith(f"Revision {i}")) for i in (old, new)
    )
    assert (old_row["answered"], old_row["all_yes"], old_row["share"]) == (40, 12, 30.0)
    assert (new_row["answered"], new_row["all_yes"], new_row["share"]) == (40, 30, 75.0)
    assert rows[("All revisions", "en")]["share"] == 52.5
    compare = next(r for r in tables["comparison"].rows if r["figure"].startswith("SURE check"))
    assert (compare[f"rev{old}"], compare[f"rev{new}"]) == (30.0, 75.0), "the revision compare shows the change"


@pytest.mark.django_db
def test_the_report_page_shows_the_sure_section_and_exports_it(client, quiz, two_revisions, django_user_model):
    from tests.quiz.test_analytics import user_in

    old, _new = two_revisions
    add(quiz, old, "en", YES, 9)
    add(quiz, old, "en", NO_TO_ONE, 9)
    client.force_login(user_in("Analytics"))
    page = client.get("/admin/quiz/analytics/", {"quiz": quiz.pk, "start": "2026-06-01", "end": "2026-06-30"})
    assert page.status_code == 200
    assert "Ready to decide: the SURE check" in page.content.decode()
    export = client.get(
        "/admin/quiz/analytics/",
        {"quiz": quiz.pk, "start": "2026-06-01", "end": "2026-06-30", "table": "sure", "export": "csv"},
    )
    assert export.status_code == 200
    content = b"".join(export.streaming_content).decode()
    assert "Yes to all four" in content and ",18,9,9,50.0" in content


def shown_cells(quiz, revisions, languages):
    """Everything an analyst can read from the SURE tables over every filter: {(rev, lang, part): value}."""
    seen = {}
    labels = {}
    for revision_id, language in itertools.product([None, *revisions], [None, *languages]):
        rows, _ = sure_rows(quiz, revision_id=revision_id, language=language)
        for (rev_label, lang_label), row in rows.items():
            rev = ALL if rev_label == "All revisions" else int(rev_label.split()[1].rstrip(","))
            lang = ALL if lang_label == "All languages" else lang_label
            labels[rev_label] = rev
            for part in PARTS:
                value = row[part]
                key = (rev, lang, part)
                assert seen.get(key, value) == value, f"{key} differs between filters"
                seen[key] = value
    return seen


def sums(revisions, languages):
    """The analyst's own list of what adds up (not the code's)."""
    revs, langs = [*revisions, ALL], [*languages, ALL]
    equations = []
    for rev, lang in itertools.product(revs, langs):
        equations.append(((rev, lang, "answered"), [(rev, lang, "all_yes"), (rev, lang, "not_all_yes")]))
    for part in PARTS:
        for rev in revs:
            equations.append(((rev, ALL, part), [(rev, lang, part) for lang in languages]))
        for lang in langs:
            equations.append(((ALL, lang, part), [(rev, lang, part) for rev in revisions]))
    return equations


def determined(equations, shown, universe):
    """Hidden cells the shown values and the sums pin down (Gaussian elimination over fractions)."""
    unknown = sorted((k for k in universe if shown.get(k) == HIDDEN), key=repr)
    index = {k: i for i, k in enumerate(unknown)}
    rows = []
    for total, parts in equations:
        if total not in universe or any(p not in universe for p in parts):
            continue
        coefficients = [Fraction(0)] * len(unknown)
        constant = Fraction(0)
        for key, sign in [(total, 1), *((p, -1) for p in parts)]:
            if key in index:
                coefficients[index[key]] += sign
            else:
                constant -= sign * shown[key]
        if any(coefficients):
            rows.append(coefficients + [constant])
    pivot_row = 0
    for column in range(len(unknown)):
        found = next((r for r in range(pivot_row, len(rows)) if rows[r][column] != 0), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        pivot = rows[pivot_row][column]
        rows[pivot_row] = [v / pivot for v in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][column] != 0:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivot_row += 1
    return [
        unknown[c] for row in rows for c in range(len(unknown)) if row[c] != 0 and sum(1 for v in row[:-1] if v) == 1
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(4))
def test_no_hidden_sure_count_can_be_worked_out_across_filters(quiz, two_revisions, settings, seed):
    settings.QUIZ_ANALYTICS_SUPPRESS_BELOW = 5
    rng = random.Random(seed)
    revisions, languages = list(two_revisions), ["en", "es"]
    truth = {}
    for rev, lang in itertools.product(revisions, languages):
        yes, other = rng.choice([0, 1, 2, 3, 6, 15]), rng.choice([1, 2, 4, 9, 20])
        add(quiz, rev, lang, YES, yes) if yes else None
        add(quiz, rev, lang, NO_TO_ONE, other)
        truth[(rev, lang)] = (yes + other, yes, other)
    shown = shown_cells(quiz, revisions, languages)
    universe = set(shown)
    small = [k for k, v in shown.items() if v != HIDDEN and 0 < v < 5]
    assert small == [], "no small count is shown"
    for (rev, lang), values in truth.items():
        for part, value in zip(PARTS, values, strict=True):
            if 0 < value < 5:
                assert shown[(rev, lang, part)] == HIDDEN
    assert determined(sums(revisions, languages), shown, universe) == []


@pytest.mark.django_db
def test_without_complementary_hiding_the_attacker_would_succeed(quiz, two_revisions, settings, monkeypatch):
    """The attack above can fail: with the rule cut down to hiding small counts only, it finds one."""
    from core.plumbing.suppression import Cells

    settings.QUIZ_ANALYTICS_SUPPRESS_BELOW = 5
    old, new = two_revisions
    add(quiz, old, "en", YES, 3)
    add(quiz, old, "en", NO_TO_ONE, 40)
    add(quiz, new, "es", NO_TO_ONE, 20)

    def small_only(self):
        self.hidden = {k for k, v in self.values.items() if 0 < v < self.threshold}
        return self.hidden

    monkeypatch.setattr(Cells, "protect", small_only)
    shown = shown_cells(quiz, [old, new], ["en", "es"])
    assert (old, "en", "all_yes") in determined(sums([old, new], ["en", "es"]), shown, set(shown))
