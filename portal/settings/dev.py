from .base import *

DEBUG = True
# A fixed key is fine on a laptop; production refuses to start without SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-not-secret-steady-path"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Template edits show at once on a laptop; set PAGE_CACHE_ENABLED=true to try the page cache.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", False)
# `make run` signs in with a password alone; set STAFF_2FA_REQUIRED=true to try the second step.
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", False)
