"""Reads for approach listings. Each returns a bounded number of queries whatever the data size."""

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch

from approaches.models import ApproachCondition, ApproachPage, ApproachProviderType, Condition

_SLUG = re.compile(r"^[-a-z0-9_]{1,100}$")


def live_approaches(*, parent=None):
    qs = ApproachPage.objects.live().public()
    if parent is not None:
        qs = qs.child_of(parent)
    return qs.order_by("path").prefetch_related(
        Prefetch(
            "provider_links",
            queryset=ApproachProviderType.objects.select_related("provider_type").order_by("sort_order"),
        ),
        Prefetch(
            "condition_links",
            queryset=ApproachCondition.objects.select_related("condition").order_by("sort_order"),
        ),
    )


def conditions_in_use():
    """Conditions that at least one live approach page is often helpful for."""
    live_ids = ApproachPage.objects.live().public().values("id")
    return Condition.objects.filter(approach_links__page__in=live_ids).distinct().order_by("name")


@dataclass
class ApproachListing:
    approaches: list
    conditions: list
    selected_condition: Condition | None = None
    # Set when the visitor asked for a concern we do not have, so the page can say so.
    unknown_condition: str = ""
    notices: list[str] = field(default_factory=list)


def approach_listing(*, parent, condition_slug: str | None) -> ApproachListing:
    conditions = list(conditions_in_use())
    approaches = live_approaches(parent=parent)
    listing = ApproachListing(approaches=[], conditions=conditions)

    slug = (condition_slug or "").strip().lower()
    if slug:
        selected = next((c for c in conditions if c.slug == slug), None) if _SLUG.match(slug) else None
        if selected is None:
            listing.unknown_condition = slug[:100]
            return listing
        listing.selected_condition = selected
        approaches = approaches.filter(condition_links__condition=selected)

    listing.approaches = list(approaches)
    return listing
