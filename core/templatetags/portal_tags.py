import json

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

    from core.crisis_numbers import expand, has_placeholder
    from core.selectors import default_portal_info, portal_info

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
    """The cookie-free forgery token for patient forms (core.origin)."""
    from core.origin import FIELD, form_token

    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, form_token())
