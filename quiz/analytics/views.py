"""Admin view: Reports → Quiz analytics. Only for users with quiz.view_quiz_analytics."""

from django.conf import settings
from django.template.response import TemplateResponse
from wagtail.admin.views.reports import ReportView

from quiz.analytics import charts
from quiz.analytics.disclosure import HIDDEN, TABLE_NAMES, disclose
from quiz.analytics.forms import AnalyticsFilterForm
from quiz.analytics.report import build_report
from quiz.models import Quiz

PERMISSION = "quiz.view_quiz_analytics"


class QuizAnalyticsView(ReportView):
    page_title = "Quiz analytics"
    header_icon = "tasks"
    template_name = "quiz/analytics/report.html"
    index_url_name = "quiz_analytics"

    def dispatch(self, request, *args, **kwargs):
        # The menu item is hidden too, but the view must refuse on its own.
        if not request.user.has_perm(PERMISSION):
            return TemplateResponse(request, "quiz/analytics/forbidden.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if not Quiz.objects.exists():
            context = {"view": self, "no_quiz": True, "page_title": self.page_title}
            return TemplateResponse(request, self.template_name, context)
        form = AnalyticsFilterForm(request.GET)
        report, tables, note = None, {}, ""
        if form.is_valid():
            data = form.cleaned_data
            report = build_report(
                quiz=data["quiz"],
                first=data["start"],
                last=data["end"],
                revision_id=data["revision"],
                compare_id=data["compare"],
                published=form.published if form.published and data["quiz"].pk == form.quiz_id else None,
                language=data["language"] or None,
            )
            # One set of protected figures for the screen and every export alike.
            _, tables, note = disclose(report)
        table = request.GET.get("table", "summary")
        if self.is_export and table in tables:
            return self.export(tables[table], request.GET["export"], form.cleaned_data)

        context = {
            "view": self,
            "page_title": self.page_title,
            "header_icon": self.header_icon,
            "form": form,
            "report": report,
            "tables": tables,
            "sample_note": note,
            "suppress_below": settings.QUIZ_ANALYTICS_SUPPRESS_BELOW,
            "hidden": HIDDEN,
            "bad_table": self.is_export and table not in TABLE_NAMES,
            "query": _without(request.GET, "export", "table"),
        }
        if report is not None and not report.is_empty:
            context["charts"] = {
                "trend": charts.trend_chart(tables["trend"].rows, report.went_live),
                "funnel": charts.funnel_chart(tables["funnel"].rows),
                "outcomes": charts.outcome_chart(tables["outcomes"].rows) if report.outcomes else "",
            }
        return TemplateResponse(request, self.template_name, context, status=200 if form.is_valid() else 400)

    def export(self, table, export_format, filters):
        self.list_export = [name for name, _ in table.columns]
        self.export_headings = dict(table.columns)
        self.export_filename = export_filename(table.name, filters)
        return self.as_spreadsheet(table.rows, export_format)

    def to_row_dict(self, item):
        return {field: item.get(field) for field in self.list_export}

    def get_heading(self, queryset, field):
        return self.export_headings.get(field, field)


def export_filename(table: str, filters: dict) -> str:
    """The file says what it covers, as its name survives being emailed and opened elsewhere."""
    parts = [
        f"quiz-analytics-{table}",
        f"quiz-{filters['quiz'].pk}",
        f"{filters['start']:%Y-%m-%d}-to-{filters['end']:%Y-%m-%d}",
    ]
    if filters.get("language"):
        parts.append(filters["language"])
    if filters.get("revision"):
        parts.append(f"revision-{filters['revision']}")
    if filters.get("compare"):
        parts.append(f"vs-revision-{filters['compare']}")
    return "_".join(parts)


def _without(query, *names) -> str:
    query = query.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
