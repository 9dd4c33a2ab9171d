"""Production settings, loaded in a fresh interpreter with a sample environment."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "sample-production-key-7c1e4b9d2f6a8e0c3b5d7f9a1c3e5b7d9f0a2c4e6b8d",
    "ALLOWED_HOSTS": "steadypath.example.org",
    "DATABASE_URL": "postgres://portal@db.internal:5432/steady_path",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "PATH": "/usr/bin:/bin",
}
READ_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "database": settings.DATABASES["default"]["ENGINE"],
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
    "media": settings.STORAGES["default"]["BACKEND"],
    "middleware": settings.MIDDLEWARE,
    "apps": settings.INSTALLED_APPS,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "frontend_cache": getattr(settings, "WAGTAILFRONTENDCACHE", None),
}))
"""


def run(code_or_args, *, setup=True, **env):
    """Python code (or arguments) in a fresh interpreter with SAMPLE_ENV and `env` (None unsets).

    With `setup`, Django starts as a server would (apps, checks' imports). Code that only reads
    settings passes setup=False: settings load the same either way, in a twentieth of the time."""
    environment = {**SAMPLE_ENV, **env}
    environment = {k: v for k, v in environment.items() if v is not None}
    if isinstance(code_or_args, str):
        args = ["-c", ("import django; django.setup();" if setup else "") + code_or_args]
    else:
        args = code_or_args
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True)


def read_settings(**env) -> dict:
    result = run(READ_SETTINGS, setup=False, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_is_clean_with_a_sample_production_environment():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_everything_comes_from_the_environment():
    values = read_settings()
    assert values["database"] == "django.db.backends.postgresql"
    assert values["conn_max_age"] == 60
    assert values["cache"] == "core.delivery.cache.FailOpenRedisCache"
    assert values["cache_location"] == "redis://cache.internal:6379/0"
    assert values["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["media"] == "django.core.files.storage.FileSystemStorage"
    middleware = values["middleware"]
    assert middleware[:4] == [
        "core.delivery.security.SecurityHeadersMiddleware",  # outermost: every response, errors included
        "core.delivery.page_cache.PageCacheMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
    assert "core.staff.two_factor.StaffSecondFactorMiddleware" in middleware
    assert values["hsts"] == 31536000
    assert values["frontend_cache"] is None


def test_without_redis_the_cache_is_local_memory():
    assert read_settings(REDIS_URL=None)["cache"] == "django.core.cache.backends.locmem.LocMemCache"


def test_object_storage_and_a_cdn_are_switched_on_by_their_variables():
    values = read_settings(AWS_STORAGE_BUCKET_NAME="steady-path-media", FRONTEND_CACHE_PURGE_URL="http://cdn.internal/")
    assert values["media"] == "storages.backends.s3.S3Storage"
    assert "wagtail.contrib.frontend_cache" in values["apps"]
    assert values["frontend_cache"]["default"]["LOCATION"] == "http://cdn.internal/"


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secrets(missing):
    result = run("", **{missing: None})
    assert result.returncode != 0
    assert missing in result.stderr


def test_gunicorn_config_uses_production_settings_and_logs_no_addresses():
    result = run(
        [
            "-c",
            "import os, runpy; os.environ.pop('DJANGO_SETTINGS_MODULE');"
            "c = runpy.run_path('gunicorn.conf.py');"
            "print(os.environ['DJANGO_SETTINGS_MODULE'], c['preload_app'], c['access_log_format'])",
        ]
    )
    assert result.returncode == 0, result.stderr
    module, preload, log_format = result.stdout.split(" ", 2)
    assert (module, preload) == ("portal.settings.production", "True")
    assert "%(h)s" not in log_format and "%(q)s" not in log_format


@pytest.mark.parametrize(
    "env, message",
    [
        ({"TRUSTED_PROXIES": "0.0.0.0/0"}, "TRUSTED_PROXIES"),
        ({"TRUSTED_PROXIES": "*"}, "TRUSTED_PROXIES"),
        ({"PAGE_CACHE_GENERATION_CHECK": "5"}, "PAGE_CACHE_GENERATION_CHECK"),
    ],
)
def test_production_refuses_a_shape_it_does_not_support(env, message):
    result = run("", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_the_proxy_on_this_host_is_trusted_by_default_and_others_can_be_named():
    code = "from django.conf import settings; print(','.join(settings.TRUSTED_PROXIES))"
    assert run(code, setup=False).stdout.strip() == "127.0.0.1,::1"
    assert run(code, setup=False, TRUSTED_PROXIES="10.0.0.0/24").stdout.strip() == "10.0.0.0/24"


@pytest.mark.parametrize("value, enabled", [("1", True), ("true", True), ("on", True), ("0", False), ("no", False)])
def test_yes_and_no_from_the_environment_mean_the_same_everywhere(value, enabled):
    code = "from django.conf import settings; print(settings.PAGE_CACHE_ENABLED)"
    assert run(code, setup=False, PAGE_CACHE_ENABLED=value).stdout.strip() == str(enabled)
