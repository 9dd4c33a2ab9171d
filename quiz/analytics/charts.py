"""Charts as SVG rendered on the server with pygal: no JavaScript, no outside requests.

They draw the protected table rows, so a hidden count is a gap, never a bar.
"""

import re

import pygal
from django.utils.safestring import mark_safe
from pygal.style import Style

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1d2a33",
    foreground_strong="#1d2a33",
    foreground_subtle="#6b7a86",
    colors=("#1f5f5b", "#b35c00", "#5b4fa0", "#9b1c1c"),
    font_family="system-ui, sans-serif",
)
# Counts start at zero: a y-axis from 18 makes a dip of two look like a collapse.
OPTIONS = {
    "style": STYLE,
    "js": [],
    "disable_xml_declaration": True,
    "width": 760,
    "height": 300,
    "include_x_axis": True,
}


def _svg(chart) -> str:
    # pygal adds a config <script> for its optional tooltips; the charts need no JavaScript.
    return mark_safe(re.sub(r"<script.*?</script>", "", chart.render(is_unicode=True), flags=re.S))


def _count(value):
    return value if isinstance(value, int) else None


def trend_chart(rows, went_live=()) -> str:
    chart = pygal.Line(
        title="Starts and completions per day", x_label_rotation=30, show_minor_x_labels=False, **OPTIONS
    )
    chart.x_labels = [f"{row['day']:%b} {row['day'].day}" for row in rows]  # US order: "Nov 28"
    chart.x_labels_major = chart.x_labels[:: max(1, len(rows) // 8)]
    starts = [_count(row["starts"]) for row in rows]
    chart.add("Starts", starts)
    chart.add("Completions", [_count(row["completions"]) for row in rows])
    if went_live:
        # A marker at the top of the chart on each day a revision went live, labelled in its tooltip/legend.
        top = max([v for v in starts if v is not None] or [1])
        days = dict(went_live)
        markers = [
            {"value": top, "label": f"Revision {days[row['day']].id} went live"} if row["day"] in days else None
            for row in rows
        ]
        chart.add("Went live", markers, stroke=False, dots_size=7)
    return _svg(chart)


def funnel_chart(rows) -> str:
    chart = pygal.HorizontalBar(title="Reached and left at each question", **OPTIONS)
    chart.x_labels = [row["number"] for row in rows]
    chart.add("Reached", [_count(row["reached"]) for row in rows])
    chart.add("Left here", [_count(row["left"]) for row in rows])
    return _svg(chart)


def outcome_chart(rows) -> str:
    chart = pygal.HorizontalBar(title="Approaches suggested", **OPTIONS)
    chart.x_labels = [row["approach"] for row in rows]
    chart.add("Suggested", [_count(row["suggested"]) for row in rows])
    chart.add("Clicked through", [_count(row["clicks"]) for row in rows])
    return _svg(chart)
