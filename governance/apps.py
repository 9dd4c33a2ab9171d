from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """Everything that reviews the content: reviewers, review stamps, Content health, reminders.

    The top content layer: it may read approaches and quiz; nothing below imports it.
    """

    name = "governance"
    verbose_name = "Clinical governance"
    # Role permissions on this app's models (see core.staff.roles).
    role_permissions = {
        "Site admins": ["add_clinicalreviewer", "change_clinicalreviewer"],
    }

    def ready(self):
        from governance import reviews  # noqa: F401 - connect the workflow_approved receiver
