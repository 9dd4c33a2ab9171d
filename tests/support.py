"""Helpers shared by several test modules."""

from django.core.cache import cache


def stored_cache_keys() -> list[str]:
    """Every key in the cache, whichever backend the run uses (local memory or Redis)."""
    if isinstance(cache._cache, dict):
        return [str(key) for key in cache._cache]
    return [key.decode() for key in cache._cache.get_client().keys("*")]
