from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import LiveStatusTagColumn, UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from quiz.models import Quiz, SupportLevel


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "tasks"
    menu_label = "Quizzes"
    # Snippets have no `latest_revision_created_at` (a Page field); the generic columns read the
    # latest revision's time and the live/draft status. "__str__" shows a draft's new title.
    list_display = ["__str__", UpdatedAtColumn(), LiveStatusTagColumn()]
    search_fields = ["title"]


class SupportLevelViewSet(SnippetViewSet):
    model = SupportLevel
    icon = "time"
    menu_label = "Support levels"
    list_display = ["name", "rank", "is_urgent"]
    list_export = ["name", "slug", "rank", "patient_text", "is_urgent"]


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
