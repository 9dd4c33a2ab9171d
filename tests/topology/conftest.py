"""The deployed shape: nginx in front of two gunicorn app servers on one PostgreSQL database,
with a Redis of the test's own or none (bench/topology.py). Slow; CI runs these once.

Skipped on a machine without nginx, PostgreSQL or redis-server (a fresh laptop); in CI
(CI set) a missing piece fails instead, since .ci/run installs and starts them.
"""

import os
import shutil
import socket
from urllib.parse import urlsplit

import pytest

from tests.support import database_name

POSTGRES = os.environ.get("DATABASE_URL", "")
POSTGRES = POSTGRES if POSTGRES.startswith("postgres") else "postgres://postgres@127.0.0.1:5432/postgres"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/topology/" in str(item.fspath):
            item.add_marker(pytest.mark.slow)


def postgres_missing() -> str:
    parts = urlsplit(POSTGRES)
    try:
        socket.create_connection((parts.hostname, parts.port or 5432), timeout=1).close()
    except OSError:
        return f"PostgreSQL does not answer at {parts.hostname}:{parts.port or 5432}"
    return ""


def _missing() -> str:
    if not shutil.which("nginx"):
        return "nginx is not installed (apt-get install nginx)"
    if not shutil.which("redis-server"):
        return "redis-server is not installed"
    return postgres_missing()


@pytest.fixture(scope="session")
def topology_database():
    missing = _missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"The topology tests need it in CI: {missing}")
        pytest.skip(f"Topology tests: {missing}")
    from bench.concurrency import fresh_postgres_database
    from bench.serve import prepare, production_env

    with fresh_postgres_database(POSTGRES, database_name("steady_path_topology_test")) as url:
        prepare(production_env(url))
        yield url


@pytest.fixture(scope="module", params=["redis", "no-redis"])
def deployed(request, topology_database, tmp_path_factory):
    """The whole topology, once with a shared Redis and once without any."""
    from bench.topology import PrivateRedis, topology

    redis = None
    if request.param == "redis":
        redis = PrivateRedis(tmp_path_factory.mktemp("redis"))
        redis.start()
    extra = getattr(request.module, "TOPOLOGY_ENV", {})
    try:
        with topology(
            topology_database, redis_url=redis.url if redis else "", prepared=True, extra_env=extra
        ) as running:
            running.redis = redis
            running.variant = request.param
            yield running
    finally:
        if redis:
            redis.stop()
