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
