from django.apps import AppConfig

# Who sees what (core.staff.roles): clinicians read and triage comments, analysts see counts only,
# and only site admins (superusers, who hold every permission) may delete feedback.
CLINICIAN_PERMISSIONS = ["view_feedback_counts", "view_feedback_comments", "change_pagefeedback"]


class FeedbackConfig(AppConfig):
    """ "Was this page helpful?": patients' votes and comments on pages, and searches that found
    nothing. Above the content apps (it names their pages), below quiz and governance."""

    name = "feedback"
    verbose_name = "Page feedback"
    role_permissions = {
        "Clinical editors": CLINICIAN_PERMISSIONS,
        "Clinical reviewers": CLINICIAN_PERMISSIONS,
        "Analytics": ["view_feedback_counts"],
        "Site admins": [*CLINICIAN_PERMISSIONS, "delete_pagefeedback"],
    }

    def ready(self):
        from feedback import signals  # noqa: F401 - count the site search's empty results
        from feedback.panels import add_to_page_editors

        add_to_page_editors()
