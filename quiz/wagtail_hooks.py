from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import LiveStatusTagColumn, UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CopyView, CreateView, EditView, SnippetViewSet, SnippetViewSetGroup

from quiz.models import Quiz, SupportLevel


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "tasks"
    menu_label = "Quizzes"
    # Snippets have no `latest_revision_created_at` (a Page field); the generic columns read the
    # latest revision's time and the live/draft status. "__str__" shows a draft's new title.
    list_display = ["__str__", UpdatedAtColumn(), LiveStatusTagColumn()]
    search_fields = ["title"]


class PublishOnlyThroughReview:
    """No plain Publish: a support level goes live only when a reviewer approves it in Clinical
    review. A patient routed to "urgent" must keep seeing the crisis numbers until then, and a
    reviewer's own edit needs someone else's approval like anyone's. A forged "action-publish"
    saves a draft, as for a user without publish rights."""

    def get_available_actions(self):
        return [action for action in super().get_available_actions() if action != "publish"]


class SupportLevelCreateView(PublishOnlyThroughReview, CreateView):
    pass


class SupportLevelCopyView(PublishOnlyThroughReview, CopyView):
    pass


class SupportLevelEditView(PublishOnlyThroughReview, EditView):
    pass  # the revert view is built from this class too


class SupportLevelViewSet(SnippetViewSet):
    model = SupportLevel
    icon = "time"
    menu_label = "Support levels"
    add_view_class = SupportLevelCreateView
    copy_view_class = SupportLevelCopyView
    edit_view_class = SupportLevelEditView
    # The row holds the published version, so these columns are what patients see now.
    list_display = ["__str__", "rank", "is_urgent", UpdatedAtColumn(), LiveStatusTagColumn()]
    list_export = ["name", "slug", "rank", "patient_text", "is_urgent", "live"]


@hooks.register("construct_snippet_action_menu")
def hide_plain_publish(menu_items, request, context):
    if issubclass(context["model"], SupportLevel):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


class QuizGroup(SnippetViewSetGroup):
    menu_label = "Quiz"
    menu_icon = "tasks"
    menu_order = 210
    items = (QuizViewSet, SupportLevelViewSet)


register_snippet(QuizGroup)


@hooks.register("register_admin_urls")
def register_analytics_url():
    from quiz.analytics.views import QuizAnalyticsView

    return [path("quiz/analytics/", QuizAnalyticsView.as_view(), name="quiz_analytics")]


class AnalyticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("quiz.view_quiz_analytics")


@hooks.register("register_reports_menu_item")
def register_analytics_menu_item():
    return AnalyticsMenuItem("Quiz analytics", reverse("quiz_analytics"), icon_name="tasks", order=700)
