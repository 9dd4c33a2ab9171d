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
CACHES = (
    {"default": redis_cache(REDIS_URL, prefix="steady-path-test")}
    if REDIS_URL
    else {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
)
WAGTAILADMIN_BASE_URL = "http://testserver"
# force_login and admin_client sign in without a code; tests/core/test_two_factor.py turns it on.
STAFF_2FA_REQUIRED = False
