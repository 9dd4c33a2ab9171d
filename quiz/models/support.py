"""Support levels: the pace and level of support the quiz can suggest, reviewed like a page.

Below the quiz itself: the quiz's weights name support levels, and the reads that score a
version of the quiz (quiz.flow_reads) read them.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail_localize.fields import SynchronizedField


class SupportLevel(
    TranslatableMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    models.Model,
):
    """A pace and level of support the quiz can suggest ("Weekly therapy").

    Patients read it on their results, so it goes through Clinical review like a page: the row
    holds the published version (what patients see), edits wait in revisions until approved.
    Each language has its own row, a translation of the English one (same `translation_key`
    and slug), reviewed on its own; quiz weights name the English row and patients read
    `level.localized`.
    """

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80)
    rank = models.PositiveSmallIntegerField(
        default=1,
        help_text="More support, higher number. When two levels tie, the quiz suggests the higher one.",
    )
    patient_text = models.TextField(
        max_length=600, help_text="What this level means for the patient, in plain words. Shown on the results."
    )
    is_urgent = models.BooleanField(
        default=False,
        help_text="Urgent levels show the crisis numbers beside the suggestion, and an answer weighted "
        "toward one always leads to it (or to a level with more support).",
    )

    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="supportlevel",
        for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="supportlevel",
        for_concrete_model=False,
    )

    panels = [
        FieldPanel("name", required_on_save=True),
        FieldPanel("slug", required_on_save=True),
        FieldPanel("rank"),
        FieldPanel("patient_text"),
        FieldPanel("is_urgent"),
    ]

    # The slug is the reference key (the seed files, the quiz's test cases), the same in every
    # language; rank and urgency are numbers and flags, which wagtail-localize synchronises.
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["rank", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "locale"], name="unique_supportlevel_name_per_locale"),
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_supportlevel_slug_per_locale"),
        ]

    def __str__(self):
        return self.name

    def get_preview_template(self, request, mode_name):
        return "quiz/support_level_preview.html"

    def get_preview_context(self, request, mode_name):
        return super().get_preview_context(request, mode_name) | {"support_level": self}
