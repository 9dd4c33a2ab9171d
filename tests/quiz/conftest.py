"""Quiz fixtures live in tests/conftest.py: the security and analytics tests use them too."""

from tests.slow_databases import start_building_if_needed


def pytest_collection_finish(session):
    # The load test's PostgreSQL run copies a seeded database: begin making it now (tests/slow_databases.py).
    start_building_if_needed(session, "load_database")
