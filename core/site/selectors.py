"""Reads of site-wide portal information, shaped for templates."""

from dataclasses import dataclass, replace

from django.conf import settings
from django.utils import translation


def _digits(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit() or ch == "+")


@dataclass(frozen=True)
class PortalInfo:
    crisis_url: str
    emergency_number: str
    crisis_line_name: str
    crisis_line_number: str
    crisis_text_number: str
    crisis_chat_url: str
    outside_us_text: str
    disclaimer: str
    # How to reach the crisis line in this language (988's Spanish menu option, its Spanish text
    # word); blank where the line's default answer is in the language already.
    crisis_language_call: str = ""
    crisis_language_text: str = ""
    blend_note: str = ""
    quiz_url: str = ""
    quiz_prompt: str = ""
    credentials_url: str = ""
    credentials_link_text: str = ""
    quick_exit_url: str = ""

    @property
    def emergency_tel(self) -> str:
        return f"tel:{_digits(self.emergency_number)}"

    @property
    def crisis_line_tel(self) -> str:
        return f"tel:{_digits(self.crisis_line_number)}"

    @property
    def crisis_text_sms(self) -> str:
        return f"sms:{_digits(self.crisis_text_number)}" if self.crisis_text_number else ""


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _builtin(language: str) -> dict:
    """The defaults from Django settings, in `language` where settings have it, else English."""
    translated = settings.PORTAL_SAFETY_TRANSLATIONS.get(language.split("-")[0], {})
    return {**settings.PORTAL_SAFETY_DEFAULTS, **translated}


def default_portal_info(language: str | None = None) -> PortalInfo:
    """Safety information from Django settings alone: for pages that must not touch the database.

    In the active language (the 500 and 503 pages under /es/ speak Spanish too).
    """
    d = _builtin(language or _language())
    return PortalInfo(
        crisis_url=d["crisis_page_path"],
        emergency_number=d["emergency_number"],
        crisis_line_name=d["crisis_line_name"],
        crisis_line_number=d["crisis_line_number"],
        crisis_text_number=d["crisis_text_number"],
        crisis_chat_url=d["crisis_chat_url"],
        outside_us_text=d["outside_us_text"],
        disclaimer=d["disclaimer"],
        crisis_language_call=d.get("crisis_language_call", ""),
        crisis_language_text=d.get("crisis_language_text", ""),
        quick_exit_url=d["quick_exit_url"],
    )


def live_wording(language: str | None = None):
    """The published Portal wording for `language`, else the default language's, else None.

    One query for both rows. A draft (a new Spanish wording waiting in Clinical review) is in
    a revision, not on the row, so patients never read it before approval.
    """
    from core.models import PortalWording

    language = language or _language()
    codes = {language, settings.LANGUAGE_CODE}
    rows = {
        w.locale.language_code: w
        for w in PortalWording.objects.filter(live=True, locale__language_code__in=codes).select_related("locale")
    }
    return rows.get(language) or rows.get(settings.LANGUAGE_CODE)


def with_wording(info: PortalInfo, wording) -> PortalInfo:
    """`info` with the words from a PortalWording (or any object with its fields)."""
    from core.models.wording import WORDING_FIELDS

    return replace(info, **{name: getattr(wording, name) for name in WORDING_FIELDS})


def _page_url(page, request) -> str:
    """The page's address in the visitor's language: its live translation, else the page itself."""
    if page is None:
        return ""
    if translation.get_language() != settings.LANGUAGE_CODE:
        page = page.localized  # the settings name the English pages
    if not page.live:
        return ""
    return page.get_url(request=request) or ""


def portal_info(request=None) -> PortalInfo:
    """The live numbers, and the live wording in the active language (English where that
    language has none published; the built-in wording where neither exists)."""
    from core.models import PortalSettings

    s = PortalSettings.load(request_or_site=request)
    language = _language()
    d = _builtin(language)
    info = PortalInfo(
        crisis_url=_page_url(s.crisis_page, request) or d["crisis_page_path"],
        emergency_number=s.emergency_number,
        crisis_line_name="",  # the wording's, below
        crisis_line_number=s.crisis_line_number,
        crisis_text_number=s.crisis_text_number,
        crisis_chat_url=s.crisis_chat_url,
        outside_us_text="",
        disclaimer="",
        quiz_url=_page_url(s.quiz_page, request),
        credentials_url=_page_url(s.credentials_page, request),
        quick_exit_url=s.quick_exit_url,
    )
    return with_wording(info, live_wording(language) or _builtin_wording(language))


def _builtin_wording(language: str):
    """No wording row at all (a fresh database before the seed): the model's defaults, with the
    built-in crisis wording of the language over them."""
    from core.models import PortalWording

    wording = PortalWording()
    for name, value in settings.PORTAL_SAFETY_TRANSLATIONS.get(language.split("-")[0], {}).items():
        setattr(wording, name, value)
    return wording


def current_portal_info(request) -> PortalInfo:
    """portal_info for this request, kept in the process until the next page-cache purge.

    Saving the settings or the Portal wording, or publishing, moving or unpublishing the pages
    they link to, purges (core.delivery.page_cache, settings.PAGE_CACHE_PURGE_MODELS), and the purge
    drops this copy in every process too.
    """
    from django.core.exceptions import DisallowedHost

    from core.delivery.page_cache import local_pages

    info = getattr(request, "_portal_info", None)
    if info is None:
        try:
            host = request.get_host()
        except DisallowedHost:
            # The 400 page for a made-up Host header still shows the live numbers, uncached.
            info = portal_info(request)
        else:
            # Per language too: the wording and the linked pages are the visitor's language's.
            key = ("portal_info", host, translation.get_language())
            info = local_pages.memo(key, lambda: portal_info(request))
        request._portal_info = info
    return info
