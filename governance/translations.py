"""Which English pages patients cannot read in another language yet, or read in an older version.

wagtail-localize runs in manual mode (docs/i18n-plan.md, step 4): a translation is an ordinary
page, reviewed and published on its own, and nothing updates it when the English changes. So
Content health compares publish times instead: a translation published before its English
source's latest publish is out of date until someone updates it and a reviewer approves it.
"""

from dataclasses import dataclass, field

from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

MISSING, DRAFT, OUTDATED, CURRENT = "missing", "draft", "outdated", "current"
LABELS = {
    MISSING: "missing",
    DRAFT: "not live yet",
    OUTDATED: "out of date with the English",
    CURRENT: "up to date",
}


def default_language() -> str:
    """The default locale's language code, as `Locale.get_default()` works it out, without a query."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def language_name(code: str) -> str:
    return dict(settings.LANGUAGES).get(code, code)


def is_outdated(source, translation) -> bool:
    """The source was published after the translation's latest publish (which, for a reviewed
    page, is the approval that published it)."""
    return bool(
        source.last_published_at
        and translation.last_published_at
        and source.last_published_at > translation.last_published_at
    )


def state_of(source, translation) -> str:
    if translation is None:
        return MISSING
    if not translation.live:
        return DRAFT
    return OUTDATED if is_outdated(source, translation) else CURRENT


@dataclass(frozen=True)
class Gap:
    language: str  # the language's name, as patients see it in the switcher
    state: str
    translation: Page | None = None

    @property
    def label(self) -> str:
        return f"{self.language}: {LABELS[self.state]}"


@dataclass
class PageTranslations:
    page: Page  # in the default language
    gaps: list[Gap] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return "; ".join(gap.label for gap in self.gaps)


def translations_by_key(pages) -> dict:
    """{translation_key: {language code: page}} for every page sharing a key with `pages`."""
    keys = {p.translation_key for p in pages}
    found: dict = {}
    for page in Page.objects.filter(translation_key__in=keys, alias_of__isnull=True).select_related("locale"):
        found.setdefault(page.translation_key, {})[page.locale.language_code] = page
    return found


def gaps_for(page, twins: dict) -> list[Gap]:
    """A live default-language page's translations (`twins`: {language code: page}) that are
    missing, not live or out of date; a draft source needs no translation yet."""
    if not page.live:
        return []
    return [
        Gap(language_name(code), state, twins.get(code))
        for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES
        if code != default_language() and (state := state_of(page, twins.get(code))) != CURRENT
    ]


def translation_gaps() -> list[PageTranslations]:
    """Every live page in the default language with a translation missing, not live, or out
    of date, in tree order (the home page and the tree roots' own root excluded)."""
    pages = Page.objects.live().filter(locale__language_code=default_language(), depth__gt=1, alias_of__isnull=True)
    pages = list(pages.order_by("path"))
    versions = translations_by_key(pages)
    found = [PageTranslations(page, gaps_for(page, versions.get(page.translation_key, {}))) for page in pages]
    return [item for item in found if item.gaps]
