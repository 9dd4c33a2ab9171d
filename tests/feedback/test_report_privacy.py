"""No hidden count in Reports → Page feedback can be worked out, on one screen or by comparing
screens with different filters (docs/feedback.md, "Small counts").

The attacker reads every table under every filter (each run of whole months, each language,
each page) and knows what each figure adds up: the yes or no answers of one page (one revision
of it, or all), in the chosen language and months. The test writes those sums from the rows it
posted, not from the code under test, and solves them all at once (exact Gaussian elimination),
knowing even which monthly counts are zero. It must not pin down any small count. The same for
searches that found nothing, per query, language and month.
"""

import datetime
import itertools
import random
from collections import Counter
from fractions import Fraction

import pytest

from approaches.factories import StandardPageFactory
from core.plumbing.suppression import HIDDEN
from feedback import selectors
from feedback.factories import EmptySearchFactory, votes
from feedback.report import build_tables
from tests.feedback.reporting import published_revisions, spanish_page

THRESHOLD = 5
MONTHS = [datetime.date(2026, m, 1) for m in (1, 2, 3)]
LANGUAGES = ["en", "es"]
COUNTS = [0, 0, 1, 2, 3, 4, 5, 6, 9, 15]


def month_ranges():
    for i, j in itertools.combinations_with_replacement(range(len(MONTHS)), 2):
        yield MONTHS[i : j + 1]


def last_day(month):
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)


def pinned(equations, truth):
    """The unknown (non-zero) counts that the equations {atoms: value} determine, with their values."""
    unknowns = sorted({atom for atoms, _ in equations for atom in atoms if truth[atom]}, key=str)
    index = {atom: i for i, atom in enumerate(unknowns)}
    rows = []
    for atoms, value in equations:
        row = [Fraction(0)] * (len(unknowns) + 1)
        for atom in atoms:
            if truth[atom]:  # a zero count is known to the attacker: it moves nothing
                row[index[atom]] += 1
        row[-1] = Fraction(value)
        rows.append(row)
    lead = 0
    for column in range(len(unknowns)):
        pick = next((r for r in range(lead, len(rows)) if rows[r][column]), None)
        if pick is None:
            continue
        rows[lead], rows[pick] = rows[pick], rows[lead]
        rows[lead] = [v / rows[lead][column] for v in rows[lead]]
        for r in range(len(rows)):
            if r != lead and rows[r][column]:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[lead], strict=True)]
        lead += 1
    found = []
    for row in rows:
        nonzero = [i for i, v in enumerate(row[:-1]) if v]
        if len(nonzero) == 1:
            found.append((unknowns[nonzero[0]], row[-1] / row[nonzero[0]]))
    return found


@pytest.fixture
def pages(home, settings):
    settings.QUIZ_ANALYTICS_SUPPRESS_BELOW = THRESHOLD
    english = StandardPageFactory(parent=home, title="Sleep and low mood")
    other = StandardPageFactory(parent=home, title="Worry")
    spanish = spanish_page(home)
    return [
        (english, "en", published_revisions(english, 2)),
        (other, "en", published_revisions(other, 1)),
        (spanish, "es", published_revisions(spanish, 1)),
    ]


def post_random_votes(pages, rng):
    truth = Counter()
    for (page, language, revisions), month in itertools.product(pages, MONTHS):
        for revision, helpful in itertools.product(revisions, (True, False)):
            count = rng.choice(COUNTS)
            day = month + datetime.timedelta(days=rng.randrange(27))
            votes(page=page, revision_id=revision, language=language, day=day, **{"yes" if helpful else "no": count})
            truth[(page.pk, revision, language, month, helpful)] = count
    return truth


def page_figures(truth, pages):
    """Every figure the page tables show over every filter, as (the atoms it adds up, value)."""
    equations, shown_small = [], []
    for months, language, page in itertools.product(month_ranges(), ["", *LANGUAGES], [None, *pages]):
        filters = {"start": months[0], "end": last_day(months[-1]), "language": language, "page": page and page[0].pk}
        _, rows = build_tables(filters, with_comments=False)["pages"]
        for row in rows:
            revision = None if row["revision"] == "all revisions" else int(row["revision"].split()[1])
            for helpful, column in ((True, "yes"), (False, "no")):
                atoms = [
                    atom
                    for atom in truth
                    if atom[0] == row["page_id"]
                    and (revision is None or atom[1] == revision)
                    and (not language or atom[2] == language)
                    and atom[3] in months
                    and atom[4] is helpful
                ]
                assert atoms, row
                if row[column] == HIDDEN:
                    assert row["share"] == HIDDEN, "a share beside a hidden count would give it away"
                    continue
                assert row[column] == sum(truth[a] for a in atoms), "a shown figure equals the rows posted"
                if 0 < row[column] < THRESHOLD:
                    shown_small.append((row, column))
                equations.append((atoms, row[column]))
    return equations, shown_small


def small(truth):
    return {atom: count for atom, count in truth.items() if 0 < count < THRESHOLD}


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(4))
def test_no_hidden_page_count_can_be_worked_out_across_filters(pages, seed):
    truth = post_random_votes(pages, random.Random(seed))
    assert small(truth), "the data should hold small counts, or the test proves nothing"
    equations, shown_small = page_figures(truth, pages)
    assert shown_small == []
    assert [(atom, value) for atom, value in pinned(equations, truth) if atom in small(truth)] == []
    assert len(equations) > 20, "still a useful report: most figures are on show"


@pytest.mark.django_db
def test_hiding_only_small_totals_would_give_a_count_away(pages, monkeypatch):
    """The attack is real: with a rule that hides a figure only when its own total is small,
    the all-revisions row minus the newer revision gives the older revision's 3 away."""
    english, _, (older, newer) = pages[0]
    votes(page=english, revision_id=older, language="en", day=MONTHS[0], yes=3)
    votes(page=english, revision_id=newer, language="en", day=MONTHS[0], yes=9)
    truth = Counter({(english.pk, older, "en", MONTHS[0], True): 3, (english.pk, newer, "en", MONTHS[0], True): 9})
    for page, language, revisions in pages:
        for key in itertools.product([page.pk], revisions, [language], MONTHS, (True, False)):
            truth.setdefault(key, 0)

    def small_totals_only(self, key, count, limit):
        self.parts.append(key)
        self.value += count
        self.hidden = 0 < self.value < limit

    monkeypatch.setattr(selectors.Figure, "add", small_totals_only)
    equations, _ = page_figures(truth, pages)
    assert ((english.pk, older, "en", MONTHS[0], True), 3) in pinned(equations, truth)


QUERIES = ["melatonin", "ssri withdrawal", "grief", "terapia de grupo"]


def post_random_searches(rng):
    truth = Counter()
    for query, language, month in itertools.product(QUERIES, LANGUAGES, MONTHS):
        count = rng.choice(COUNTS)
        if count:
            EmptySearchFactory(query=query, language=language, day=month + datetime.timedelta(days=3), count=count)
        truth[(query, language, month)] = count
    return truth


def search_figures(truth):
    equations, shown_small = [], []
    for months, language in itertools.product(month_ranges(), ["", *LANGUAGES]):
        filters = {"start": months[0], "end": last_day(months[-1]), "language": language, "page": None}
        _, rows = build_tables(filters, with_comments=False)["searches"]
        for row in rows:
            atoms = [a for a in truth if a[0] == row["query"] and (not language or a[1] == language) and a[2] in months]
            assert row["count"] == sum(truth[a] for a in atoms), "a shown count equals the searches counted"
            if 0 < row["count"] < THRESHOLD:
                shown_small.append(row)
            equations.append((atoms, row["count"]))
    return equations, shown_small


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(4))
def test_no_hidden_empty_search_count_can_be_worked_out_across_filters(settings, seed):
    settings.QUIZ_ANALYTICS_SUPPRESS_BELOW = THRESHOLD
    truth = post_random_searches(random.Random(seed))
    assert small(truth)
    equations, shown_small = search_figures(truth)
    assert shown_small == []
    assert [(atom, value) for atom, value in pinned(equations, truth) if atom in small(truth)] == []
    assert equations, "queries searched often enough are listed"


@pytest.mark.django_db
def test_hiding_only_small_query_totals_would_give_a_search_away(settings, monkeypatch):
    settings.QUIZ_ANALYTICS_SUPPRESS_BELOW = THRESHOLD
    EmptySearchFactory(query="grief", language="en", day=MONTHS[0], count=3)
    EmptySearchFactory(query="grief", language="es", day=MONTHS[0], count=6)
    truth = Counter(dict.fromkeys(itertools.product(QUERIES, LANGUAGES, MONTHS), 0))
    truth[("grief", "en", MONTHS[0])], truth[("grief", "es", MONTHS[0])] = 3, 6

    def small_totals_only(self, key, count, limit):
        self.parts.append(key)
        self.value += count
        self.hidden = 0 < self.value < limit

    monkeypatch.setattr(selectors.Figure, "add", small_totals_only)
    equations, _ = search_figures(truth)
    assert (("grief", "en", MONTHS[0]), 3) in pinned(equations, truth)
