"""Reads for approach listings. Each returns a bounded number of queries whatever the data size."""

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch

from approaches.models import ApproachCondition, ApproachIndexPage, ApproachPage, ApproachProviderType, Condition

_SLUG = re.compile(r"^[-a-z0-9_]{1,100}$")


def public_index(home):
    """The approaches index under `home`, if it is live and has no view restriction of its own."""
    return ApproachIndexPage.objects.child_of(home).live().filter(view_restrictions__isnull=True).first()


def live_approaches(*, parent):
    """Approach pages under `parent` that the public may see.

    `parent` has passed Wagtail's view-restriction check (it was served, or came from
    public_index), so only each page's own restrictions remain to check: a join in the same
    query, where `.public()` would cost one more.
    """
    qs = ApproachPage.objects.child_of(parent).live().filter(view_restrictions__isnull=True)
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


def conditions_of(approaches) -> list[Condition]:
    """The conditions these approaches are often helpful for, by name; uses their prefetched links."""
    found = {link.condition.pk: link.condition for a in approaches for link in a.condition_links.all()}
    return sorted(found.values(), key=lambda c: c.name.casefold())


@dataclass
class ApproachListing:
    approaches: list
    conditions: list
    selected_condition: Condition | None = None
    # Set when the visitor asked for a concern we do not have, so the page can say so.
    unknown_condition: str = ""
    notices: list[str] = field(default_factory=list)


def approach_listing(*, parent, condition_slug: str | None) -> ApproachListing:
    # A portal has tens of approaches, not thousands: load them once and filter in memory,
    # so the filter list and the results share one set of queries.
    approaches = list(live_approaches(parent=parent))
    listing = ApproachListing(approaches=approaches, conditions=conditions_of(approaches))

    slug = (condition_slug or "").strip().lower()
    if slug:
        selected = next((c for c in listing.conditions if c.slug == slug), None) if _SLUG.match(slug) else None
        if selected is None:
            listing.unknown_condition = slug[:100]
            listing.approaches = []
            return listing
        listing.selected_condition = selected
        listing.approaches = [
            approach
            for approach in approaches
            if any(link.condition_id == selected.pk for link in approach.condition_links.all())
        ]
    return listing
