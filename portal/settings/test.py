from .base import *

SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
# CI's PostgreSQL run also sets REDIS_URL, so the suite runs against the real Redis cache.
# Tests clear the cache between them (a FLUSHDB), so under pytest-xdist each worker gets a Redis
# database of its own, counting down from the one in REDIS_URL: gw0 keeps it, gw1 the one below.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _worker.startswith("gw"):
    _base, _, _db = REDIS_URL.rpartition("/")
    REDIS_URL = f"{_base}/{(int(_db or 0) - int(_worker[2:])) % 16}"
CACHES = (
    {"default": redis_cache(REDIS_URL, prefix="steady-path-test")}
    if REDIS_URL
    else {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
)
WAGTAILADMIN_BASE_URL = "http://testserver"
# force_login and admin_client sign in without a code; tests/core/test_two_factor.py turns it on.
STAFF_2FA_REQUIRED = False
# A test is one process, and its own changes are seen at once (a purge forgets the reading), so
# the reading may be kept long: otherwise a request on a busy machine that takes longer than the
# interval reads the generation again and a counted request costs one query more.
# tests/core/test_page_cache.py sets it where the interval itself is under test.
PAGE_CACHE_GENERATION_CHECK = 60
