"""The run's template databases (tests/template_db.py) hold what a worker would have built itself,
and a module that borrows the seeded one gets its own database back afterwards."""

import io
import os
import sqlite3
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from tests import template_db

pytestmark = pytest.mark.skipif(
    not os.environ.get(template_db.ENV), reason="templates are built only for pytest-xdist runs on SQLite"
)


def row_counts(cursor) -> dict[str, int]:
    tables = [
        name
        for (name,) in cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {table: cursor.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}


def template_counts(name: str) -> dict[str, int]:
    path = Path(os.environ[template_db.ENV]) / f"{name}.sqlite3"
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return row_counts(source.cursor())
    finally:
        source.close()


@pytest.mark.parametrize(("name", "args"), list(template_db.SEEDED.items()))
def test_a_seeded_template_holds_what_seeding_this_database_makes(db, monkeypatch, name, args):
    from tests.support import DEMO_PASSWORD, DEMO_TOTP_SECRET

    assert template_db._ready(name) is not None, f"the {name} template was not built"
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    monkeypatch.setenv("DEMO_TOTP_SECRET", DEMO_TOTP_SECRET)
    call_command("seed_portal", *args, stdout=io.StringIO())
    with connection.cursor() as cursor:
        here = row_counts(cursor.connection.cursor())
    assert here["wagtailcore_page"] > 20 and here["wagtailsearch_indexentry"] > 0
    assert template_counts(name) == here


def test_borrowing_the_seeded_template_gives_the_database_back(django_db_blocker, django_db_setup):
    from wagtail.models import Page

    with django_db_blocker.unblock():
        before = row_counts(connection.cursor().connection.cursor())
        with template_db.seeded_database(connection, "seeded") as output:
            assert "approach" in output.lower()
            assert Page.objects.filter(depth=3).count() > 5
        assert row_counts(connection.cursor().connection.cursor()) == before
