"""Production: everything comes from the environment. See docs/deployment.md for each variable."""

from urllib.parse import urlsplit

from .base import *

SECRET_KEY = os.environ["SECRET_KEY"]
if not ALLOWED_HOSTS:
    raise RuntimeError("Set ALLOWED_HOSTS (comma-separated) for production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")

# Every staff sign-in needs a second factor in production, whatever the environment says.
STAFF_2FA_REQUIRED = True
# Passkeys belong to the admin's hostname: changing it later means everyone enrols again.
_admin_url = urlsplit(WAGTAILADMIN_BASE_URL)
OTP_WEBAUTHN_RP_ID = os.environ.get("WEBAUTHN_RP_ID") or _admin_url.hostname
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("WEBAUTHN_ALLOWED_ORIGINS") or [f"{_admin_url.scheme}://{_admin_url.netloc}"]
PASSKEY_ANY_LOCALHOST_PORT = False

# Persistent connections, checked before reuse so a restarted database costs no errors.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# The reverse proxy runs on the app server's own host (docs/deployment.md); name others here.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")
if any(proxy in {"*", "0.0.0.0/0", "::/0"} for proxy in TRUSTED_PROXIES):
    raise RuntimeError(
        "TRUSTED_PROXIES must name your reverse proxies, not everyone: trusting every address "
        "lets any client choose the address its rate limit and sign-in lockout are counted under."
    )
# Pages must reach every app server within a second of a change (docs/deployment.md).
if not 0 < PAGE_CACHE_GENERATION_CHECK <= 1:
    raise RuntimeError("PAGE_CACHE_GENERATION_CHECK must be more than 0 and at most 1 second.")

# TLS ends at the load balancer, which says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True

# Static files: hashed names and pre-compressed copies, served by whitenoise from each app server
# (a CDN in front caches them for a year).
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "whitenoise.middleware.WhiteNoiseMiddleware"
)
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Media (images, documents) on S3-compatible object storage when a bucket is configured, so any
# number of app servers see the same files; on local disk otherwise (MEDIA_ROOT), served by nginx.
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(MEDIA_ROOT))
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = False
    AWS_S3_FILE_OVERWRITE = False
    # Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the instance role.

# A CDN in front of the app servers, told to drop a page when it is published or unpublished.
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.contrib.frontend_cache"]
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Steady Path <no-reply@localhost>")
