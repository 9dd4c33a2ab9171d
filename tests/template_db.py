"""One migrated SQLite database for every pytest-xdist worker of a run.

Migrating takes about 20 s of CPU here (236 migrations, most of it Django rendering Wagtail's
model states), and each worker would otherwise do it for its own in-memory test database. The
controller process, which runs no tests, starts `python -m tests.template_db PATH` as soon as it
is configured, so the one migration runs while the workers start and collect; each worker then
copies the file into its in-memory database (SQLite's backup API, milliseconds) in place of
migrating. The copy is what `migrate` made, post-migrate signals included (content types,
permissions, roles): the same database a worker would have built. PostgreSQL runs, and runs
without workers, migrate as usual.
"""

import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENV = "STEADY_PATH_TEST_TEMPLATE_DB"
ROOT = Path(__file__).resolve().parent.parent
WAIT_SECONDS = 600


def start(environ=os.environ) -> subprocess.Popen:
    """Begin migrating a template database in the background; tell the workers where it will be."""
    path = Path(tempfile.mkdtemp(prefix="steady-path-test-db-")) / "migrated.sqlite3"
    environ[ENV] = str(path)
    return subprocess.Popen([sys.executable, "-m", "tests.template_db", str(path)], cwd=ROOT)


def stop(process: subprocess.Popen, environ=os.environ) -> None:
    path = Path(environ.pop(ENV))
    if process.poll() is None:
        process.kill()
    process.wait()
    for leftover in path.parent.glob("*"):
        leftover.unlink()
    path.parent.rmdir()


def use_in_this_worker(connection) -> None:
    """Make `connection`'s test database a copy of the template instead of migrating it."""
    path = Path(os.environ[ENV])
    creation = connection.creation
    migrate_normally = creation.create_test_db

    def create_test_db(verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        if not _ready(path) or not creation.is_in_memory_db(creation._get_test_db_name()):
            return migrate_normally(verbosity, autoclobber, serialize, keepdb)
        from django.conf import settings

        name = creation._get_test_db_name()
        creation._create_test_db(verbosity, autoclobber, keepdb)
        connection.close()
        settings.DATABASES[connection.alias]["NAME"] = name
        connection.settings_dict["NAME"] = name
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        if serialize:
            connection._test_serialized_contents = creation.serialize_db_to_string()
        return name

    creation.create_test_db = create_test_db


def _ready(path: Path) -> bool:
    """Wait for the controller's migration; False (the worker migrates itself) if it failed."""
    failed = path.with_suffix(".failed")
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if path.exists():
            return True
        if failed.exists():
            print(f"template database failed, migrating in this worker: {failed.read_text()}", file=sys.stderr)
            return False
        time.sleep(0.2)
    return False


def _migrate(path: Path) -> None:
    partial = path.with_suffix(".partial")
    os.environ["DATABASE_URL"] = f"sqlite:///{partial}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    try:
        call_command("migrate", interactive=False, run_syncdb=True, verbosity=0)
        # Out of WAL mode, so that everything is in the one file that is renamed.
        with connections["default"].cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=DELETE")
        connections.close_all()
    except BaseException as error:
        path.with_suffix(".failed").write_text(repr(error))
        raise
    # The rename is the signal: a worker never reads a half-migrated file.
    partial.rename(path)


if __name__ == "__main__":
    _migrate(Path(sys.argv[1]))
