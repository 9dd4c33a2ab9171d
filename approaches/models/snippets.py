"""The reviewed snippets approach pages link to: conditions and provider types, and the base they share."""

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
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField


class ReviewedSnippet(
    TranslatableMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    models.Model,
):
    """Patient-facing wording kept outside pages: drafted, reviewed and published like a page.

    The row holds the published version while a draft waits in its latest revision, so
    patient reads filter on `live` only (approaches/queries.py, selectors.py). Each language has its own
    row, a translation of the English one (same `translation_key`), reviewed on its own.
    """

    class Meta(TranslatableMixin.Meta):
        abstract = True

    def get_preview_template(self, request, mode_name):
        return f"approaches/{self._meta.model_name}_preview.html"


class Condition(ReviewedSnippet):
    """A concern patients look for ("Severe anxiety"); links approaches, the index filter and the quiz."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, help_text="Used in web addresses.")
    description = models.TextField(max_length=500, help_text="One or two plain-language sentences about this concern.")

    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="condition",
        for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="condition",
        for_concrete_model=False,
    )

    panels = [FieldPanel("name", required_on_save=True), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.SearchField("description")]
    # The slug is the reference key (approach filters, the quiz, the seed files): the same in
    # every language, never translated.
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta(ReviewedSnippet.Meta):
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "locale"], name="unique_condition_name_per_locale"),
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_condition_slug_per_locale"),
        ]

    def __str__(self):
        return self.name


class ProviderType(ReviewedSnippet):
    """A kind of professional who provides an approach ("Psychiatrist")."""

    name = models.CharField(max_length=100)
    credentials = models.CharField(
        max_length=100, blank=True, help_text="Letters or licences, for example “MD, DO” or “PMHNP-BC”."
    )
    description = models.TextField(
        max_length=500, help_text="What this professional does, in one or two plain sentences."
    )

    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="providertype",
        for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="providertype",
        for_concrete_model=False,
    )

    panels = [FieldPanel("name", required_on_save=True), FieldPanel("credentials"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.SearchField("description")]
    # License letters are the same in every language.
    override_translatable_fields = [SynchronizedField("credentials")]

    class Meta(ReviewedSnippet.Meta):
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "locale"], name="unique_providertype_name_per_locale"),
        ]

    def __str__(self):
        return f"{self.name} ({self.credentials})" if self.credentials else self.name
