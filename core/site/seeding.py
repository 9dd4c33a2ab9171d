"""What every app's seeding shares: the report of what was added, and the settings' page links.

Each content app has a `seeding.py` with `seed(report)`; `manage.py seed_portal` (portal/seeding.py)
calls them bottom layer first. Seeding only ever adds what is missing.
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from core.models import PortalSettings, PortalWording
from core.models.wording import WORDING_FIELDS

SEED_DIR = Path(__file__).resolve().parent.parent / "seed_content"


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    # Pages made as copies of another language's page and then given their own slug.
    translated_pages: list = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created)


def link_settings_pages(report: SeedReport, pages_by_role: dict) -> None:
    """Point `<role>_page` in the portal settings at each page, unless an editor already chose one."""
    settings = PortalSettings.load()
    changed = False
    for role, page in pages_by_role.items():
        attr = f"{role}_page"
        if page is not None and getattr(settings, f"{attr}_id") is None:
            setattr(settings, attr, page)
            report.created.append(f"setting {attr} → {page.url_path}")
            changed = True
    if changed:
        settings.save()


def wording_seed(language_code: str, seed_dir: Path = SEED_DIR) -> dict:
    """The Portal wording fields for a language from seed_content/<code>/settings.toml."""
    with open(seed_dir / language_code / "settings.toml", "rb") as fh:
        data = tomllib.load(fh)
    values = {name: value for name, value in data.get("portal_settings", {}).items() if name in WORDING_FIELDS}
    options = data.get("crisis_spanish_options", {})
    values["crisis_language_call"] = options.get("call", "")
    values["crisis_language_text"] = options.get("text", "")
    return values


def seed(report: SeedReport, *, seed_dir: Path = SEED_DIR) -> None:
    """The English Portal wording (the migration made it; a flushed test database has none) and a
    published translation for each language with seed files. Adds only what is missing: an
    editor's wording, published or waiting in review, is never touched."""
    from wagtail.models import Locale

    english_locale = Locale.get_default()
    english = PortalWording.objects.filter(locale=english_locale).first()
    if english is None:
        english = PortalWording(locale=english_locale)
        english.save()
        _publish(english)
        report.created.append("portal wording (English)")
    for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code == english_locale.language_code or not (seed_dir / code / "settings.toml").is_file():
            continue
        locale, _ = Locale.objects.get_or_create(language_code=code)
        if PortalWording.objects.filter(locale=locale).exists():
            continue
        wording = english.copy_for_translation(locale)
        for name, value in wording_seed(code, seed_dir).items():
            setattr(wording, name, value)
        wording.save()
        # Published like the rest of the demo: the Spanish pages say on them that their
        # translation is not yet clinically reviewed (core.site.languages).
        _publish(wording)
        report.created.append(f"portal wording ({code})")


def _publish(wording: PortalWording) -> None:
    """A published revision, as approving it in Clinical review would give it."""
    wording.save_revision().publish()
