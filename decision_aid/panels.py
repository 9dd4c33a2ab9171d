"""The IPDAS checklist panel on the approach page editor, where reviewers also see it."""

from wagtail.admin.panels import Panel

from decision_aid.forms import REASON_FIELD
from decision_aid.rules import check


class ChecklistPanel(Panel):
    """Read-only: each rule met or not met for the version being edited or reviewed, the reasons
    given for submitting the version under review with items unmet, and the field for that reason
    (decision_aid.forms.ChecklistPageForm)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", "Decision aid checklist (IPDAS)")
        super().__init__(**kwargs)

    def get_form_options(self):
        return {"fields": [REASON_FIELD]}

    class BoundPanel(Panel.BoundPanel):
        template_name = "decision_aid/checklist_panel.html"

        def get_context_data(self, parent_context=None):
            from decision_aid.selectors import open_unmet_reasons

            context = super().get_context_data(parent_context)
            results = check(self.instance)
            context["results"] = results
            context["unmet_count"] = sum(not r.met for r in results)
            context["reasons"] = open_unmet_reasons(self.instance.pk)
            context["reason_field"] = self.form[REASON_FIELD] if REASON_FIELD in self.form.fields else None
            return context
