"""Admin view: Reports → Quiz analytics. Only for users with quiz.view_quiz_analytics."""

from django.template.response import TemplateResponse
from wagtail.admin.views.reports import ReportView

from quiz.analytics import charts
from quiz.analytics.forms import AnalyticsFilterForm
from quiz.analytics.report import build_report, suppressed
from quiz.models import Quiz

PERMISSION = "quiz.view_quiz_analytics"

# table name -> (columns as (field, heading), rows from a report)
TABLES = {
    "summary": (
        [("figure", "Figure"), ("value", "Value")],
        lambda r: [
            {"figure": "Starts", "value": r.summary.starts},
            {"figure": "Completions", "value": r.summary.completions},
            {"figure": "Completion rate (%)", "value": r.summary.completion_rate},
            {"figure": "Median time to complete (seconds)", "value": r.summary.median_seconds},
            {"figure": "Crisis routes", "value": r.summary.crisis},
            {"figure": "Crisis share (%)", "value": r.summary.crisis_share},
        ],
    ),
    "funnel": (
        [("number", "Question"), ("text", "Text"), ("reached", "Reached"), ("answered", "Answered"),
         ("skipped", "Skipped"), ("left", "Left here")],
        lambda r: [vars(row) | {"reached": row.reached} for row in r.funnel],
    ),
    "answers": (
        [("question", "Question"), ("answer", "Answer"), ("count", "Count"), ("percent", "% of answers")],
        lambda r: [vars(row) for row in r.answers],
    ),
    "outcomes": (
        [("approach", "Approach"), ("suggested", "Suggested"), ("first_choice", "Suggested first"),
         ("clicks", "Clicked through")],
        lambda r: [vars(row) for row in r.outcomes],
    ),
    "support": (
        [("answer", "Support level"), ("count", "Count"), ("percent", "% of completions")],
        lambda r: [vars(row) for row in r.support],
    ),
    "trend": (
        [("day", "Day"), ("starts", "Starts"), ("completions", "Completions")],
        lambda r: [{"day": d, "starts": s, "completions": c} for d, s, c in r.trend],
    ),
}  # fmt: skip
# Percentages of a suppressed count would give it away, so they go too.
DERIVED = {"percent": "count", "value": "value"}


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
        report = None
        if form.is_valid():
            data = form.cleaned_data
            report = build_report(
                quiz=data["quiz"],
                first=data["start"],
                last=data["end"],
                revision_id=data["revision"],
                compare_id=data["compare"],
            )
        table = request.GET.get("table", "summary")
        if self.is_export and report is not None and table in TABLES:
            return self.export(report, table, request.GET["export"])

        context = {
            "view": self,
            "page_title": self.page_title,
            "header_icon": self.header_icon,
            "form": form,
            "report": report,
            "tables": list(TABLES),
            "bad_table": self.is_export and table not in TABLES,
            "query": _without(request.GET, "export", "table"),
        }
        if report is not None and not report.is_empty:
            context["charts"] = {
                "trend": charts.trend_chart(report.trend),
                "funnel": charts.funnel_chart(report.funnel),
                "outcomes": charts.outcome_chart(report.outcomes) if report.outcomes else "",
            }
        return TemplateResponse(request, self.template_name, context, status=200 if form.is_valid() else 400)

    def export(self, report, table, export_format):
        columns, rows_of = TABLES[table]
        self.list_export = [field for field, _ in columns]
        self.export_headings = dict(columns)
        self.export_table = table
        rows = [self._suppress(row) for row in rows_of(report)]
        return self.as_spreadsheet(rows, export_format)

    @staticmethod
    def _suppress(row: dict) -> dict:
        row = dict(row)
        for key in ("count", "answered", "skipped", "left", "suggested", "first_choice", "clicks", "starts",
                    "completions", "value"):  # fmt: skip
            if key in row:
                hidden = suppressed(row[key])
                if hidden != row[key] and "percent" in row:
                    row["percent"] = ""
                row[key] = hidden
        if "reached" in row:
            row["reached"] = suppressed(row["reached"])
        return row

    def to_row_dict(self, item):
        return {field: item.get(field) for field in self.list_export}

    def get_heading(self, queryset, field):
        return self.export_headings.get(field, field)

    def get_filename(self):
        return f"quiz-analytics-{self.export_table}"


def _without(query, *names) -> str:
    query = query.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
