"""Seeding the other languages' twins of the approach content, from seed_content/<language>/.

Each record is made as a translation of its English source (same translation key, the other
locale), found by the rules the seed files keep (tests/approaches/test_spanish_seed_content.py):
pages by `source_slug`, conditions by `slug`, provider types by position. Like the English
seed, it only adds what is missing and publishes what it adds: the demo has to be visible, and
every page says on it that its translation is not yet clinically reviewed until a reviewer
approves it (templates/includes/translation_notice.html).
"""

from pathlib import Path

from django.utils import translation
from wagtail.models import Locale, Page

from approaches.models import (
    ApproachCondition,
    ApproachIndexPage,
    ApproachProviderType,
    Condition,
    HomePage,
    ProviderType,
)
from approaches.seed_files import approach_fields, load_approaches, load_seed, publish_snippet
from core.site.seeding import SeedReport

# What the page seed files hold besides the page's own fields.
_NOT_FIELDS = {"slug", "source_slug", "role"}


def seed_language(report: SeedReport, *, language_code: str, english_dir: Path, seed_dir: Path) -> None:

    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    default = Locale.get_default()

    conditions = _translate_conditions(report, load_seed("conditions.toml", seed_dir), default, locale)
    provider_types = _translate_provider_types(
        report,
        english=load_seed("provider_types.toml", english_dir)["provider_types"],
        translated=load_seed("provider_types.toml", seed_dir)["provider_types"],
        default=default,
        locale=locale,
    )
    for snippet in [*conditions.values(), *provider_types.values()]:
        if snippet.live_revision_id is None:
            publish_snippet(snippet)

    home_en = HomePage.objects.filter(locale=default).first()
    if home_en is None:
        return
    pages = load_seed("pages.toml", seed_dir)
    _translate_page(report, home_en, locale, pages["home"])

    index_en = ApproachIndexPage.objects.child_of(home_en).filter(slug=pages["index"]["source_slug"]).first()
    if index_en is not None:
        _translate_page(report, index_en, locale, pages["index"])
        for data in load_approaches(seed_dir):
            page_en = index_en.get_children().filter(slug=data["source_slug"]).first()
            if page_en is None:
                continue
            fields = approach_fields(data, conditions, provider_types)
            links = {
                "condition_links": [
                    ApproachCondition(condition=c, sort_order=i) for i, c in enumerate(fields.pop("conditions"))
                ],
                "provider_links": [
                    ApproachProviderType(provider_type=p, sort_order=i)
                    for i, p in enumerate(fields.pop("provider_types"))
                ],
            }
            _translate_page(report, page_en.specific, locale, {"slug": data["slug"], **fields, **links})

    if "about_information" in pages:
        data = pages["about_information"]
        page_en = home_en.get_children().filter(slug=data["source_slug"]).first()
        if page_en is not None:
            _translate_page(report, page_en.specific, locale, data)

    for data in pages["pages"]:
        page_en = home_en.get_children().filter(slug=data["source_slug"]).first()
        if page_en is not None:
            _translate_page(report, page_en.specific, locale, data)


def _translation(report, source, locale: Locale, row: dict, label: str):
    """`source`'s translation into `locale`, made from the seed row's name and description if missing."""
    translated = source.get_translation_or_none(locale)
    if translated is None:
        translated = source.copy_for_translation(locale)
        translated.name, translated.description = row["name"], row["description"]
        translated.save()
        report.created.append(f"{label} {translated.name} ({locale.language_code})")
    return translated


def _translate_conditions(report, seed: dict, default: Locale, locale: Locale) -> dict[str, Condition]:
    """The translated conditions by their (shared) slug."""
    found = {}
    for row in seed["conditions"]:
        english = Condition.objects.filter(slug=row["slug"], locale=default).first()
        if english is not None:
            found[row["slug"]] = _translation(report, english, locale, row, "condition")
    return found


def _translate_provider_types(report, *, english, translated, default, locale) -> dict[str, ProviderType]:
    """The translated provider types by the English name (the key approach files use)."""
    found = {}
    for row_en, row in zip(english, translated, strict=True):
        source = ProviderType.objects.filter(name=row_en["name"], locale=default).first()
        if source is not None:
            found[row_en["name"]] = _translation(report, source, locale, row, "provider type")
    return found


def _translate_defaults(page: Page, locale: Locale, seeded: set[str]) -> None:
    """Fields the seed file leaves out and that still hold the English default (the pace note,
    the questions intro) get that default's translation from the catalog (locale/<code>)."""
    with translation.override(locale.language_code):
        for field in page._meta.concrete_fields:
            default = field.default
            kept = isinstance(default, str) and default and getattr(page, field.attname) == default
            if kept and field.name not in seeded:
                setattr(page, field.attname, translation.gettext(default))


def _translate_page(report, source: Page, locale: Locale, data: dict) -> Page:
    existing = source.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    page = source.copy_for_translation(locale).specific
    if "slug" in data and not source.get_parent().is_root():
        page.slug = data["slug"]
    for name, value in data.items():
        if name not in _NOT_FIELDS:
            setattr(page, name, value)
    _translate_defaults(page, locale, set(data))
    page.save()
    page.save_revision().publish()
    page.refresh_from_db()
    report.created.append(f"page {page.url_path} ({locale.language_code})")
    report.translated_pages.append(page)
    return page
