from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from feedback.admin_comments import NoAddingPolicy, PatientCommentViewSet
from feedback.models import PageFeedback
from feedback.report import COMMENTS, COUNTS, FeedbackReportView

register_permission_policy(PageFeedback, NoAddingPolicy(PageFeedback))
comments_viewset = PatientCommentViewSet()


@hooks.register("register_admin_viewset")
def register_comments():
    return comments_viewset


@hooks.register("register_admin_urls")
def register_report_url():
    return [path("reports/page-feedback/", FeedbackReportView.as_view(), name="feedback_report")]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return PermissionMenuItem(
        "Page feedback", reverse("feedback_report"), icon_name="help", order=710, permission=COUNTS
    )


@hooks.register("register_reports_menu_item")
def register_comments_menu_item():
    return PermissionMenuItem(
        "Patient comments",
        reverse("feedback_comments:index"),
        icon_name="comment",
        order=711,
        permission=COMMENTS,
    )
