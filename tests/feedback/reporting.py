"""Shared set-up for the page-feedback report tests: pages with revisions, and reading tables
back from the screen and the exports as a clinician or analyst would."""

import csv
import io

from bs4 import BeautifulSoup
from openpyxl import load_workbook
from wagtail.models import Locale

from approaches.factories import StandardPageFactory
from core.plumbing.exports import BYTE_ORDER_MARK

REPORT = "/admin/reports/page-feedback/"


def published_revisions(page, count: int) -> list[int]:
    """Publish `page` `count` times; the revision ids, oldest first."""
    ids = []
    for _ in range(count):
        revision = page.save_revision()
        revision.publish()
        ids.append(revision.pk)
    page.refresh_from_db()
    return ids


def spanish_page(home, title="Dormir y ánimo bajo"):
    spanish = Locale.objects.get_or_create(language_code="es")[0]
    english = StandardPageFactory(parent=home, title=f"English of {title}")
    page = english.copy_for_translation(spanish, copy_parents=True)
    page.title = title
    page.save()
    return page


def screen_tables(response) -> dict[str, list[list[str]]]:
    """Each section's table on the report screen, header row first, as the text shown."""
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    tables = {}
    for section in soup.select("section[aria-labelledby]"):
        table = section.find("table")
        tables[section["aria-labelledby"]] = [
            [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])] for row in table.find_all("tr")
        ]
    return tables


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(BYTE_ORDER_MARK.encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def xlsx_rows(response) -> list[list]:
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def as_shown(value) -> str:
    """A cell as text, an empty one as "" (the screen prints a dash for it)."""
    return "" if value is None or value == "–" else str(value)
