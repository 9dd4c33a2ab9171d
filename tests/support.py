"""Helpers shared by several test modules."""

from django.core.cache import cache

# What `seeded_portal_with_users` (tests/conftest.py) signs the demo accounts with.
DEMO_PASSWORD = "a-long-demo-password-1"
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


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


def make_home():
    """A home page as the default site's root, in place of Wagtail's placeholder."""
    from wagtail.models import Page, Site

    from approaches.factories import HomePageFactory

    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


def database_down(monkeypatch, message: str = "could not connect to server") -> None:
    """Every query from here on fails as it does when the database server is unreachable,
    through the same cursor wrappers Django uses with and without DEBUG."""
    from django.db import OperationalError
    from django.db.backends import utils

    def unreachable(*args, **kwargs):
        raise OperationalError(message)

    monkeypatch.setattr(utils.CursorWrapper, "execute", unreachable)
    monkeypatch.setattr(utils.CursorDebugWrapper, "execute", unreachable)


def publish_wording(language: str = "en", **fields):
    """Change the live Portal wording of a language as approving an edit in Clinical review would
    (a published revision), making the row if the test database has none."""
    from wagtail.models import Locale

    from core.models import PortalWording

    locale, _ = Locale.objects.get_or_create(language_code=language)
    wording = PortalWording.objects.filter(locale=locale).first() or PortalWording(locale=locale)
    for name, value in fields.items():
        setattr(wording, name, value)
    wording.save()
    wording.save_revision().publish()
    return wording
