from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.staff.reports.access import works_on_pages
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
    # (core/staff/reports/translations.py refuses the rest).
    if not works_on_pages(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "translations"]


# wagtail-localize runs in manual mode so that a translation is an ordinary draft that goes
# through Clinical review (docs/i18n-plan.md, step 4). Two of its edit-menu actions leave that
# mode: "Start Synced translation" hands the page to its translation editor, whose Publish never
# passes the workflow, and "Convert to alias page" mirrors the English page's live status, so
# anyone who may edit a Spanish draft would put it live. Neither is offered, and neither runs.
OFF_WORKFLOW_ACTIONS = ("localize-restart-translation", "localize-convert-to-alias")


def _refuse_off_workflow_post(request):
    if request.method == "POST" and any(name in request.POST for name in OFF_WORKFLOW_ACTIONS):
        raise PermissionDenied("Translations are edited as drafts and published through Clinical review.")


@hooks.register("construct_page_action_menu")
def hide_off_workflow_translation_actions(menu_items, request, context):
    menu_items[:] = [item for item in menu_items if item.name not in OFF_WORKFLOW_ACTIONS]


@hooks.register("construct_snippet_action_menu")
def hide_off_workflow_snippet_translation_actions(menu_items, request, context):
    menu_items[:] = [item for item in menu_items if item.name not in OFF_WORKFLOW_ACTIONS]


# order=-1: before wagtail-localize's own hooks, which act on these posts.
@hooks.register("before_edit_page", order=-1)
def refuse_off_workflow_page_actions(request, page):
    _refuse_off_workflow_post(request)


@hooks.register("before_edit_snippet", order=-1)
def refuse_off_workflow_snippet_actions(request, instance):
    _refuse_off_workflow_post(request)


def refuse_convert_to_alias(request, page_id):
    raise PermissionDenied("A translation is not made an alias of its English page here.")


@hooks.register("register_admin_urls", order=-1)
def shadow_convert_to_alias_url():
    # Listed before wagtail-localize's "localize/" URLs, so this answers the same address.
    return [path("localize/page/<int:page_id>/convert_to_alias/", refuse_convert_to_alias)]


@hooks.register("about_information_reviewers")
def clinical_reviewers_for_the_about_page():
    # approaches' "About this information" page lists the reviewers; it sits below governance
    # in the layers, so it asks through this hook instead of importing the model.
    return list(ClinicalReviewer.objects.order_by("name"))
