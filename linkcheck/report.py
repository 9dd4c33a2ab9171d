"""Admin: Reports → Broken links, and the site admins' "Check links now"."""

import django_filters
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import ReportView

from linkcheck import selectors
from linkcheck.models import BROKEN, Kind, LinkResult
from linkcheck.services import run_link_check

VIEW = "linkcheck.view_linkresult"
RUN = "linkcheck.run_link_check"
# From the admin the check runs in the request (the project's task backend runs tasks in the
# request too, core/plumbing/tasks.py), so it is kept well inside the app server's 30 s timeout; the daily
# command has the full budget.
ADMIN_TIMEOUT = 5.0
ADMIN_BUDGET = 15.0

SHOW = [("all", "Every link checked"), *Kind.choices]


def forbidden(request, needed: str):
    return TemplateResponse(request, "linkcheck/forbidden.html", {"needed": needed}, status=403)


class BrokenLinksFilterSet(WagtailFilterSet):
    show = django_filters.ChoiceFilter(label="Show", choices=SHOW, method="filter_show", empty_label="Broken links")
    urgent = django_filters.BooleanFilter(label="Crisis resources only", method="filter_urgent")

    def filter_show(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(kind=value)

    def filter_urgent(self, queryset, name, value):
        return queryset.filter(urgent=True) if value else queryset

    class Meta:
        model = LinkResult
        fields = []


class BrokenLinksView(ReportView):
    page_title = "Broken links"
    header_icon = "link"
    template_name = "linkcheck/broken_links.html"
    results_template_name = "linkcheck/broken_links_results.html"
    index_url_name = "broken_links"
    index_results_url_name = "broken_links_results"
    filterset_class = BrokenLinksFilterSet
    paginate_by = 100
    list_export = ["urgent", "url", "source", "get_kind_display", "status_code", "detail", "run.finished_at"]
    export_headings = {
        "urgent": "Crisis resource",
        "url": "Address",
        "source": "Where",
        "get_kind_display": "Result",
        "status_code": "Status",
        "detail": "Detail",
        "run.finished_at": "Checked",
    }

    def dispatch(self, request, *args, **kwargs):
        # The menu item is hidden too, but the view refuses on its own (exports included).
        if not request.user.has_perm(VIEW):
            return forbidden(request, "see link check results")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.latest_results()

    def get_filtered_queryset(self):
        queryset = super().get_filtered_queryset()
        shown = self.filters.form.cleaned_data.get("show") if self.filters and self.filters.is_valid() else None
        return queryset if shown else queryset.filter(kind__in=BROKEN)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        run = selectors.latest_run()
        context["run"] = run
        context["not_checked"] = run.results.filter(kind=Kind.NOT_CHECKED).count() if run else 0
        context["may_run"] = self.request.user.has_perm(RUN)
        return context


class RunLinkCheckView(View):
    http_method_names = ["post"]

    def post(self, request):
        if not request.user.has_perm(RUN):
            return forbidden(request, "start a link check")
        run = run_link_check(timeout=ADMIN_TIMEOUT, budget=ADMIN_BUDGET)
        message = f"Checked {run.links} link(s): {run.broken} broken."
        if run.out_of_time:
            messages.warning(
                request,
                f"{message} The {ADMIN_BUDGET:g}-second limit for a check from the admin ran out before every "
                "link was checked; the daily check has longer.",
            )
        else:
            messages.success(request, message)
        return redirect("broken_links")
