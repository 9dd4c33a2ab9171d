"""Template helpers for approach pages: footnote markers that link to the page's Sources."""

from django import template

from approaches.evidence import link_markers, strip_markers

register = template.Library()


@register.filter
def footnotes(text):
    """`text`, escaped, with each [n] as a link to source n under "Sources"."""
    return link_markers(str(text or ""))


@register.filter
def without_footnotes(text):
    """`text` with its markers dropped, for places that have no Sources list (cards, compare)."""
    return strip_markers(str(text or ""))
