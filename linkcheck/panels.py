"""The approach page editor's "Broken links" panel: this page's links the latest check found broken."""

from wagtail.admin.panels import Panel

from linkcheck import selectors
from linkcheck.report import VIEW


class BrokenLinksPanel(Panel):
    """Read-only; shown to those who may see link results, once the page exists."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", "Broken links")
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "linkcheck/broken_links_panel.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk and self.request.user.has_perm(VIEW))

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["run"] = selectors.latest_run()
            context["links"] = selectors.broken_links_on(self.instance.pk)
            return context
