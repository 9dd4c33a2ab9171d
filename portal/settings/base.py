"""Settings shared by every environment. Secrets and hosts come from the environment."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    """One reading of yes/no from the environment: 1, true, yes and on (any case) are yes."""
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "core",
    "approaches",
    "decision_aid",
    "priorities",
    "feedback",
    "linkcheck",
    "quiz",
    "governance",
    "api",
    "portal",
    # Locales and the translation tools; its `wagtaillocales` app replaces wagtail.locales.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Outermost, so every response gets the headers: the 400 for an unknown Host is made by
    # whichever middleware first asks for the host (the page cache here), before any view runs.
    "core.delivery.security.SecurityHeadersMiddleware",
    "core.delivery.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.delivery.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the path alone: an unprefixed path is always English, never the
    # browser's Accept-Language, so each path is one page in one language (the page cache's key).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Wagtail's, skipping its look-up when no redirect starts at the address (core/delivery/redirects.py).
    "core.delivery.redirects.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.site.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"


def redis_cache(url: str, prefix: str = "steady-path") -> dict:
    """Django's Redis cache behind a fail-open wrapper, with short timeouts and no retries."""
    return {
        "BACKEND": "core.delivery.cache.FailOpenRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": prefix,
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
    }


# Redis when REDIS_URL is set (shared by every app server); otherwise memory in this process.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": redis_cache(REDIS_URL)
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "steady-path"}
}

# Anonymous page views come from the cache (core.delivery.page_cache); anything a page shows purges it.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# How often each process reads the content generation from the database: the longest any app
# server goes on serving a page after a change (a proxy in front adds under a second more).
PAGE_CACHE_GENERATION_CHECK = float(os.environ.get("PAGE_CACHE_GENERATION_CHECK", "0.25"))
# Short for browsers so a changed crisis number reaches them soon; longer for a CDN that is purged.
PAGE_BROWSER_MAX_AGE = int(os.environ.get("PAGE_BROWSER_MAX_AGE", "60"))
PAGE_SHARED_MAX_AGE = int(os.environ.get("PAGE_SHARED_MAX_AGE", "300"))
PAGE_CACHE_PURGE_MODELS = [
    "core.PortalSettings",
    "core.PortalWording",
    "governance.ClinicalReviewer",
    "governance.PageReview",
    "approaches.Condition",
    "approaches.ProviderType",
    "quiz.SupportLevel",  # the quiz's scoring keeps the published levels until a purge
    "wagtailcore.Site",
    "wagtailimages.Image",
    # Making a page private hides it from patients and from the API at once, as unpublishing does.
    "wagtailcore.PageViewRestriction",
    # Which addresses redirect: every process keeps the set of old paths (core/delivery/redirects.py).
    "wagtailredirects.Redirect",
]

# The partner API (docs/api.md): requests a minute per key, and per client address without one.
API_KEY_RATE_LIMIT = int(os.environ.get("API_KEY_RATE_LIMIT", "600"))
API_ANONYMOUS_RATE_LIMIT = int(os.environ.get("API_ANONYMOUS_RATE_LIMIT", "60"))
# What partners may do with the content, named in every API answer beside the attribution text.
API_CONTENT_LICENSE_NAME = os.environ.get(
    "API_CONTENT_LICENSE_NAME", "Steady Path partner terms: show it unchanged, with the attribution and a link"
)
API_CONTENT_LICENSE_URL = os.environ.get("API_CONTENT_LICENSE_URL", "")

# SQLite is the embedded default; PostgreSQL is the production path (DATABASE_URL).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Many patients answer at once: WAL lets reads run beside a write, IMMEDIATE takes the
    # write lock when a transaction starts (no deadlocked upgrades), and the timeout makes a
    # writer wait its turn instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# Patients read English (unprefixed URLs, as before) or Spanish (under /es/). A third language
# is a line here and in WAGTAIL_CONTENT_LANGUAGES, then content work (docs/i18n-plan.md).
LANGUAGES = [("en", "English"), ("es", "Español")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# A translation is a draft copy edited in the page editor and sent through Clinical review like
# any page. wagtail-localize's synced editor and "publish on translate" both skip the review
# workflow, so neither is used (docs/i18n-plan.md, step 4).
WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE = "manual"
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "var" / "media"
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Bodies larger than this are refused with a 400 before any view runs.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Steady Path"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Named in the link checker's User-Agent, so a site owner who sees its requests can reach us.
LINKCHECK_CONTACT = os.environ.get("LINKCHECK_CONTACT", "")
# Wagtail's database backend; on PostgreSQL each language is stemmed as itself (core/plumbing/search_backend.py).
# After changing these configs, run `manage.py update_index`: stored vectors keep the old stemming.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "core.plumbing.search_backend",
        "SEARCH_CONFIG": "english",
        "LANGUAGE_CONFIGS": {"en": "english", "es": "spanish"},
    }
}
# Wagtail's index updates run in the request, as with the default immediate backend; the
# subclass lets a seed or a fixture run each one once for a batch of saves (core/plumbing/tasks.py).
TASKS = {"default": {"BACKEND": "core.plumbing.tasks.BatchingImmediateBackend"}}
# Gravatar would send a hash of each staff e-mail address to a third party (and the admin's
# CSP blocks it anyway): staff see the default avatar or one they upload.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Autosave is off. On a new page it saved a draft page while the form was still open, so
# the next fresh form failed with "slug already in use"; on a page under review every
# autosave is a new revision, and the review stamp names one revision. Editors press Save draft.
WAGTAIL_AUTOSAVE_INTERVAL = 0
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]

# Used where the database cannot be reached (the 500 page) and as the initial values of
# the editable crisis settings. Editors change the live values in Settings → Portal.
PORTAL_SAFETY_DEFAULTS = {
    "crisis_page_path": "/get-help/",
    "emergency_number": "911",
    "crisis_line_name": "988 Suicide & Crisis Lifeline",
    "crisis_line_number": "988",
    "crisis_text_number": "988",
    "crisis_chat_url": "https://988lifeline.org/chat/",
    "outside_us_text": (
        "Outside the US? Call your local emergency number, or find a helpline in your country at findahelpline.com."
    ),
    "disclaimer": (
        "Educational only. Not medical advice. "
        "If you’re in immediate danger, call {emergency_number} or your local emergency number."
    ),
    # Where "Exit this page" leads: an everyday site that draws no attention on a shared screen.
    "quick_exit_url": "https://www.weather.gov/",
}
# The same wording in the other languages, for when neither that language's nor the English
# Portal wording can be read: the crisis panel then still speaks the page's language. Numbers
# are never here (one setting for every language). Kept equal to core/seed_content/<code>/
# settings.toml by tests/core/test_portal_wording.py. NOT YET CLINICALLY REVIEWED.
PORTAL_SAFETY_TRANSLATIONS = {
    "es": {
        "crisis_page_path": "/es/obtener-ayuda/",
        "crisis_line_name": "988 Línea de Prevención del Suicidio y Crisis",
        "crisis_language_call": "Para hablar en español, llame al {crisis_line_number} y marque 2.",
        "crisis_language_text": "También puede enviar la palabra AYUDA por mensaje de texto al {crisis_text_number}.",
        "outside_us_text": (
            "¿Está fuera de EE. UU.? Llame al número de emergencias de su país, o busque una línea de "
            "ayuda en su país en findahelpline.com."
        ),
        "disclaimer": (
            "Solo para aprender. No es un consejo médico. Si está en peligro inmediato, llame al "
            "{emergency_number} o al número de emergencias de su zona."
        ),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Partners' API keys never reach a log line in full (api/keys.py), whoever logs them.
    "filters": {"no_api_keys": {"()": "api.keys.RedactAPIKeys"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["no_api_keys"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
CSRF_FAILURE_VIEW = "core.delivery.error_pages.csrf_failure"

# Only staff have sessions (patients' quiz progress is a signed cookie). They live in the database
# alone, never in a cache: every app server sees a sign-in, second step or sign-out at once, with
# or without Redis and across its outages (core/staff/sessions.py; docs/deployment.md, "Sessions").
SESSION_ENGINE = "core.staff.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
QUIZ_ANALYTICS_SUPPRESS_BELOW = int(os.environ.get("QUIZ_ANALYTICS_SUPPRESS_BELOW", "5"))

X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Quiz starts, answers and result click-throughs per client per minute (counted in the cache
# only). A whole quiz is about ten requests, so 300 lets a clinic waiting room of 20 patients
# on one address finish at once; an answer that signals danger is never limited.
QUIZ_RATE_LIMIT = int(os.environ.get("QUIZ_RATE_LIMIT", "300"))
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated):
# the rate limit and the sign-in lockout count the client behind them (core/delivery/clients.py).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
QUIZ_RETENTION_DAYS = int(os.environ.get("QUIZ_RETENTION_DAYS", "365"))
# Page feedback (docs/feedback.md): votes and comments per client per minute, and how long a
# comment's text is kept (`manage.py expire_feedback`, daily); the counts are kept.
FEEDBACK_RATE_LIMIT = int(os.environ.get("FEEDBACK_RATE_LIMIT", "60"))
FEEDBACK_RETENTION_DAYS = int(os.environ.get("FEEDBACK_RETENTION_DAYS", "180"))

# Admin sign-in protection (and log privacy) ------------------------------------------------
# Only staff sign in: patients never authenticate and never get a Django session (their quiz
# progress is the signed `steady_path_quiz` cookie). See docs/security.md, "Admin access".
INSTALLED_APPS = [*INSTALLED_APPS, "axes"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out sign-in before any password check
    "core.staff.lockout.AddressCapBackend",  # refuses an address that failed too often, any username
    "django.contrib.auth.backends.ModelBackend",
]
MIDDLEWARE = [*MIDDLEWARE, "axes.middleware.AxesMiddleware"]  # last: turns a lockout into our page
# Five failed passwords for one username from one address lock that pair out for 30 minutes.
# Attempts made during a lockout don't extend it, so the time on the page stays true.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours: axes reads a float as hours
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# One address failing this often in the cool-off (any usernames) may not sign in at all until it
# ends: 20 is four typos each for five colleagues behind one office address (core/staff/lockout.py).
SIGNIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("SIGNIN_ADDRESS_FAILURE_LIMIT", "20"))
# Password-reset mails per account and per address per hour; over it, the same answer, no mail.
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "core.staff.password_reset.LimitedPasswordResetForm"
PASSWORD_RESET_ACCOUNT_LIMIT = int(os.environ.get("PASSWORD_RESET_ACCOUNT_LIMIT", "3"))
PASSWORD_RESET_ADDRESS_LIMIT = int(os.environ.get("PASSWORD_RESET_ADDRESS_LIMIT", "10"))
# The "address" is a keyed hash of the client's address (through TRUSTED_PROXIES only) shaped as
# an IPv6 address: lockouts work per client, but no staff IP is stored.
AXES_CLIENT_IP_CALLABLE = "core.staff.lockout.pseudonymous_address"
AXES_LOCKOUT_CALLABLE = "core.staff.lockout.lockout_response"
# Keep as little as possible: no row per successful sign-in, no failure history beyond the
# live attempt counters (deleted on success or after the cool-off), log lines without usernames,
# addresses or user agents.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "user_agent"]
# A second factor for every staff account (core/staff/two_factor.py, docs/security.md): no admin screen
# opens on a password alone. Production keeps it on; dev.py and test.py turn it off.
INSTALLED_APPS = [*INSTALLED_APPS, "django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
# After the messages middleware too: a sign-in step that keeps an edit says so in a message.
_after_auth = MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1
MIDDLEWARE[_after_auth:_after_auth] = [
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "core.staff.kept_edits.KeptEditsMiddleware",  # an admin post met by a sign-in step is kept, not lost
    "core.staff.two_factor.StaffSecondFactorMiddleware",  # no admin screen until it is
]
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", True)
OTP_TOTP_ISSUER = "Steady Path"
# Passkeys / security keys (WebAuthn) as the other second factor, on django-otp-webauthn.
INSTALLED_APPS = [*INSTALLED_APPS, "django_otp_webauthn"]
OTP_WEBAUTHN_RP_NAME = "Steady Path"
# A second factor only: a passkey alone would skip the password step and its lockout.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_HELPER_CLASS = "core.staff.two_factor.PasskeyHelper"
# Browsers refuse an IP address as the relying-party id, so locally passkeys work on
# http://localhost:<port> (not 127.0.0.1); production.py takes both from the environment.
OTP_WEBAUTHN_RP_ID = os.environ.get("WEBAUTHN_RP_ID", "localhost")
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("WEBAUTHN_ALLOWED_ORIGINS", "http://localhost:8000")
# Any http://localhost port too (the test live server's is random); production turns this off.
PASSKEY_ANY_LOCALHOST_PORT = True
# Staff sessions end after two idle hours (each request pushes the expiry on) and, unless
# "Remember me" is ticked at sign-in, when the browser closes.
SESSION_COOKIE_AGE = 2 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Logs carry no patient data (tests/core/test_log_privacy.py): the template engine's DEBUG lines
# would otherwise attach the whole template context, quiz answers included.
LOGGING["filters"] = {
    **LOGGING.get("filters", {}),
    "no_template_context": {"()": "core.delivery.log_privacy.DropTemplateContext"},
}
LOGGING["loggers"] = {**LOGGING.get("loggers", {}), "django.template": {"filters": ["no_template_context"]}}
# End of admin sign-in protection (and log privacy) -----------------------------------------
