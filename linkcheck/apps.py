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

    def ready(self):
        # The panel goes on the approach page editor from here: approaches sits below this app.
        from approaches.models import ApproachPage
        from linkcheck.panels import BrokenLinksPanel

        if not any(isinstance(p, BrokenLinksPanel) for p in ApproachPage.content_panels):
            ApproachPage.content_panels = [*ApproachPage.content_panels, BrokenLinksPanel()]
