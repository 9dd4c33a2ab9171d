"""Admin: Reports → Page feedback (counts for analysts and clinicians; comments for clinicians)."""

from django.conf import settings
from django.template.response import TemplateResponse
from wagtail.admin.views.reports import ReportView

from core.plumbing.suppression import HIDDEN
from feedback import selectors
from feedback.forms import FeedbackFilterForm

COUNTS = "feedback.view_feedback_counts"
COMMENTS = "feedback.view_feedback_comments"
TABLES = ("pages", "searches", "comments")


class FeedbackReportView(ReportView):
    page_title = "Page feedback"
    header_icon = "help"
    template_name = "feedback/admin/report.html"
    index_url_name = "feedback_report"

    def dispatch(self, request, *args, **kwargs):
        # The menu item is hidden too, but the view must refuse on its own.
        if not request.user.has_perm(COUNTS):
            return TemplateResponse(request, "feedback/admin/forbidden.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        form = FeedbackFilterForm(request.GET)
        may_read = request.user.has_perm(COMMENTS)
        tables = {}
        if form.is_valid():
            tables = build_tables(form.cleaned_data, with_comments=may_read)
        table = request.GET.get("table", "pages")
        if self.is_export and table in tables:
            return self.export(table, tables[table], request.GET["export"], form.cleaned_data)
        context = {
            "view": self,
            "page_title": self.page_title,
            "header_icon": self.header_icon,
            "form": form,
            "tables": tables,
            "may_read": may_read,
            "suppress_below": settings.QUIZ_ANALYTICS_SUPPRESS_BELOW,
            "hidden": HIDDEN,
            "bad_table": self.is_export and table not in tables,
            "query": _without(request.GET, "export", "table"),
        }
        return TemplateResponse(request, self.template_name, context, status=200 if form.is_valid() else 400)

    def export(self, name, table, export_format, filters):
        columns, _ = table
        self.list_export = [field for field, _ in columns]
        self.export_headings = dict(columns)
        parts = [f"page-feedback-{name}", f"{filters['start']:%Y-%m}-to-{filters['end']:%Y-%m}"]
        parts += [filters["language"]] if filters.get("language") else []
        parts += [f"page-{filters['page']}"] if filters.get("page") else []
        self.export_filename = "_".join(parts)
        return self.as_spreadsheet(table[1], export_format)

    def to_row_dict(self, item):
        return {field: item.get(field) for field in self.list_export}

    def get_heading(self, queryset, field):
        return self.export_headings.get(field, field)


def build_tables(filters: dict, *, with_comments: bool) -> dict[str, tuple[list, list[dict]]]:
    """(columns, rows) per table: the screen and the exports show the same protected figures."""
    first, last, language, page_id = filters["start"], filters["end"], filters["language"], filters["page"]
    pages = [row.as_dict() for row in selectors.page_rows(first=first, last=last, language=language, page_id=page_id)]
    searches = [
        {"query": query, "count": figure.value}
        for query, figure in selectors.empty_searches(first=first, last=last, language=language)
    ]
    tables = {"pages": (selectors.PAGE_COLUMNS, pages), "searches": (selectors.SEARCH_COLUMNS, searches)}
    if with_comments:
        comments = selectors.newest_comments(first=first, last=last, language=language, page_id=page_id, limit=500)
        tables["comments"] = (selectors.COMMENT_COLUMNS, [selectors.comment_dict(c) for c in comments])
    return tables


def _without(query, *names) -> str:
    query = query.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
