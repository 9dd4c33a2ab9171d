"""The reads the approach page models make for their own templates (Page.get_context).

Wagtail asks a page for its context, so the page models read; and a model may not import the
selectors that read it (tests/test_import_cycles.py). These reads therefore sit below the page
models: they import no page model, and take the pages to read from (a queryset) or the page
class they need as an argument. The link and story models they name sit below the pages too.
approaches.selectors builds on them and re-exports them, so every other reader goes on reading
through the selectors. Each returns a bounded number of queries whatever the data size.
"""

import re
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Prefetch
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction

from approaches.models.links import ApproachCondition, ApproachProviderType
from approaches.models.snippets import Condition
from approaches.models.stories import Story

SLUG = re.compile(r"^[-a-z0-9_]{1,100}$")


def language_code() -> str:
    """The visitor's language (LocaleMiddleware set it from the path): every patient listing shows
    the pages and snippets of that language only."""
    from django.conf import settings
    from django.utils import translation

    return translation.get_language() or settings.LANGUAGE_CODE


def public(pages):
    """The pages of a page queryset that patients may see: live, with no view restriction on
    the page or any page above it. Every patient-facing read of approach pages goes through here.

    A restriction covers its page's subtree, and a page's tree path starts with the path of
    each page above it: one correlated subquery in the same query, where Wagtail's `.public()`
    costs one more query to list every restriction first.
    """
    restricted = PageViewRestriction.objects.annotate(length=Length("page__path")).filter(
        page__path=Substr(OuterRef("path"), 1, F("length"))
    )
    return pages.live().filter(~Exists(restricted))


# Conditions and provider types are reviewed snippets: a draft one (never published, or
# unpublished) is left out wherever patients see it.
def published_provider_links():
    return ApproachProviderType.objects.filter(provider_type__live=True).select_related("provider_type")


def published_condition_links():
    return ApproachCondition.objects.filter(condition__live=True).select_related("condition")


def live_provider_links(page) -> list[ApproachProviderType]:
    """The page's provider types that are published. Works on a previewed revision too."""
    return [link for link in page.provider_links.select_related("provider_type") if link.provider_type.live]


def live_condition_links(page) -> list[ApproachCondition]:
    """The page's conditions that are published. Works on a previewed revision too."""
    return [link for link in page.condition_links.select_related("condition") if link.condition.live]


def live_stories(page) -> list[Story]:
    """The page's personal stories patients may read: approved (live) and with consent recorded.
    One query; works on a previewed revision too."""
    if not page.pk:
        return []
    return list(Story.objects.filter(approach_id=page.pk, live=True, consent_given=True).order_by("pk"))


def not_now_page(approach_pages, *, locale=None, locale_id: int | None = None):
    """The live "not now / start on my own / watch and wait" page among `approach_pages` in
    `locale` (a Locale or a language code; the visitor's language by default) or the locale with
    id `locale_id`, or None. Marked by its `is_not_now_option` box, so editors may rename it or
    change its slug."""
    from wagtail.models import Locale

    pages = public(approach_pages.filter(is_not_now_option=True))
    if locale_id is not None:
        pages = pages.filter(locale_id=locale_id)
    elif isinstance(locale, Locale):
        pages = pages.filter(locale=locale)
    else:
        pages = pages.filter(locale__language_code=locale or language_code())
    return pages.order_by("path").first()


@dataclass(frozen=True)
class PageLinks:
    """The pages every approach page links to: the "not now" option and "About this information"."""

    not_now: object = None
    about: object = None


def page_links(*, locale_id: int, about_page_class) -> PageLinks:
    """Both pages in the locale, live and public, in one query (plain Page rows: title and url).
    `about_page_class` is AboutInformationPage, which the approach page hands in. Read fresh:
    the editor's checklist (decision_aid) asks just after a page was made or changed."""
    return _read_page_links(locale_id, about_page_class)


def rendered_page_links(*, locale_id: int, about_page_class) -> PageLinks:
    """`page_links` for a patient page being rendered: the same two links on every approach page
    in a language, so one query per process per content generation (publishing, moving,
    unpublishing or restricting any page moves it), not one per render."""
    from core.delivery.page_cache import local_pages

    return local_pages.memo(("approaches:page-links", locale_id), lambda: _read_page_links(locale_id, about_page_class))


def _read_page_links(locale_id: int, about_page_class) -> PageLinks:
    from django.db.models import Q
    from wagtail.models import Page

    about_type = about_page_class.own_content_type_pk()
    found = public(Page.objects.filter(locale_id=locale_id)).filter(
        Q(approachpage__is_not_now_option=True) | Q(content_type_id=about_type)
    )
    links = {}
    for page in found.order_by("path"):
        links.setdefault("about" if page.content_type_id == about_type else "not_now", page)
    return PageLinks(**links)


def live_approaches(approach_pages):
    """The approach pages of `approach_pages` (a parent's children) that the public may see, in
    tree order, with their published provider types and conditions.

    The parent has passed Wagtail's view-restriction check (it was served, or came from
    approaches.selectors.public_index); `public` checks the pages themselves in the same query.
    """
    return (
        public(approach_pages)
        .order_by("path")
        .prefetch_related(
            Prefetch("provider_links", queryset=published_provider_links().order_by("sort_order")),
            Prefetch("condition_links", queryset=published_condition_links().order_by("sort_order")),
        )
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


def approach_listing(approach_pages, *, condition_slug: str | None) -> ApproachListing:
    """The index's listing of `approach_pages` (its children), filtered by the concern asked for."""
    # A portal has tens of approaches, not thousands: load them once and filter in memory,
    # so the filter list and the results share one set of queries.
    approaches = list(live_approaches(approach_pages))
    listing = ApproachListing(approaches=approaches, conditions=conditions_of(approaches))

    slug = (condition_slug or "").strip().lower()
    if slug:
        selected = next((c for c in listing.conditions if c.slug == slug), None) if SLUG.match(slug) else None
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
