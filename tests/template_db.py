"""Template SQLite databases, built once per pytest-xdist run and copied by every worker.

Migrating takes about 20 s of CPU here (267 migrations, most of it Django rendering Wagtail's
model states), and seeding the bilingual demo portal about 3 s; each worker would otherwise
migrate its own in-memory test database, and every module that asks for the seeded portal would
seed it again. The controller process, which runs no tests, starts `python -m tests.template_db
DIR` as soon as it is configured. That process migrates one file, then seeds a copy of it
(`seed_portal`), then a copy of that with the demo accounts (`seed_portal --demo-users`), so the
work runs while the workers start, collect and run the tests that need no database.

A worker copies the migrated file into its in-memory database (SQLite's backup API, a few
milliseconds) in place of migrating: what `migrate` made, post-migrate signals included
(content types, permissions, roles). A module that asks for the seeded portal gets the seeded
file copied over its database for the module (`seeded_database`), and its database as it was
before put back afterwards; the copy is what seeding the worker's own database would have made,
since both start from the same migrated file. PostgreSQL runs, and runs without workers, migrate
and seed as usual. If building a template fails, workers fall back to doing the work themselves.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

ENV = "STEADY_PATH_TEST_TEMPLATE_DB"
ROOT = Path(__file__).resolve().parent.parent
WAIT_SECONDS = 600
MIGRATED = "migrated"
# The seeded templates, in the order they are built, and the `seed_portal` arguments of each.
SEEDED = {"seeded": (), "seeded-users": ("--demo-users",)}


# A pytest plugin too (`-p tests.template_db` in pyproject.toml), so that the controller starts
# building before it sets Django up and imports the conftest: about 3 s sooner than its
# pytest_configure would, time the workers would otherwise wait for the migrated template.
_PROCESS = pytest.StashKey()


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    options = early_config.known_args_namespace
    if os.environ.get("PYTEST_XDIST_WORKER") or not getattr(options, "numprocesses", None):
        return
    if os.environ.get("DATABASE_URL", "sqlite:").startswith("sqlite:"):
        early_config.stash[_PROCESS] = start()


def pytest_unconfigure(config):
    if _PROCESS in config.stash:
        stop(config.stash[_PROCESS])


def start(environ=os.environ) -> subprocess.Popen:
    """Begin building the templates in the background; tell the workers where they will be."""
    folder = Path(tempfile.mkdtemp(prefix="steady-path-test-db-"))
    environ[ENV] = str(folder)
    return subprocess.Popen([sys.executable, "-m", "tests.template_db", str(folder)], cwd=ROOT)


def stop(process: subprocess.Popen, environ=os.environ) -> None:
    folder = Path(environ.pop(ENV))
    if process.poll() is None:
        process.kill()
    process.wait()
    shutil.rmtree(folder, ignore_errors=True)


def _folder() -> Path | None:
    value = os.environ.get(ENV)
    return Path(value) if value else None


def _usable(connection) -> bool:
    return connection.vendor == "sqlite" and connection.creation.is_in_memory_db(connection.settings_dict["NAME"])


def use_in_this_worker(connection) -> None:
    """Make `connection`'s test database a copy of the migrated template instead of migrating it."""
    creation = connection.creation
    migrate_normally = creation.create_test_db

    def create_test_db(verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        path = _ready(MIGRATED)
        if path is None or not creation.is_in_memory_db(creation._get_test_db_name()):
            return migrate_normally(verbosity, autoclobber, serialize, keepdb)
        from django.conf import settings

        name = creation._get_test_db_name()
        creation._create_test_db(verbosity, autoclobber, keepdb)
        connection.close()
        settings.DATABASES[connection.alias]["NAME"] = name
        connection.settings_dict["NAME"] = name
        connection.ensure_connection()
        _copy(path, connection.connection)
        if serialize:
            connection._test_serialized_contents = creation.serialize_db_to_string()
        return name

    creation.create_test_db = create_test_db


@contextmanager
def seeded_database(connection, kind: str):
    """The seeded template `kind` ("seeded", "seeded-users") in place of `connection`'s database
    inside the block, and the database as it was put back after it. Yields `seed_portal`'s output,
    or None when there is no template to use (the caller then seeds)."""
    path = _ready(kind) if _folder() and _usable(connection) else None
    if path is None:
        yield None
        return
    from django.contrib.contenttypes.models import ContentType

    assert not connection.in_atomic_block, "a template can only replace a database outside a transaction"
    connection.ensure_connection()
    before = sqlite3.connect(":memory:")
    try:
        connection.connection.backup(before)
        _copy(path, connection.connection)
        ContentType.objects.clear_cache()
        yield path.with_suffix(".out").read_text()
    finally:
        # Whatever a test left open is rolled back by its own fixtures before this runs.
        before.backup(connection.connection)
        before.close()
        ContentType.objects.clear_cache()


def _copy(path: Path, destination) -> None:
    source = sqlite3.connect(path)
    try:
        source.backup(destination)
    finally:
        source.close()


def _ready(name: str) -> Path | None:
    """Wait for the template `name`; None (the worker does the work itself) if building it failed."""
    folder = _folder()
    path, failed = folder / f"{name}.sqlite3", folder / f"{name}.failed"
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if path.exists():
            return path
        if failed.exists():
            print(
                f"template database {name} failed, doing its work in this worker: {failed.read_text()}", file=sys.stderr
            )
            return None
        time.sleep(0.1)
    return None


def _build(folder: Path) -> None:
    building = folder / "building.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{building}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from tests.support import DEMO_PASSWORD, DEMO_TOTP_SECRET

    os.environ.update(DEMO_PASSWORD=DEMO_PASSWORD, DEMO_TOTP_SECRET=DEMO_TOTP_SECRET)
    connection = connections["default"]
    names = [MIGRATED, *SEEDED]
    for name in names:
        try:
            if name == MIGRATED:
                call_command("migrate", interactive=False, run_syncdb=True, verbosity=0)
            else:
                # Each seeded template starts from the migrated one, as a worker's seed would.
                connection.close()
                shutil.copyfile(folder / f"{MIGRATED}.sqlite3", building)
                _seed(folder / f"{name}.out", SEEDED[name])
            # Out of WAL mode, so that everything is in the one file that is copied.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode=DELETE")
            connection.close()
            # The rename is the signal: a worker never reads a half-built file.
            shutil.copyfile(building, folder / f"{name}.partial")
            (folder / f"{name}.partial").rename(folder / f"{name}.sqlite3")
        except BaseException as error:
            for rest in names[names.index(name) :]:
                (folder / f"{rest}.failed").write_text(repr(error))
            raise


def _seed(output: Path, args) -> None:
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("seed_portal", *args, stdout=out)
    output.write_text(out.getvalue())


if __name__ == "__main__":
    _build(Path(sys.argv[1]))
