"""Databases for the slow tests (make test-slow): the load test and the production topology.

Each needs a migrated, seeded PostgreSQL database of its own that no other test has touched.
Migrating one takes most of a minute here (236 migrations), so the session migrates and seeds
one template database, and each test gets a copy of it (`CREATE DATABASE ... TEMPLATE`, a file
copy on the server): the same rows `migrate` and `seed_portal` made, in a second or two.

The template is built in the background from the moment the session knows a test will need it
(`start_building`, after collection), in processes of its own: on two cores it is made while
this process migrates the tests' SQLite databases. A test that needs it waits for it
(`seeded_postgres`), so nothing else runs beside a load test's figures. Static files are
collected once per session too: they go to var/static whatever the database.
"""

import contextlib
import os
import socket
import threading
from urllib.parse import urlsplit

import pytest

from tests.support import database_name

POSTGRES = os.environ.get("DATABASE_URL", "")
POSTGRES = POSTGRES if POSTGRES.startswith("postgres") else "postgres://postgres@127.0.0.1:5432/postgres"

_BUILD = pytest.StashKey["_TemplateBuild"]()
_STATIC = pytest.StashKey[bool]()


def postgres_missing() -> str:
    parts = urlsplit(POSTGRES)
    try:
        socket.create_connection((parts.hostname, parts.port or 5432), timeout=1).close()
    except OSError:
        return f"PostgreSQL does not answer at {parts.hostname}:{parts.port or 5432}"
    return ""


def collect_static_once(config: pytest.Config) -> None:
    from bench.serve import manage, production_env

    if not config.stash.get(_STATIC, False):
        manage(production_env(POSTGRES), "collectstatic", "--noinput")
        config.stash[_STATIC] = True


class _TemplateBuild:
    """Migrate and seed the template in a thread (the work is in `manage.py` subprocesses)."""

    def __init__(self, config: pytest.Config):
        self.name = database_name("steady_path_slow_template")
        self.error: BaseException | None = None
        self._stack = contextlib.ExitStack()
        self._thread = threading.Thread(target=self._build, name="seeded-postgres-template", daemon=True)
        config.add_cleanup(self._drop)
        self._thread.start()

    def _build(self) -> None:
        from bench.concurrency import fresh_postgres_database
        from bench.serve import prepare, production_env

        try:
            url = self._stack.enter_context(fresh_postgres_database(POSTGRES, self.name))
            prepare(production_env(url), collect_static=False)
        except BaseException as error:  # raised again in the test that waits for it
            self.error = error

    def wait(self) -> str:
        self._thread.join()
        if self.error:
            raise RuntimeError(f"the seeded PostgreSQL template failed: {self.error!r}") from self.error
        return self.name

    def _drop(self) -> None:
        self._thread.join()
        self._stack.close()


def start_building(config: pytest.Config) -> None:
    """Begin the session's template now, if PostgreSQL answers (else the tests skip or fail)."""
    if _BUILD not in config.stash and not postgres_missing():
        config.stash[_BUILD] = _TemplateBuild(config)


def start_building_if_needed(session: pytest.Session, fixture: str) -> None:
    """From a conftest's pytest_collection_finish: when a selected test uses `fixture`, which
    copies the template."""
    if any(fixture in getattr(item, "fixturenames", ()) for item in session.items):
        start_building(session.config)


def background_done(config: pytest.Config) -> None:
    """Wait for the template if it is being built, so that a load test runs alone (its failure,
    if any, is reported by the tests that copy it)."""
    if _BUILD in config.stash:
        with contextlib.suppress(RuntimeError):
            config.stash[_BUILD].wait()


@contextlib.contextmanager
def seeded_postgres(config: pytest.Config, name: str):
    """A fresh copy of the seeded database, named `name` (per xdist worker); yields its URL."""
    from bench.concurrency import fresh_postgres_database

    start_building(config)
    template = config.stash[_BUILD].wait()
    with fresh_postgres_database(POSTGRES, database_name(name), template=template) as url:
        yield url
