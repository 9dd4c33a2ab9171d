"""The deployed shape: nginx in front of two gunicorn app servers on one PostgreSQL database,
with a Redis of the test's own or none (bench/topology.py). Slow; CI runs these once.

Each variant is started once for the session and every topology test of that variant runs on
it (pytest groups them by variant): starting and stopping the app servers and nginx is most of
a topology test's cost otherwise. The tests are written to share it: each goes through its own
client addresses, and what one changes in the database is read back fresh by the next.

Skipped on a machine without nginx, PostgreSQL or redis-server (a fresh laptop); in CI
(CI set) a missing piece fails instead, since .ci/run installs and starts them.
"""

import os
import shutil

import pytest

from tests.slow_databases import collect_static_once, postgres_missing, seeded_postgres, start_building_if_needed

# Small, so a test can go over it (tests/topology/test_behind_the_proxy.py); the no-Redis variant
# counts per worker (4 of them). Only quiz posts count: the freshness tests only read.
TOPOLOGY_ENV = {"QUIZ_RATE_LIMIT": "10"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/topology/" in str(item.fspath):
            item.add_marker(pytest.mark.slow)


def pytest_collection_finish(session):
    # The topology runs on a copy of a seeded database: begin making it now (tests/slow_databases.py),
    # unless the topology tests are to be skipped.
    if not _missing():
        start_building_if_needed(session, "topology_database")


def _missing() -> str:
    if not shutil.which("nginx"):
        return "nginx is not installed (apt-get install nginx)"
    if not shutil.which("redis-server"):
        return "redis-server is not installed"
    return postgres_missing()


@pytest.fixture(scope="session")
def topology_database(request):
    missing = _missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"The topology tests need it in CI: {missing}")
        pytest.skip(f"Topology tests: {missing}")
    collect_static_once(request.config)
    with seeded_postgres(request.config, "steady_path_topology_test") as url:
        yield url


@pytest.fixture(scope="session", params=["redis", "no-redis"])
def deployed(request, topology_database, tmp_path_factory):
    """The whole topology, once with a shared Redis and once without any."""
    from bench.topology import PrivateRedis, topology

    redis = None
    if request.param == "redis":
        redis = PrivateRedis(tmp_path_factory.mktemp("redis"))
        redis.start()
    try:
        with topology(
            topology_database, redis_url=redis.url if redis else "", prepared=True, extra_env=TOPOLOGY_ENV
        ) as running:
            running.redis = redis
            running.variant = request.param
            yield running
    finally:
        if redis:
            redis.stop()
