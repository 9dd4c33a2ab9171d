"""Reports → Page feedback: the figures equal the rows patients posted, per page and revision,
with every filter, on screen and in both exports; comments only for those who may read them."""

import datetime
from collections import Counter

import pytest
from django.core.cache import cache
from django.utils import timezone

from approaches.factories import StandardPageFactory
from feedback.factories import EmptySearchFactory, PageFeedbackFactory, votes
from tests.core.test_exports import FORMULA, formula_cells
from tests.core.test_governance import member
from tests.feedback.reporting import (
    REPORT,
    as_shown,
    csv_rows,
    published_revisions,
    screen_tables,
    spanish_page,
    xlsx_rows,
)

JAN, FEB, MAR, APR = (datetime.date(2026, month, 10) for month in (1, 2, 3, 4))
WHOLE_RANGE = {"start": "2026-01-01", "end": "2026-03-31"}


@pytest.fixture
def posted(home, settings):
    """Votes on two revisions of an English page and on a Spanish page, every monthly count at
    or above the threshold so that every figure is on show, plus votes outside the range."""
    settings.QUIZ_ANALYTICS_SUPPRESS_BELOW = 5
    english = StandardPageFactory(parent=home, title="Sleep and low mood")
    first, second = published_revisions(english, 2)
    spanish = spanish_page(home)
    (spanish_revision,) = published_revisions(spanish, 1)
    plan = [
        (english, first, "en", JAN, 6, 5),
        (english, second, "en", FEB, 8, 0),
        (english, second, "en", MAR, 5, 7),
        (spanish, spanish_revision, "es", FEB, 5, 10),
        (english, second, "en", APR, 9, 9),  # after the range
        (english, first, "en", datetime.date(2025, 12, 31), 7, 7),  # before it
    ]
    rows = []
    for page, revision, language, day, yes, no in plan:
        rows += votes(page=page, yes=yes, no=no, revision_id=revision, language=language, day=day)
    return {"english": english, "spanish": spanish, "revisions": (first, second, spanish_revision), "rows": rows}


def expected(rows, *, start, end, language="", page=None):
    """What the report must show, worked out from the rows themselves: per page a total row,
    then one per revision, newest first, as (page id, revision label, yes, no, share)."""
    start, end = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
    chosen = [
        r
        for r in rows
        if start <= r.day <= end and (not language or r.language == language) and (not page or r.page_id == page)
    ]
    counts = Counter()
    for r in chosen:
        for revision in ("all revisions", f"revision {r.revision_id}"):
            counts[(r.page_id, revision, r.helpful)] += 1
    lines = []
    for page_id in sorted(
        {r.page_id for r in chosen}, key=lambda pk: next(r.page.title for r in chosen if r.page_id == pk)
    ):
        revisions = sorted({r.revision_id for r in chosen if r.page_id == page_id}, reverse=True)
        for label in ["all revisions", *(f"revision {rev}" for rev in revisions)]:
            yes, no = counts[(page_id, label, True)], counts[(page_id, label, False)]
            lines.append((page_id, label, yes, no, round(100 * yes / (yes + no), 1)))
    return lines


def shown_lines(table):
    """(page id, revision, yes, no, share) from a table read back from the screen or a CSV."""
    return [
        (int(page_id), revision, int(yes), int(no), float(share)) for _, page_id, revision, yes, no, share in table[1:]
    ]


@pytest.mark.django_db
def test_the_figures_equal_the_rows_posted(client, posted):
    first, second, spanish_revision = posted["revisions"]
    english, spanish = posted["english"], posted["spanish"]
    client.force_login(member("Analytics"))
    table = screen_tables(client.get(REPORT, WHOLE_RANGE))["pages"]
    assert table[0] == ["Page", "Page ID", "Revision", "Helpful: yes", "Helpful: no", "Yes (% of answers)"]
    # Written out once by hand, so the test does not only agree with its own arithmetic.
    assert shown_lines(table) == [
        (spanish.pk, "all revisions", 5, 10, 33.3),
        (spanish.pk, f"revision {spanish_revision}", 5, 10, 33.3),
        (english.pk, "all revisions", 19, 12, 61.3),
        (english.pk, f"revision {second}", 13, 7, 65.0),
        (english.pk, f"revision {first}", 6, 5, 54.5),
    ]
    assert shown_lines(table) == expected(posted["rows"], **WHOLE_RANGE)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filters",
    [
        {"start": "2026-02-01", "end": "2026-02-28"},
        {"start": "2026-02-14", "end": "2026-03-02"},  # whole months: Feb 1 to Mar 31
        {"start": "2026-01-01", "end": "2026-04-30"},
        {"start": "2025-12-01", "end": "2026-01-31"},
        {**WHOLE_RANGE, "language": "es"},
        {**WHOLE_RANGE, "language": "en"},
        {**WHOLE_RANGE, "page": "english"},
        {"start": "2026-03-01", "end": "2026-04-30", "page": "english", "language": "en"},
        {**WHOLE_RANGE, "page": "spanish", "language": "en"},
    ],
)
def test_each_filter_counts_only_its_rows(client, posted, filters):
    if "page" in filters:
        filters = {**filters, "page": str(posted[filters["page"]].pk)}
    client.force_login(member("Analytics"))
    response = client.get(REPORT, filters)
    assert response.status_code == 200
    table = screen_tables(response)["pages"]
    start = datetime.date.fromisoformat(filters["start"]).replace(day=1).isoformat()
    end_day = datetime.date.fromisoformat(filters["end"])
    end = (
        (end_day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    ).isoformat()
    want = expected(
        posted["rows"], start=start, end=end, language=filters.get("language", ""), page=int(filters.get("page") or 0)
    )
    if want:
        assert shown_lines(table) == want
    else:
        assert table[1:] == [["Nothing in this range."]]


@pytest.mark.django_db
def test_votes_posted_by_patients_are_the_ones_counted(client, strict, home):
    cache.clear()  # other tests' posts from the same test address
    page = StandardPageFactory(parent=home, title="Worry")
    (revision,) = published_revisions(page, 1)
    for answer in ["yes"] * 6 + ["no"] * 5:
        assert strict.post(f"/feedback/{page.pk}/", {"helpful": answer}).status_code == 200
    client.force_login(member("Clinical reviewers"))
    today = timezone.localdate().isoformat()
    table = screen_tables(client.get(REPORT, {"start": today, "end": today}))["pages"]
    assert shown_lines(table) == [(page.pk, "all revisions", 6, 5, 54.5), (page.pk, f"revision {revision}", 6, 5, 54.5)]


@pytest.mark.django_db
def test_a_vote_whose_revision_was_deleted_is_not_labelled_as_the_total(client, home, settings):
    settings.QUIZ_ANALYTICS_SUPPRESS_BELOW = 5
    page = StandardPageFactory(parent=home, title="Panic")
    (revision,) = published_revisions(page, 1)
    votes(page=page, yes=5, revision_id=revision, day=JAN)
    votes(page=page, yes=5, revision_id=None, day=JAN)
    client.force_login(member("Analytics"))
    table = screen_tables(client.get(REPORT, WHOLE_RANGE))["pages"]
    assert [line[2] for line in table[1:]] == ["all revisions", f"revision {revision}", "unknown revision"]
    assert [line[3] for line in table[1:]] == ["10", "5", "5"]


@pytest.mark.django_db
@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_each_export_holds_the_figures_on_screen(client, posted, export):
    client.force_login(member("Clinical editors"))
    PageFeedbackFactory(page=posted["english"], helpful=False, comment="The dose part was unclear", day=FEB)
    EmptySearchFactory(query="melatonin", count=6, day=FEB)
    filters = {**WHOLE_RANGE, "language": "en"}
    screen = screen_tables(client.get(REPORT, filters))
    assert set(screen) == {"pages", "searches", "comments"}
    for table in ("pages", "searches", "comments"):
        response = client.get(REPORT, {**filters, "table": table, "export": export})
        assert response.status_code == 200
        assert response["Content-Disposition"] == (
            f'attachment; filename="page-feedback-{table}_2026-01-to-2026-03_en.{export}"'
        )
        rows = csv_rows(response) if export == "csv" else xlsx_rows(response)
        assert [[as_shown(cell) for cell in row] for row in rows] == [
            [as_shown(c) for c in row] for row in screen[table]
        ], table
    assert ["melatonin", "6"] in screen["searches"]
    assert any("The dose part was unclear" in line for line in screen["comments"])


@pytest.mark.django_db
def test_the_filename_names_the_page_filtered_on(client, posted):
    client.force_login(member("Analytics"))
    page = posted["spanish"]
    response = client.get(REPORT, {**WHOLE_RANGE, "page": page.pk, "table": "pages", "export": "csv"})
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="page-feedback-pages_2026-01-to-2026-03_page-{page.pk}.csv"'
    )


@pytest.mark.django_db
@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_exports_keep_formulas_as_text(client, home, settings, export):
    """A page title or a patient's comment that a spreadsheet would run stays text, as in the quiz exports."""
    settings.QUIZ_ANALYTICS_SUPPRESS_BELOW = 1
    page = StandardPageFactory(parent=home, title=FORMULA)
    PageFeedbackFactory(page=page, helpful=False, comment="=1+1 @SUM(A1) was wrong", day=FEB)
    PageFeedbackFactory(page=page, helpful=False, comment="-2+3", day=FEB)
    client.force_login(member("Site admins"))
    for table in ("pages", "comments"):
        rows = (csv_rows if export == "csv" else xlsx_rows)(
            client.get(REPORT, {**WHOLE_RANGE, "table": table, "export": export})
        )
        assert len(rows) > 1
        assert formula_cells(rows) == [], table
        cells = {cell for row in rows for cell in row}
        assert "'" + FORMULA in cells
    assert "'=1+1 @SUM(A1) was wrong" in cells and "'-2+3" in cells


@pytest.mark.django_db
@pytest.mark.parametrize("export", ["", "csv", "xlsx"])
def test_without_the_comments_permission_there_is_no_comments_table_or_export(client, posted, export):
    PageFeedbackFactory(page=posted["english"], helpful=False, comment="Secret words of a patient", day=FEB)
    client.force_login(member("Analytics"))
    query = {**WHOLE_RANGE, "table": "comments"} | ({"export": export} if export else {})
    response = client.get(REPORT, query)
    assert response.status_code == 200
    assert not response.has_header("Content-Disposition")
    html = response.content.decode()
    assert "Secret words" not in html and "Newest comments" not in html
    assert "comments" not in screen_tables(response)
    if export:
        assert "That export isn’t available" in html


@pytest.mark.django_db
def test_bad_filters_are_explained_not_counted(client, posted):
    client.force_login(member("Analytics"))
    response = client.get(REPORT, {"start": "2026-03-01", "end": "2026-01-01"})
    assert response.status_code == 400
    assert "“To” must be on or after “From”." in response.content.decode()
    response = client.get(REPORT, {**WHOLE_RANGE, "table": "pages", "export": "csv", "language": "fr"})
    assert response.status_code == 400 and not response.has_header("Content-Disposition")
