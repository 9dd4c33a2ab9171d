"""Real-browser tests: Debian's Chromium driven by Playwright, against pytest-django's live server."""

import io
import os
from contextlib import contextmanager

import pytest
from django.core.management import call_command

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


# One browser per test: while Playwright is alive it marks an asyncio loop as running in this
# thread, and Django then keeps database connections per context instead of per thread, so the
# next test's serialized rollback cannot find the connection it saved the database on.
# Modules that can share one seeded database use `shared_portal_url` and `shared_browser` below.
@pytest.fixture
def browser(portal_url):
    with chromium() as browser:
        yield browser


@pytest.fixture
def portal_url(django_db_serialized_rollback, transactional_db, live_server):
    # Serialized rollback restores what migrations created (root page, locale, role groups)
    # after each test flushes the database.
    call_command("seed_portal", stdout=io.StringIO())
    return live_server.url


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(**options):
        context = browser.new_context(**options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def shared_portal_url(django_db_setup, django_db_blocker):
    """The seeded portal once for a whole module, for tests that may share what earlier ones saved.
    The module overrides `db` (see test_admin_round_trip.py) so that pytest-django creates the
    test database without wrapping each test in a transaction the live server would wait on.

    No per-test flush: the module seeds once, runs its own live server (pytest-django's would
    flush after every test), and at the end empties the database and puts back the state it
    found, as a transactional test with serialized rollback does."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from pytest_django.live_server_helper import LiveServer

    connection = connections[DEFAULT_DB_ALIAS]
    name = str(connection.settings_dict["NAME"])
    # pytest-django creates the test database only for tests that ask for `db`; without it the
    # seed and the flush below would run on the developer's own database.
    assert name.startswith("test_") or connection.is_in_memory_db(), f"not a test database: {name}"
    with django_db_blocker.unblock():
        baseline = getattr(connection, "_test_serialized_contents", None)
        if baseline is None:
            baseline = connection.creation.serialize_db_to_string()  # no transactional test has run
        else:
            connection.creation.deserialize_db_from_string(baseline)  # one may have flushed it
        call_command("seed_portal", stdout=io.StringIO())
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server.url
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            # As TransactionTestCase does: no post_migrate, which would recreate rows the
            # baseline puts back (content types, permissions) under new ids, and sequences left
            # where they are, since the baseline's rows come back with their old ids.
            call_command(
                "flush",
                verbosity=0,
                interactive=False,
                database=DEFAULT_DB_ALIAS,
                reset_sequences=False,
                inhibit_post_migrate=True,
            )
            connection.creation.deserialize_db_from_string(baseline)


@pytest.fixture(scope="module")
def shared_browser(shared_portal_url):
    """One browser for a module that uses `shared_portal_url`: it is set up after the seed and
    closed before the restore, so the database work at either end sees no asyncio loop."""
    from django.db import connections

    with chromium() as browser:
        yield browser
        # Connections the tests opened while Playwright's loop ran belong to that context.
        connections.close_all()
