"""The IPDAS checklist panel on the approach page editor, where reviewers also see it."""

from wagtail.admin.panels import Panel

from decision_aid.rules import check


class ChecklistPanel(Panel):
    """Read-only: each rule met or not met for the version being edited or reviewed."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", "Decision aid checklist (IPDAS)")
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "decision_aid/checklist_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            results = check(self.instance)
            context["results"] = results
            context["unmet_count"] = sum(not r.met for r in results)
            return context
