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
