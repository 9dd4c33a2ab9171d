from django.apps import AppConfig


class DecisionAidConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "decision_aid"
    verbose_name = "Decision aid checklist"

    def ready(self):
        # The checklist panel and its form go on the approach page editor from here: approaches sits below
        # this app and may not import it.
        from approaches.models import ApproachPage
        from decision_aid.forms import ChecklistPageForm
        from decision_aid.panels import ChecklistPanel

        if not any(isinstance(p, ChecklistPanel) for p in ApproachPage.content_panels):
            ApproachPage.content_panels = [ChecklistPanel(), *ApproachPage.content_panels]
        # Its form asks for a reason when a page is submitted for review with items unmet.
        ApproachPage.base_form_class = ChecklistPageForm
