from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from linkcheck.report import VIEW, BrokenLinksView, RunLinkCheckView


@hooks.register("register_admin_urls")
def register_broken_links_urls():
    return [
        path("reports/broken-links/", BrokenLinksView.as_view(), name="broken_links"),
        path("reports/broken-links/results/", BrokenLinksView.as_view(results_only=True), name="broken_links_results"),
        path("reports/broken-links/check/", RunLinkCheckView.as_view(), name="broken_links_check"),
    ]


class BrokenLinksMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW)


@hooks.register("register_reports_menu_item")
def register_broken_links_menu_item():
    return BrokenLinksMenuItem("Broken links", reverse("broken_links"), icon_name="link", order=620)
