from django.apps import AppConfig


class LinkcheckConfig(AppConfig):
    """Checks every link patients can follow (pages, snippets, Portal settings and wording) and
    keeps the latest result per link. Above the content apps, below governance (Content health
    and the review reminders read it)."""

    name = "linkcheck"
    verbose_name = "Link checks"
    role_permissions = {
        "Clinical editors": ["view_linkresult"],
        "Clinical reviewers": ["view_linkresult"],
        "Site admins": ["view_linkresult", "run_link_check"],
    }
