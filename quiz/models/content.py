"""The quiz as clinicians edit it: a snippet with drafts, revisions, locking, preview and workflow."""

from django import forms
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import RegexValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PublishingPanel
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from quiz import flow_reads
from quiz.blocks import OptionWeightsStreamBlock
from quiz.forms import QuizAdminForm
from quiz.keys import default_key
from quiz.panels import CaseResultsPanel

key_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$", "Use lowercase letters, numbers and dashes, for example “sleep-appetite”."
)


class Quiz(
    TranslatableMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    title = models.CharField(max_length=120, help_text="For editors; patients see the quiz page’s title.")
    intro = models.TextField(max_length=600, blank=True, help_text="Shown above the first question. Optional.")

    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="quiz",
        for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="quiz",
        for_concrete_model=False,
    )

    def save(self, *args, **kwargs):
        # Saving a quiz saves each question, answer and test case, and Wagtail would rebuild the
        # whole quiz's reference index after every one of them: quadratic, about two seconds of
        # work per save for the demo quiz. The index is rebuilt once, after the last child.
        # (wagtail.signal_handlers loads Page at import, so it can't be imported with the models.)
        from wagtail.signal_handlers import disable_reference_index_auto_update, reference_index_auto_update_disabled
        from wagtail.tasks import update_reference_index_task

        if getattr(reference_index_auto_update_disabled, "value", False):
            return super().save(*args, **kwargs)
        with disable_reference_index_auto_update():
            super().save(*args, **kwargs)
        update_reference_index_task.enqueue(self._meta.app_label, self._meta.model_name, str(self.pk))

    panels = [
        CaseResultsPanel(heading="Test cases on this draft"),
        FieldPanel("title", required_on_save=True),
        FieldPanel("intro"),
        InlinePanel("questions", heading="Questions", label="Question", min_num=1),
        InlinePanel(
            "test_cases",
            heading="Test cases",
            label="Test case",
            help_text="Named answers and what the quiz must suggest for them. Every draft and preview "
            "shows each case passing or failing; approving a draft with a failing case needs a comment.",
        ),
        PublishingPanel(),
    ]
    search_fields = [index.SearchField("title")]

    class Meta(TranslatableMixin.Meta):
        verbose_name_plural = "quizzes"
        permissions = [("view_quiz_analytics", "Can view quiz analytics")]

    def __str__(self):
        return self.title

    @property
    def is_available(self) -> bool:
        """Patients can take it: it is live and has a published revision to pin them to."""
        return self.live and self.live_revision_id is not None

    base_form_class = QuizAdminForm

    # Preview shows editors the flow map: every question, option and where it leads.
    preview_modes = [("", "Flow map"), ("patient", "First question as patients see it")]

    def get_preview_template(self, request, mode_name):
        return "quiz/quiz_preview_patient.html" if mode_name == "patient" else "quiz/flow_map.html"

    def get_preview_context(self, request, mode_name):
        from quiz.flow import flow_map

        context = super().get_preview_context(request, mode_name)
        flow = flow_reads.editor_flow(self)
        context["flow"] = flow
        context["flow_map"] = flow_map(flow, flow_reads.weight_names(flow))
        context["test_case_results"] = flow_reads.case_results(self, flow=flow)
        return context

    def failing_test_cases(self) -> list[str]:
        """Names of this version's test cases that fail: Clinical review asks for an override
        with a comment before approving it (governance.models.ClinicalReviewTask)."""
        return [result.case.name for result in flow_reads.case_results(self) if not result.passed]


class Question(ClusterableModel, Orderable):
    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    key = models.CharField(
        "name",
        max_length=60,
        blank=True,
        validators=[key_validator],
        help_text="A short name other questions can jump to, like “sleep-appetite”. Made from the text if empty.",
    )
    text = models.CharField(max_length=200)
    help_text = models.CharField(max_length=300, blank=True)
    allow_multiple = models.BooleanField(
        "more than one answer", default=False, help_text="Let patients tick several answers."
    )
    required = models.BooleanField(default=True, help_text="Untick to show a “Skip” button.")

    panels = [
        FieldPanel("text"),
        FieldPanel("key"),
        FieldPanel("help_text"),
        MultiFieldPanel([FieldPanel("allow_multiple"), FieldPanel("required")], heading="Answering"),
        InlinePanel("options", label="Answer", heading="Answers", min_num=1),
    ]

    class Meta(Orderable.Meta):
        # Spelled out: ClusterableModel comes first in the bases, so Orderable's ordering
        # would otherwise be lost and questions would come back in database order.
        ordering = ["sort_order"]

    def save(self, *args, **kwargs):
        self.key = default_key(self.key, self.text)
        super().save(*args, **kwargs)

    def __str__(self):
        return self.text


class Option(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="options")
    key = models.CharField(
        max_length=60, blank=True, validators=[key_validator], help_text="Made from the text if empty."
    )
    label = models.CharField("answer", max_length=200)
    is_crisis = models.BooleanField(
        "crisis answer",
        default=False,
        help_text="Choosing this sends the patient straight to the crisis page and ends the quiz.",
    )
    jump_to = models.CharField(
        max_length=60,
        blank=True,
        help_text="Where this answer leads: the next question, a later question, or the end (the results). "
        "A question added in this edit is listed once you save.",
    )
    weights = StreamField(OptionWeightsStreamBlock(), blank=True)

    panels = [
        FieldPanel("label"),
        FieldPanel("is_crisis"),
        # The choices are this quiz's questions, filled in by QuizAdminForm.
        FieldPanel("jump_to", widget=forms.Select),
        FieldPanel("weights"),
        FieldPanel("key"),
    ]

    def save(self, *args, **kwargs):
        self.key = default_key(self.key, self.label)
        super().save(*args, **kwargs)

    def __str__(self):
        return self.label
