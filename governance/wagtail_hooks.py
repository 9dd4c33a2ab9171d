from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.reports.access import works_on_pages
from governance.content_health import ContentHealthView
from governance.models import ClinicalReviewer


class ClinicalReviewerViewSet(SnippetViewSet):
    model = ClinicalReviewer
    icon = "user"
    menu_label = "Clinical reviewers"
    list_display = ["name", "credentials", "role"]
    search_fields = ["name", "credentials"]
    add_to_admin_menu = False


register_snippet(ClinicalReviewerViewSet)


@hooks.register("register_admin_urls")
def register_content_health_urls():
    return [
        path("reports/content-health/", ContentHealthView.as_view(), name="content_health"),
        path(
            "reports/content-health/results/",
            ContentHealthView.as_view(results_only=True),
            name="content_health_results",
        ),
    ]


class ContentHealthMenuItem(MenuItem):
    def is_shown(self, request):
        return works_on_pages(request.user)


@hooks.register("register_reports_menu_item")
def register_content_health_menu_item():
    return ContentHealthMenuItem("Content health", reverse("content_health"), icon_name="doc-full-inverse", order=600)


@hooks.register("construct_reports_menu")
def hide_translations_report_from_non_page_workers(request, menu_items):
    # wagtail-localize's menu item shows to every admin user; its report is page work
    # (core/reports/translations.py refuses the rest).
    if not works_on_pages(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "translations"]
