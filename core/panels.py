from wagtail.admin.panels import Panel


class ReadingLevelPanel(Panel):
    """Shows editors the page's reading grade against the grade 8 target. It warns; it never blocks."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "core/panels/reading_level_panel.html"

        def get_context_data(self, parent_context=None):
            from core.review_rules import READING_GRADE_TARGET, reading_grade

            context = super().get_context_data(parent_context)
            text = self.instance.patient_text() if hasattr(self.instance, "patient_text") else ""
            grade = reading_grade(text) if self.instance.pk else None
            context.update(
                grade=grade, target=READING_GRADE_TARGET, too_hard=grade is not None and grade > READING_GRADE_TARGET
            )
            return context
