import datetime

from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag
def table_of(table):
    """A (columns, rows) table as the admin listing markup, rows in column order."""
    columns, rows = table
    lines = [[_cell(row.get(name)) for name, _ in columns] for row in rows]
    return render_to_string("feedback/admin/table.html", {"columns": columns, "lines": lines})


def _cell(value):
    # Days as the exports write them (2026-02-10), so the screen and a download read alike.
    return value.isoformat() if isinstance(value, datetime.date) else value
