"""Helpers shared by several test modules."""

from django.core.cache import cache


def stored_cache_keys() -> list[str]:
    """Every key in the cache, whichever backend the run uses (local memory or Redis)."""
    if isinstance(cache._cache, dict):
        return [str(key) for key in cache._cache]
    return [key.decode() for key in cache._cache.get_client().keys("*")]


def database_name(base: str) -> str:
    """A database name of this test process's own: under pytest-xdist each worker gets a suffix,
    so two workers never create and drop the same database."""
    import os

    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"{base}_{worker}" if worker else base
