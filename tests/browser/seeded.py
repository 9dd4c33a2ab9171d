"""What the seed created, read back from the database, so browser tests find pages and answers by
their role rather than by the demo's wording (which editors may change)."""

from core.models import PortalSettings

# The one approach whose text the tests pin verbatim (tests/fixtures/medication-management.txt).
MEDICATION_MANAGEMENT = "/approaches/medication-management/"


def crisis_path() -> str:
    return PortalSettings.load().crisis_page.url


def quiz_path() -> str:
    return PortalSettings.load().quiz_page.url


def credentials_path() -> str:
    return PortalSettings.load().credentials_page.url


def _locale(language_code: str | None):
    from wagtail.models import Locale

    return Locale.objects.get(language_code=language_code) if language_code else Locale.get_default()


def approaches(language_code: str | None = None):
    """The live approach pages in one language (English unless told)."""
    from approaches.models import ApproachPage

    return list(ApproachPage.objects.live().filter(locale=_locale(language_code)).order_by("path"))


def approach_index_path(language_code: str | None = None) -> str:
    from approaches.models import ApproachIndexPage

    return ApproachIndexPage.objects.live().filter(locale=_locale(language_code)).get().url


def translation_path(path: str, language_code: str) -> str:
    """The address of the live translation of the English page at `path`."""
    from wagtail.models import Page

    english = Page.objects.live().filter(locale=_locale(None)).get(url_path__endswith=path.rstrip("/") + "/")
    return english.get_translation(_locale(language_code)).url


def compare_path(count: int) -> str:
    return "/compare/?" + "&".join(f"approach={page.slug}" for page in approaches()[:count])


def safety_question():
    """The quiz's first question, the one that sends a patient in crisis straight to help."""
    from quiz.models import Quiz

    return Quiz.objects.get(locale__language_code="en").questions.order_by("sort_order").first()


def safe_answer() -> str:
    return safety_question().options.filter(is_crisis=False).order_by("sort_order").first().label


def crisis_answer() -> str:
    return safety_question().options.filter(is_crisis=True).order_by("sort_order").last().label
