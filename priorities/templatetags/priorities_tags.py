"""Template tags that carry the exercise's answers (only ever in the address) to other pages:
hidden fields for a form that goes on to the questions sheet, and the sheet's own section."""

from django import template

from priorities import selectors
from priorities.exercise import PREFIX, Exercise

register = template.Library()


def _exercise(context):
    request = context.get("request")
    if request is None or not any(name.startswith(PREFIX) for name in request.GET):
        return None  # no answers in the address: not even a query
    found = Exercise.build(selectors.published_list(), request.GET)
    return found if found.answered else None


@register.inclusion_tag("priorities/includes/hidden_fields.html", takes_context=True)
def priority_fields(context):
    """The answers in this page's address, as hidden fields of the form this sits in."""
    found = _exercise(context)
    return {"pairs": found.query_pairs() if found else []}


@register.inclusion_tag("priorities/includes/sheet_section.html", takes_context=True)
def priorities_sheet(context):
    """“What matters to me” on the printable questions sheet, from the answers in its address."""
    return {"exercise": _exercise(context)}


@register.simple_tag(takes_context=True)
def priority_query(context) -> str:
    """The answers in this page's address as a query string (“p-start-soon=2&…”), or ""."""
    from urllib.parse import urlencode

    found = _exercise(context)
    return urlencode(found.query_pairs()) if found else ""
