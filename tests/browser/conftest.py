"""Real-browser tests: Debian's Chromium driven by Playwright, against a live server of our own.

One seeded portal and one Chromium per test session (per pytest-xdist worker): seeding and
launching take seconds, the checks themselves well under one. Each test still gets browser
contexts of its own (`new_page`: fresh cookies and storage, closed after the test), and no test
depends on what another one saved: tests assert on content they created or on deltas since they
started, and undo changes to seeded content. tests/conftest.py runs this package after every
other test, so no other module's database test runs while the live server holds the database.
"""

import io
import os
from contextlib import contextmanager

import pytest
from django.core.management import call_command

from tests import template_db
from tests.db_state import empty_and_restore

CHROMIUM = "/usr/bin/chromium"
# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# beside one unless told the test thread is safe, which it is: nothing else shares it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def chromium():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: .ci/run must install Debian's chromium package")
        pytest.skip("Browser tests need Debian's Chromium at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def db(portal_url):
    """Every test here shares the session's committed database (`portal_url`). pytest-django's
    own `db` would hold a transaction open per test, which the live server's saves would wait on
    (SQLite's read locks), and which would hide the test's own rows from the live server."""


@pytest.fixture(autouse=True)
def _shared_database(db):
    """Asking for `db` is what makes pytest-django create the test database at all (without it
    `portal_url` would refuse the developer's own)."""


@pytest.fixture(scope="session")
def portal_url(django_db_setup, django_db_blocker):
    """The seeded portal, once per session, behind a live server of its own (pytest-django's
    flushes after every test). The database stays unblocked while it lives, so tests read seeded
    objects and create their own; at the end it is emptied and given back the state migrations
    created, as a transactional test with serialized rollback leaves it."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from pytest_django.live_server_helper import LiveServer

    connection = connections[DEFAULT_DB_ALIAS]
    name = str(connection.settings_dict["NAME"])
    # pytest-django creates the test database only for tests that ask for `db`; without it the
    # seed and the flush below would run on the developer's own database.
    assert name.startswith("test_") or connection.is_in_memory_db(), f"not a test database: {name}"
    # On SQLite under pytest-xdist the run's seeded template replaces the database, and the
    # database as it was comes back at the end (tests/template_db.py).
    with django_db_blocker.unblock(), template_db.seeded_database(connection, "seeded") as borrowed:
        if borrowed is None:
            # The suite's other tests roll back and run before these (tests/conftest.py), so the
            # database is still as migrations left it: what to put back at the end. (Asking
            # pytest-django to serialize it at creation instead, through
            # `django_db_serialized_rollback`, left the live server's writes failing with
            # "database table is locked" on SQLite's shared in-memory database.)
            baseline = getattr(connection, "_test_serialized_contents", None)
            if baseline is None:
                baseline = connection.creation.serialize_db_to_string()
            call_command("seed_portal", stdout=io.StringIO())
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server.url
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            if borrowed is None:
                empty_and_restore(connection, baseline)


@pytest.fixture(scope="session")
def browser(portal_url):
    """One Chromium per session, launched after the seed and closed before the restore: while
    Playwright is alive it marks an asyncio loop as running in the test thread, and the database
    work at either end must not see it."""
    from django.db import connections

    with chromium() as browser:
        yield browser
        # Connections the tests opened while Playwright's loop ran belong to that context.
        connections.close_all()


@pytest.fixture
def new_page(browser):
    """`new_page(**context_options)`: a page in a browser context of its own (cookies, storage,
    permissions), closed after the test."""
    contexts = []

    def make(**options):
        context = browser.new_context(**options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
