"""Personal stories: one person's experience of an approach, shown on its page."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from approaches.models.snippets import ReviewedSnippet


class Story(ReviewedSnippet):
    """One person's experience of an approach, in their own words (IPDAS: personal stories).

    Patients read it as one person's experience, never as advice (templates/includes/stories.html),
    and only once the person's consent is recorded and the story is approved
    (approaches.queries.live_stories).
    """

    approach = models.ForeignKey(
        "approaches.ApproachPage",
        on_delete=models.CASCADE,
        related_name="stories",
        help_text="The approach page it is shown on. A translation is shown on that page's translation.",
    )
    text = models.TextField(
        max_length=1500,
        help_text="In the first person (“I…”), in their words, edited only for length and privacy. No advice, "
        "no doses, no names of clinicians or places.",
    )
    first_name = models.CharField(
        max_length=40,
        blank=True,
        help_text="Their first name only, if they agreed to it. Leave empty to show “anonymous”.",
    )
    consent_given = models.BooleanField(
        "consent recorded",
        default=False,
        help_text="Tick only when the person has agreed, in writing, to this text being shown. A story without "
        "consent is never shown to patients.",
    )
    consent_date = models.DateField(null=True, blank=True, help_text="When they gave consent.")
    consent_recorded_by = models.CharField(
        max_length=120, blank=True, help_text="Who recorded the consent: your name and role."
    )
    is_demo_content = models.BooleanField(
        default=False,
        verbose_name="Demo text",
        help_text="Written by the portal team for the demo, not a real person. Says so on the page.",
    )

    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="story",
        for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="story",
        for_concrete_model=False,
    )

    panels = [
        FieldPanel("approach"),
        FieldPanel("text", required_on_save=True),
        FieldPanel("first_name"),
        FieldPanel("is_demo_content"),
        MultiFieldPanel(
            [FieldPanel("consent_given"), FieldPanel("consent_date"), FieldPanel("consent_recorded_by")],
            heading="Consent",
        ),
    ]
    search_fields = [index.SearchField("text")]
    # Consent is the person's, whatever the language the story is shown in.
    override_translatable_fields = [
        *(SynchronizedField("first_name"), SynchronizedField("consent_given")),
        *(SynchronizedField("consent_date"), SynchronizedField("consent_recorded_by")),
        SynchronizedField("is_demo_content"),
    ]

    class Meta(ReviewedSnippet.Meta):
        verbose_name_plural = "stories"
        ordering = ["approach", "pk"]

    def __str__(self):
        return f"{self.first_name or 'Anonymous'}: {self.text[:50]}"

    @property
    def display_name(self) -> str:
        """How the page names the teller, in the patient's language."""
        from django.utils.translation import gettext

        return self.first_name or gettext("Anonymous")

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["object_as_list"] = [self]
        return context

    def clean(self):
        super().clean()
        from django.utils import timezone

        if self.consent_given:
            missing = {}
            if self.consent_date is None:
                missing["consent_date"] = "Say when consent was given."
            elif self.consent_date > timezone.localdate():
                missing["consent_date"] = "Consent can’t be given in the future."
            if not self.consent_recorded_by.strip():
                missing["consent_recorded_by"] = "Say who recorded the consent."
            if missing:
                raise ValidationError(missing)
        if self.approach_id and self.locale_id and self.approach.locale_id != self.locale_id:
            raise ValidationError({"approach": "Choose the approach page in the story’s own language."})
