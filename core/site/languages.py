"""The languages a patient can read a page in: `<html lang>`, hreflang alternates, the switcher."""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext_noop


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str


@dataclass(frozen=True)
class PageLanguages:
    current: str
    # Every live, public version of the page (this one included), with absolute URLs, for hreflang.
    alternates: list[LanguageLink] = field(default_factory=list)
    x_default: str = ""
    # The other languages, each to this page's twin or, without one, to that language's home.
    switch_to: list[LanguageLink] = field(default_factory=list)
    # Said on the page, in its language, until a clinical reviewer approves the live version.
    unreviewed_translation: str = ""


# What a translated page says until a clinical reviewer has approved its live version, in the
# page's language from the catalog (locale/<code>), like the rest of the fixed wording.
UNREVIEWED_TRANSLATION = gettext_noop(
    "Translation not yet clinically reviewed. A clinician has not yet checked this translation of the English text."
)


def is_reviewed(page) -> bool:
    """A clinical reviewer approved the live version of the page (governance.PageReview, through
    the page's `clinical_reviews`, so core stays below governance)."""
    reviews = getattr(page, "clinical_reviews", None)
    return bool(page.live_revision_id and reviews and reviews.filter(revision_id=page.live_revision_id).exists())


def home_url(code: str) -> str:
    """The home page's address in a language ("/" or "/es/"): no database read."""
    with translation.override(code):
        try:
            return reverse("wagtail_serve", args=[""])
        except NoReverseMatch:
            return "/"


def page_languages(request, page=None) -> PageLanguages:
    names = dict(settings.LANGUAGES)
    if page is None or not getattr(page, "pk", None):
        # A view that is not a Wagtail page (search, compare, an error page): the same address
        # in the other language, worked out from the URL patterns alone.
        current = translation.get_language() or settings.LANGUAGE_CODE
        path = request.path if request is not None else "/"
        # A view whose same address in another language would not change the language (a quiz
        # step keeps the language the quiz began in) says where the switcher should go instead.
        switch_url = getattr(request, "language_switch_url", None) or (lambda code: translate_url(path, code))
        switch_to = [LanguageLink(code, name, switch_url(code)) for code, name in settings.LANGUAGES if code != current]
        return PageLanguages(current=current, switch_to=switch_to)

    # Live versions without view restrictions of their own (a join here, where `.public()`
    # would cost one more query on every page).
    versions = page.get_translations(inclusive=True).live().filter(view_restrictions__isnull=True)
    versions = list(versions.select_related("locale"))
    translations = {p.locale.language_code: p for p in versions}
    this = next((p for p in versions if p.pk == page.pk), None)
    if this is not None:
        page.locale = this.locale  # read again for its URL and structured data: no second query
    # A draft or private page (a preview) is not among its live versions: ask its own locale.
    current = page.locale.language_code
    alternates = [
        LanguageLink(code, name, translations[code].get_full_url(request))
        for code, name in names.items()
        if code in translations
    ]
    default = translations.get(settings.LANGUAGE_CODE)
    switch_to = [
        LanguageLink(code, name, translations[code].get_url(request) if code in translations else home_url(code))
        for code, name in settings.LANGUAGES
        if code != current
    ]
    unreviewed = ""
    if current != settings.LANGUAGE_CODE and not is_reviewed(page):
        with translation.override(current):
            unreviewed = translation.gettext(UNREVIEWED_TRANSLATION)
    return PageLanguages(
        current=current,
        alternates=alternates,
        x_default=default.get_full_url(request) if default is not None else "",
        switch_to=switch_to,
        unreviewed_translation=unreviewed,
    )
