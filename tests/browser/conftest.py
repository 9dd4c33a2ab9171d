"""Real-browser tests: Debian's Chromium driven by Playwright, against pytest-django's live server."""

import io
import os

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


# One browser per test: with Playwright's event loop alive between tests, Django's
# serialized rollback cannot find the connection it saved the database on.
@pytest.fixture
def browser(portal_url):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: .ci/run must install Debian's chromium package")
        pytest.skip("Browser tests need Debian's Chromium at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


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
