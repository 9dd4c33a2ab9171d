"""Helpers for browser tests that write to the session's shared database."""


def when_unlocked(write, attempts: int = 50):
    """Run `write` (a test's own set-up or clean-up) once the live server's write has finished. On SQLite's
    shared in-memory test database a table another connection is writing is refused at once
    ("database table is locked"), without the busy timeout a file database waits out; a request
    the closed browser left behind may still be finishing."""
    import time

    from django.db import OperationalError, transaction

    for attempt in range(attempts):
        try:
            # All or nothing, so a refused try leaves no half of itself behind for the next.
            with transaction.atomic():
                return write()
        except OperationalError as error:
            if "locked" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(0.1)


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Every WCAG 2.2 A and AA rule runs; only the violations are reported in full (axe's own default,
# which a runOnly option replaces): the passes' details would be built, sent back and dropped.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def wcag_report(page, context: str | None = None) -> str | None:
    """axe-core's report of the WCAG 2.2 A/AA violations on the page as it is now, or None.
    `context`: a CSS selector, to check only that region (an admin panel of ours, say)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context, options=AXE_OPTIONS)
    return results.generate_report() if results.violations_count else None
