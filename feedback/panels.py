"""The page editor's "Patient feedback" panel: this page's figures and newest comments.

Added to every page type's content panels when the app starts (apps.py), so the content apps
below need not know about feedback. It reads only; the figures follow the report's rule."""

from wagtail.admin.panels import Panel

from feedback import selectors
from feedback.report import COMMENTS, COUNTS

COMMENTS_IN_PANEL = 5


class PageFeedbackPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "feedback/admin/page_feedback_panel.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk and self.request.user.has_perm(COUNTS))

        def get_context_data(self, parent_context=None):
            import datetime

            from django.conf import settings
            from django.urls import reverse
            from django.utils import timezone

            context = super().get_context_data(parent_context)
            today = timezone.localdate()
            first = selectors.month_start(today - datetime.timedelta(days=150))
            rows = selectors.page_rows(first=first, last=today, page_id=self.instance.pk)
            context.update(
                rows=[row.as_dict() for row in rows],
                first=first,
                suppress_below=settings.QUIZ_ANALYTICS_SUPPRESS_BELOW,
                report_url=f"{reverse('feedback_report')}?page={self.instance.pk}",
            )
            if self.request.user.has_perm(COMMENTS):
                context["comments"] = selectors.newest_comments(page_id=self.instance.pk, limit=COMMENTS_IN_PANEL)
            return context


def add_to_page_editors() -> None:
    """Append the panel to every page type's content panels (once, before any editor is built)."""
    from wagtail.models import get_page_models

    for model in get_page_models():
        panels = list(model.content_panels)
        if not any(isinstance(panel, PageFeedbackPanel) for panel in panels):
            model.content_panels = [*panels, PageFeedbackPanel(heading="Patient feedback")]
