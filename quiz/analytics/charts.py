"""Charts as SVG rendered on the server with pygal: no JavaScript, no outside requests."""

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
OPTIONS = {"style": STYLE, "js": [], "disable_xml_declaration": True, "width": 760, "height": 300}


def _svg(chart) -> str:
    # pygal adds a config <script> for its optional tooltips; the charts need no JavaScript.
    return mark_safe(re.sub(r"<script.*?</script>", "", chart.render(is_unicode=True), flags=re.S))


def trend_chart(trend) -> str:
    chart = pygal.Line(
        title="Starts and completions per day", x_label_rotation=30, show_minor_x_labels=False, **OPTIONS
    )
    chart.x_labels = [f"{day:%b} {day.day}" for day, _, _ in trend]  # US order: "Nov 28"
    chart.x_labels_major = chart.x_labels[:: max(1, len(trend) // 8)]
    chart.add("Starts", [s for _, s, _ in trend])
    chart.add("Completions", [c for _, _, c in trend])
    return _svg(chart)


def funnel_chart(funnel) -> str:
    chart = pygal.HorizontalBar(title="Reached and left at each question", **OPTIONS)
    chart.x_labels = [f"Q{row.number}" for row in funnel]
    chart.add("Reached", [row.reached for row in funnel])
    chart.add("Left here", [row.left for row in funnel])
    return _svg(chart)


def outcome_chart(outcomes) -> str:
    chart = pygal.HorizontalBar(title="Approaches suggested", **OPTIONS)
    chart.x_labels = [row.approach for row in outcomes]
    chart.add("Suggested", [row.suggested for row in outcomes])
    chart.add("Clicked through", [row.clicks for row in outcomes])
    return _svg(chart)
