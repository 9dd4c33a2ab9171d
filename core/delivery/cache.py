"""A Redis cache that fails open.

Everything the portal keeps in the cache can be rebuilt: rendered pages, rate-limit counters,
cached copies of sessions. So when Redis is down or slow, every call behaves as if the cache
were empty and the site keeps serving from the database. After a failure the backend skips
Redis for a short while, so a dead server costs one timeout, not one per cache call.
"""

import logging
import time

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# Seconds to stay away from Redis after a failed call.
RETRY_AFTER = 5.0
# Everything redis-py raises, and the socket errors beneath it.
CACHE_ERRORS = (redis.exceptions.RedisError, OSError)


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        # Whether the last call was answered by the fallback: callers whose correctness needs
        # the shared cache (rate limits) check it and fall back to something of their own.
        self.unavailable = False

    def _call(self, method, fallback, *args, **kwargs):
        self.unavailable = True
        if time.monotonic() < self._down_until:
            return fallback()
        try:
            result = getattr(super(), method)(*args, **kwargs)
            self.unavailable = False
            return result
        except CACHE_ERRORS as exc:
            if self._down_until == 0.0 or time.monotonic() >= self._down_until + 60:
                # Only the error class: messages can carry hosts and credentials.
                logger.warning("Cache unavailable (%s); serving without it.", type(exc).__name__)
            self._down_until = time.monotonic() + RETRY_AFTER
            return fallback()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", lambda: False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", lambda: default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", lambda: None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", lambda: False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", lambda: False, key, version)

    def incr(self, key, delta=1, version=None):
        # An unreachable cache holds no keys, and incr on a missing key raises ValueError.
        def missing():
            raise ValueError(f"Key '{key}' not found.")

        return self._call("incr", missing, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", lambda: list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", lambda: None, keys, version)

    def clear(self):
        return self._call("clear", lambda: None)
