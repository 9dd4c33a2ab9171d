"""Reads of site-wide portal information, shaped for templates."""

from dataclasses import dataclass

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


def default_portal_info() -> PortalInfo:
    """Safety information from Django settings alone: for pages that must not touch the database."""
    d = settings.PORTAL_SAFETY_DEFAULTS
    return PortalInfo(
        crisis_url=d["crisis_page_path"],
        emergency_number=d["emergency_number"],
        crisis_line_name=d["crisis_line_name"],
        crisis_line_number=d["crisis_line_number"],
        crisis_text_number=d["crisis_text_number"],
        crisis_chat_url=d["crisis_chat_url"],
        outside_us_text=d["outside_us_text"],
        disclaimer=d["disclaimer"],
        quick_exit_url=d["quick_exit_url"],
    )


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
    from core.models import PortalSettings

    s = PortalSettings.load(request_or_site=request)
    return PortalInfo(
        crisis_url=_page_url(s.crisis_page, request) or settings.PORTAL_SAFETY_DEFAULTS["crisis_page_path"],
        emergency_number=s.emergency_number,
        crisis_line_name=s.crisis_line_name,
        crisis_line_number=s.crisis_line_number,
        crisis_text_number=s.crisis_text_number,
        crisis_chat_url=s.crisis_chat_url,
        outside_us_text=s.outside_us_text,
        disclaimer=s.disclaimer,
        blend_note=s.blend_note,
        quiz_url=_page_url(s.quiz_page, request),
        quiz_prompt=s.quiz_prompt,
        credentials_url=_page_url(s.credentials_page, request),
        credentials_link_text=s.credentials_link_text,
        quick_exit_url=s.quick_exit_url,
    )


def current_portal_info(request) -> PortalInfo:
    """portal_info for this request, kept in the process until the next page-cache purge.

    Saving the settings, or publishing, moving or unpublishing the pages they link to, purges
    (core.page_cache), and the purge drops this copy too.
    """
    from django.core.exceptions import DisallowedHost

    from core.page_cache import local_pages

    info = getattr(request, "_portal_info", None)
    if info is None:
        try:
            host = request.get_host()
        except DisallowedHost:
            # The 400 page for a made-up Host header still shows the live numbers, uncached.
            info = portal_info(request)
        else:
            # Per language too: the linked pages are the visitor's language's translations.
            key = ("portal_info", host, translation.get_language())
            info = local_pages.memo(key, lambda: portal_info(request))
        request._portal_info = info
    return info
