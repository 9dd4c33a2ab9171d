import json
import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Characters that could close the script element or start an HTML comment inside it.
_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """A schema.org block. Data only: browsers never run it, so it needs no CSP nonce."""
    if not data:
        return ""
    payload = json.dumps(data, ensure_ascii=False).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.simple_tag(takes_context=True)
def crisis_numbers(context, text):
    """`text` with `{emergency_number}` and the other crisis placeholders filled in from settings.

    Uses the context's `portal`; without one (a block rendered on its own) the settings are
    read directly, or the defaults when the database is down.
    """
    from django.db import DatabaseError

    from core.site.crisis_numbers import expand, has_placeholder
    from core.site.selectors import default_portal_info, portal_info

    if not has_placeholder(text):
        return text
    portal = context.get("portal")
    if not portal:
        try:
            portal = portal_info()
        except DatabaseError:
            portal = default_portal_info()
    return expand(text, portal)


@register.simple_tag
def form_token_field():
    """The cookie-free forgery token for patient forms (core.delivery.origin)."""
    from core.delivery.origin import FIELD, form_token

    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, form_token())


@register.simple_tag
def browser_title(page=None):
    """ "Page title · Steady Path", or the site name alone where the page is called the same
    (the home page): never "Steady Path · Steady Path"."""
    from django.conf import settings

    site = settings.WAGTAIL_SITE_NAME
    title = (getattr(page, "seo_title", "") or getattr(page, "title", "")).strip() if page else ""
    return f"{title} · {site}" if title and title.casefold() != site.casefold() else site


_BARE_DOMAIN = re.compile(r"(?<![@/\w.])((?:[a-z0-9-]+\.)+(?:com|org|net|gov|us)(?:/[\w./?=&%#-]*[\w/])?)", re.I)


@register.filter(needs_autoescape=True)
def https_links(text, autoescape=True):
    """Bare web addresses in settings text ("findahelpline.com") as https links."""
    from django.utils.html import conditional_escape

    escaped = conditional_escape(text) if autoescape else text
    return mark_safe(_BARE_DOMAIN.sub(lambda m: f'<a href="https://{m.group(1)}">{m.group(1)}</a>', str(escaped)))


_FULL_ADDRESS = re.compile(r"https?://[^\s<>\"']*[\w/]", re.I)


def bare_web_addresses(text: str) -> list[str]:
    """The web addresses a patient reads in settings text: full ones as typed, bare ones as the
    https links `https_links` makes of them (the link checker checks these)."""
    text = text or ""
    return _FULL_ADDRESS.findall(text) + [f"https://{m.group(1)}" for m in _BARE_DOMAIN.finditer(text)]


@register.simple_tag(takes_context=True)
def page_languages(context, page=None):
    """This page's language, its versions in other languages and the switcher's links."""
    from core.site.languages import page_languages as languages_of

    return languages_of(context.get("request"), page)
