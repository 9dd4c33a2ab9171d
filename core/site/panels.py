from wagtail.admin.panels import Panel


class ReadingLevelPanel(Panel):
    """Shows editors the page's reading level against its language's target (grade 8 in English,
    Fernández Huerta 60 in Spanish: core.site.review_rules.READING_MEASURES). It warns; it never blocks."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "core/panels/reading_level_panel.html"

        def get_context_data(self, parent_context=None):
            from core.site.review_rules import reading_grade, reading_measure

            context = super().get_context_data(parent_context)
            text = self.instance.patient_text() if hasattr(self.instance, "patient_text") else ""
            language = self.instance.locale.language_code if getattr(self.instance, "locale_id", None) else "en"
            measure = reading_measure(language)
            grade = reading_grade(text, language) if self.instance.pk else None
            context.update(
                grade=grade,
                level=measure.describe(grade) if measure and grade is not None else "",
                measure=measure,
                too_hard=bool(measure and measure.too_hard(grade)),
            )
            return context
