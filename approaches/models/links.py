"""The links from an approach page to its provider types and conditions (edited inline on the page).

They name the page by its label: the page models read through approaches.queries, which reads
these links, so this module stays below the pages."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from approaches.models.snippets import Condition, ProviderType


class ApproachProviderType(Orderable):
    page = ParentalKey("approaches.ApproachPage", on_delete=models.CASCADE, related_name="provider_links")
    provider_type = models.ForeignKey(ProviderType, on_delete=models.PROTECT, related_name="approach_links")

    panels = [FieldPanel("provider_type")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["page", "provider_type"], name="unique_approach_provider_type")]


class ApproachCondition(Orderable):
    page = ParentalKey("approaches.ApproachPage", on_delete=models.CASCADE, related_name="condition_links")
    condition = models.ForeignKey(Condition, on_delete=models.PROTECT, related_name="approach_links")

    panels = [FieldPanel("condition")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["page", "condition"], name="unique_approach_condition")]
