"""Reports → Site history, for people who work on pages only.

Wagtail's LogEntriesView checks no permission: it shows every admin user the entries they
may "view", which for an analyst includes who published each quiz. It is mounted over
Wagtail's own address in portal/urls.py (Wagtail's admin URLs come before any hook's).
"""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.audit_logging import LogEntriesView

from core.staff.reports.access import PageWorkRequiredMixin


class SiteHistoryView(PageWorkRequiredMixin, LogEntriesView):
    pass


def _admin_view(view):
    # What Wagtail's admin URLconf wraps each of its views in.
    return never_cache(require_admin_access(view))


# Unnamed: reverse("wagtailadmin_reports:site_history") still gives this same address.
urlpatterns = [
    path("reports/site-history/", _admin_view(SiteHistoryView.as_view())),
    path("reports/site-history/results/", _admin_view(SiteHistoryView.as_view(results_only=True))),
]
