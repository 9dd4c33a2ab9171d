"""Reports → Translations (wagtail-localize), for people who work on pages only.

wagtail-localize shows its report to every admin user; it lists pages and their languages,
which is page work. Mounted over its own address in portal/urls.py, like site history.
"""

from django.urls import path
from wagtail_localize.views.report import TranslationsReportView

from core.staff.reports.access import PageWorkRequiredMixin
from core.staff.reports.site_history import _admin_view


class PageWorkTranslationsReportView(PageWorkRequiredMixin, TranslationsReportView):
    pass


urlpatterns = [
    path("localize/reports/translations/", _admin_view(PageWorkTranslationsReportView.as_view())),
    path(
        "localize/reports/translations/results/",
        _admin_view(PageWorkTranslationsReportView.as_view(results_only=True)),
    ),
]
