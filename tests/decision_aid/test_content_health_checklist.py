"""Content health shows each IPDAS rule, met or not, for every approach page, on screen and in exports."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decision_aid.rules import RULE_LABELS
from governance.content_health import health_rows
from tests.decision_aid.support import complete


@pytest.fixture
def pages(index, linked):
    return complete(index, slug="cbt", title="CBT"), complete(index, slug="bare", title="Bare", decision="")


def row_for(page, state=None):
    return next(row for row in health_rows(state) if row.page.pk == page.pk)


def test_each_row_has_one_result_per_rule(pages):
    good, bare = pages
    assert [r.key for r in row_for(good).checklist] == list(RULE_LABELS)
    assert all(r.met for r in row_for(good).checklist)
    assert {r.key: r.met for r in row_for(bare).checklist}["decision"] is False
    assert {row.page.pk for row in health_rows("checklist")} == {bare.pk}


def test_the_report_and_its_csv_show_the_rules(admin_client, pages):
    good, bare = pages
    html = BeautifulSoup(admin_client.get(reverse("content_health")).content, "html.parser")
    headings = [th.get_text(strip=True) for th in html.select("table.listing thead th")]
    assert headings[-len(RULE_LABELS) :] == list(RULE_LABELS.values())
    link = html.find("a", string="Bare")
    cell = link.find_parent("tr").find("td", attrs={"data-rule": "decision"})
    assert cell.get_text(" ", strip=True).startswith("Not met") and "The decision" in cell.get_text()

    response = admin_client.get(reverse("content_health"), {"export": "csv"})
    header, *rows = csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    column = header.index("Checklist: Decision stated")
    assert [f"Checklist: {label}" for label in RULE_LABELS.values()] == header[column : column + len(RULE_LABELS)]
    by_title = {row[header.index("Page")]: row for row in rows}
    assert by_title["CBT"][column] == "Met" and by_title["Bare"][column] == "Not met"


def test_the_checklist_costs_no_query_per_page(index, linked):
    complete(index, slug="one")
    health_rows()  # content types and the like, cached for the process from here on
    with CaptureQueriesContext(connection) as few:
        health_rows()
    for slug in ("two", "three", "four"):
        complete(index, slug=slug)
    with CaptureQueriesContext(connection) as more:
        health_rows()
    # Pages, their translations, the linked pages per language, the latest link check's counts.
    assert len(more) == len(few) == 4
