"""Reads for the API: only what patients may see, and only what a clinician has reviewed.

- Approach pages: live and public (approaches.selectors.public: no view restriction on the page
  or above it). An English page needs at least one clinical review; if it changed since, it
  is listed with that said (as the page says it). A translation needs a review of its live
  version: an unreviewed translation, or one changed since its review, is left out, as the
  page itself warns patients about it.
- Conditions and provider types: published (live) rows of the language, as on the pages.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from wagtail.models import Page

from approaches import selectors as approach_selectors
from approaches.models import ApproachCondition, ApproachPage, ApproachProviderType, Condition, ProviderType
from core.site.review_rules import review_status
from governance.models import PageReview

ORDERINGS = {"-last_reviewed": True, "last_reviewed": False}  # name -> newest first


def _latest_review(field: str):
    return Subquery(PageReview.objects.filter(page=OuterRef("pk")).order_by("-reviewed_at", "-pk").values(field)[:1])


def syndicated_pages():
    """Every approach page the API may show, annotated with its latest review."""
    reviewed_live = PageReview.objects.filter(page=OuterRef("pk"), revision_id=OuterRef("live_revision_id"))
    pages = approach_selectors.public(ApproachPage.objects.all()).annotate(
        last_reviewed_at=_latest_review("reviewed_at"),
        latest_review_id=_latest_review("pk"),
        live_version_reviewed=Exists(reviewed_live),
    )
    default = Q(locale__language_code=settings.LANGUAGE_CODE, last_reviewed_at__isnull=False)
    return pages.filter(default | Q(live_version_reviewed=True)).select_related("locale")


def _with_links(pages):
    return pages.prefetch_related(
        Prefetch(
            "provider_links",
            queryset=ApproachProviderType.objects.filter(provider_type__live=True)
            .select_related("provider_type")
            .order_by("sort_order"),
        ),
        Prefetch(
            "condition_links",
            queryset=ApproachCondition.objects.filter(condition__live=True)
            .select_related("condition")
            .order_by("sort_order"),
        ),
    )


@dataclass(frozen=True)
class Cursor:
    reviewed_at: datetime
    pk: int


@dataclass
class ApproachQuery:
    language: str
    condition: str = ""
    provider_type: uuid.UUID | None = None
    changed_since: datetime | None = None
    ordering: str = "-last_reviewed"
    limit: int = 20
    after: Cursor | None = None


@dataclass
class ApproachPageResult:
    pages: list
    next_cursor: Cursor | None


def approach_list(query: ApproachQuery) -> ApproachPageResult:
    """One page of results, keyset-paginated on (last review, id): a page published or reviewed
    while a partner pages through appears at one end, never shifting what they have not read."""
    pages = syndicated_pages().filter(locale__language_code=query.language)
    if query.condition:
        pages = pages.filter(
            Exists(
                ApproachCondition.objects.filter(
                    page=OuterRef("pk"), condition__slug=query.condition, condition__live=True
                )
            )
        )
    if query.provider_type:
        pages = pages.filter(
            Exists(
                ApproachProviderType.objects.filter(
                    page=OuterRef("pk"), provider_type__translation_key=query.provider_type, provider_type__live=True
                )
            )
        )
    if query.changed_since:
        pages = pages.filter(
            Q(last_published_at__gte=query.changed_since) | Q(last_reviewed_at__gte=query.changed_since)
        )
    newest_first = ORDERINGS[query.ordering]
    if query.after:
        at, pk = query.after.reviewed_at, query.after.pk
        if newest_first:
            pages = pages.filter(Q(last_reviewed_at__lt=at) | Q(last_reviewed_at=at, pk__lt=pk))
        else:
            pages = pages.filter(Q(last_reviewed_at__gt=at) | Q(last_reviewed_at=at, pk__gt=pk))
    order = ("-last_reviewed_at", "-pk") if newest_first else ("last_reviewed_at", "pk")
    found = list(_with_links(pages.order_by(*order))[: query.limit + 1])
    more = len(found) > query.limit
    found = found[: query.limit]
    prepare(found)
    last = found[-1] if more else None
    return ApproachPageResult(found, Cursor(last.last_reviewed_at, last.pk) if last else None)


def approach_detail(page_id: int):
    page = _with_links(syndicated_pages().filter(pk=page_id)).first()
    if page is not None:
        prepare([page])
    return page


def prepare(pages) -> None:
    """Give each page its latest review, review status and API-visible translations, in two
    queries for the lot (the page's own `review_status` costs one query per page)."""
    reviews = PageReview.objects.in_bulk([p.latest_review_id for p in pages if p.latest_review_id])
    twins = _twins(pages)
    for page in pages:
        latest = reviews.get(page.latest_review_id)
        # The page's own cached_property, filled so its template include reads no more.
        page.__dict__["review_status"] = review_status(
            latest, page.review_interval_months, live_revision_id=page.live_revision_id
        )
        page.api_alternates = [p for p in twins.get(page.translation_key, []) if p.pk != page.pk]


def _twins(pages) -> dict:
    keys = {p.translation_key for p in pages}
    if not keys:
        return {}
    found: dict = {}
    for twin in syndicated_pages().filter(translation_key__in=keys).order_by("locale__language_code"):
        found.setdefault(twin.translation_key, []).append(twin)
    return found


def last_change_to_pages():
    """When a page last left public view (unpublished, deleted, moved, made private): a list
    that lost a page changed then, though none of its remaining pages did."""
    from django.db.models import Max
    from wagtail.models import PageLogEntry

    actions = ["wagtail.unpublish", "wagtail.delete", "wagtail.move", "wagtail.view_restriction.create"]
    return PageLogEntry.objects.filter(action__in=actions).aggregate(at=Max("timestamp"))["at"]


def conditions(language: str) -> list[Condition]:
    return list(Condition.objects.filter(live=True, locale__language_code=language).order_by("name"))


def provider_types(language: str) -> list[ProviderType]:
    return list(ProviderType.objects.filter(live=True, locale__language_code=language).order_by("name"))


def snippet_twins(model, items) -> dict:
    """{translation_key: [live rows in other languages]} for these snippets."""
    keys = {item.translation_key for item in items}
    found: dict = {}
    for twin in model.objects.filter(live=True, translation_key__in=keys).select_related("locale"):
        found.setdefault(twin.translation_key, []).append(twin)
    return found


def crisis_page(language: str):
    """The get-help page in `language` (its live, public translation), else None."""
    from core.models import PortalSettings

    portal = PortalSettings.load()
    if not portal.crisis_page_id:
        return None
    key = Page.objects.filter(pk=portal.crisis_page_id).values("translation_key")
    pages = approach_selectors.public(Page.objects.filter(translation_key__in=key, locale__language_code=language))
    return pages.first()
