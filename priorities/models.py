"""“What matters to you”: the statements patients weigh, and what each approach meets or conflicts with.

Values clarification, as in the Ottawa Personal Decision Guide: a patient says how much each
statement matters to them, and sees which options meet or conflict with those priorities. Both
snippets go through Clinical review like the quiz: the row is the published version, edits wait
in revisions. Statements are referred to by their *name* (`key`), the same in every language, so
one set of approach data serves every language's list.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, PublishingPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)

from priorities.forms import MAX_STATEMENTS, MIN_STATEMENTS, PriorityListForm

key_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$", "Use lowercase letters, numbers and dashes, for example “start-soon”."
)


def _reviewed_relations(name: str):
    return (
        GenericRelation(
            "wagtailcore.Revision",
            content_type_field="base_content_type",
            object_id_field="object_id",
            related_query_name=name,
            for_concrete_model=False,
        ),
        GenericRelation(
            "wagtailcore.WorkflowState",
            content_type_field="base_content_type",
            object_id_field="object_id",
            related_query_name=name,
            for_concrete_model=False,
        ),
    )


class PriorityList(
    TranslatableMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    ClusterableModel,
):
    """The exercise: a title, an introduction and 5–8 statements. One per language."""

    title = models.CharField(max_length=120, default="What matters to you")
    intro = models.TextField(max_length=600, blank=True, help_text="Shown above the statements.")
    is_demo_content = models.BooleanField(
        "demo content",
        default=False,
        help_text="Sample text: patients read that it is not clinically reviewed. Untick once a clinician has.",
    )

    revisions, workflow_states = _reviewed_relations("prioritylist")
    base_form_class = PriorityListForm

    panels = [
        FieldPanel("title", required_on_save=True),
        FieldPanel("intro"),
        FieldPanel("is_demo_content"),
        InlinePanel(
            "statements",
            heading="Statements",
            label="Statement",
            min_num=MIN_STATEMENTS,
            max_num=MAX_STATEMENTS,
            help_text=f"{MIN_STATEMENTS} to {MAX_STATEMENTS} statements a patient rates from “doesn’t matter” "
            "to “matters a lot”.",
        ),
        PublishingPanel(),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = "“What matters to you” list"

    def __str__(self):
        return self.title

    def get_preview_template(self, request, mode_name):
        return "priorities/exercise.html"

    def get_preview_context(self, request, mode_name):
        from priorities.exercise import SCALE, Exercise

        exercise = Exercise.build(self, request.GET)
        return super().get_preview_context(request, mode_name) | {"exercise": exercise, "scale": SCALE}


class PriorityStatement(Orderable):
    priority_list = ParentalKey(PriorityList, on_delete=models.CASCADE, related_name="statements")
    key = models.CharField(
        "name",
        max_length=40,
        validators=[key_validator],
        help_text="A short name, the same in every language, that approach data refers to (“start-soon”).",
    )
    text = models.CharField(max_length=160, help_text="In the patient’s words: “I want to start soon.”")

    panels = [FieldPanel("text"), FieldPanel("key")]

    def __str__(self):
        return self.text

    @classmethod
    def live_keys(cls) -> set[str]:
        """Every statement name in any language's live list (what approach data may refer to)."""
        return set(cls.objects.filter(priority_list__live=True).values_list("key", flat=True))


class ApproachFit(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    """Which statements one approach meets or conflicts with. Named by statement, so one set of
    rows serves every language; patients read the approach page in their own language."""

    approach = models.OneToOneField(
        "approaches.ApproachPage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The approach page, in the default language.",
    )

    revisions, workflow_states = _reviewed_relations("approachfit")

    panels = [
        FieldPanel("approach"),
        InlinePanel("rows", heading="Meets or conflicts with", label="Statement"),
        PublishingPanel(),
    ]

    class Meta:
        verbose_name = "approach and what matters"

    def __str__(self):
        return f"{self.approach.title}: what it meets or conflicts with" if self.approach_id else "Approach fit"


class FitRow(Orderable):
    MEETS, CONFLICTS = "meets", "conflicts"

    fit = ParentalKey(ApproachFit, on_delete=models.CASCADE, related_name="rows")
    statement_key = models.CharField(
        "statement name", max_length=40, validators=[key_validator], help_text="A statement’s name, as in the list."
    )
    effect = models.CharField(max_length=10, choices=[(MEETS, "Meets it"), (CONFLICTS, "Conflicts with it")])

    panels = [FieldPanel("statement_key"), FieldPanel("effect")]

    def __str__(self):
        return f"{self.effect} {self.statement_key}"

    def clean(self):
        super().clean()
        known = PriorityStatement.live_keys()
        if known and self.statement_key and self.statement_key not in known:
            raise ValidationError(
                {"statement_key": f"No statement is named “{self.statement_key}”. Names: {', '.join(sorted(known))}."}
            )
