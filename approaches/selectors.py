"""Reads for approach listings. Each returns a bounded number of queries whatever the data size."""

import re
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Prefetch
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext
from wagtail.models import PageViewRestriction

from approaches.models import (
    ApproachCondition,
    ApproachIndexPage,
    ApproachPage,
    ApproachProviderType,
    Condition,
    Story,
)

_SLUG = re.compile(r"^[-a-z0-9_]{1,100}$")


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


def public_index(home):
    """The approaches index under `home`, if patients may see it."""
    return public(ApproachIndexPage.objects.child_of(home)).first()


def index_url(request) -> str:
    """Where "browse all approaches" goes: the public index under this site's home page, wherever
    editors put it in the tree; empty when there is none."""
    from wagtail.models import Site

    site = Site.find_for_request(request)
    # The site's home in the visitor's language (its live translation), else the English home.
    index = public_index(site.root_page.localized) if site is not None else None
    return (index.get_url(request) if index is not None else None) or ""


# Conditions and provider types are reviewed snippets: a draft one (never published, or
# unpublished) is left out wherever patients see it.
def _provider_links():
    return ApproachProviderType.objects.filter(provider_type__live=True).select_related("provider_type")


def _condition_links():
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


def not_now_page(*, locale=None, locale_id: int | None = None):
    """The live "not now / start on my own / watch and wait" page in `locale` (a Locale or a
    language code; the visitor's language by default) or the locale with id `locale_id`, or
    None. Marked by its `is_not_now_option` box, so editors may rename it or change its slug."""
    from wagtail.models import Locale

    pages = public(ApproachPage.objects.filter(is_not_now_option=True))
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


def page_links(*, locale_id: int) -> PageLinks:
    """Both pages in the locale, live and public, in one query (plain Page rows: title and url)."""
    from django.db.models import Q
    from wagtail.models import Page

    from approaches.models import AboutInformationPage

    about_type = AboutInformationPage.own_content_type_pk()
    found = public(Page.objects.filter(locale_id=locale_id)).filter(
        Q(approachpage__is_not_now_option=True) | Q(content_type_id=about_type)
    )
    links = {}
    for page in found.order_by("path"):
        links.setdefault("about" if page.content_type_id == about_type else "not_now", page)
    return PageLinks(**links)


def live_conditions():
    return Condition.objects.filter(live=True, locale__language_code=language_code())


def live_approaches(*, parent):
    """Approach pages under `parent` that the public may see.

    `parent` has passed Wagtail's view-restriction check (it was served, or came from
    public_index); `public` checks the pages themselves in the same query.
    """
    qs = public(ApproachPage.objects.child_of(parent))
    return qs.order_by("path").prefetch_related(
        Prefetch("provider_links", queryset=_provider_links().order_by("sort_order")),
        Prefetch("condition_links", queryset=_condition_links().order_by("sort_order")),
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


# --- Compare and the questions sheet -------------------------------------------------


def _public_approaches():
    return public(ApproachPage.objects.filter(locale__language_code=language_code()))


def compare_choices():
    return _public_approaches().order_by("path").only("id", "slug", "title")


COMPARE_MIN, COMPARE_MAX = 2, 3


@dataclass
class Comparison:
    approaches: list
    message: str = ""


def comparison(identifiers: list[str]) -> Comparison:
    """Two or three public approach pages, by id or slug, in the order asked for."""
    wanted = [i.strip().lower() for i in identifiers if i.strip()][: COMPARE_MAX + 5]
    if not wanted:
        return Comparison([], "Choose two or three approaches to compare.")
    ids = [int(i) for i in wanted if i.isdigit()]
    slugs = [i for i in wanted if _SLUG.match(i) and not i.isdigit()]
    found = _public_approaches()
    found = found.filter(pk__in=ids) | found.filter(slug__in=slugs)
    by_key = {}
    for page in found.prefetch_related(Prefetch("provider_links", queryset=_provider_links().order_by("sort_order"))):
        by_key[str(page.pk)] = by_key[page.slug] = page
    chosen = []
    for key in wanted:
        page = by_key.get(key)
        if page and page not in chosen:
            chosen.append(page)
    message = ""
    if len(chosen) < len(set(wanted)):
        message = gettext("We couldn’t find one of the approaches you chose, so it is left out.")
    if len(chosen) > COMPARE_MAX:
        chosen, message = (
            chosen[:COMPARE_MAX],
            gettext("You can compare up to %(most)d at a time; we kept the first %(most)d.") % {"most": COMPARE_MAX},
        )
    if len(chosen) < COMPARE_MIN:
        message = message or gettext("Choose at least two approaches to compare.")
    return Comparison(chosen, message)


@dataclass
class SheetSection:
    approach: ApproachPage
    questions: list[str]


def questions_sheet(picks: list[str]) -> list[SheetSection]:
    """Chosen questions, from `page_id:block_id` picks; unknown picks are ignored."""
    wanted: dict[int, list[str]] = {}
    for pick in picks[:60]:
        page_id, _, block_id = pick.partition(":")
        if page_id.isdigit() and re.fullmatch(r"[0-9a-f-]{8,40}", block_id or ""):
            wanted.setdefault(int(page_id), []).append(block_id)
    pages = public(ApproachPage.objects.all()).in_bulk(list(wanted))
    sections = []
    for page_id, block_ids in wanted.items():
        page = pages.get(page_id)
        if page is None:
            continue
        texts = [block.value for block in page.questions if block.id in block_ids]
        if texts:
            sections.append(SheetSection(page, texts))
    return sections


# --- Search ----------------------------------------------------------------------------------

_STOPWORDS = {
    *("and", "the", "for", "with", "you", "your", "can", "how", "not", "what", "are", "was", "who", "why"),
    # Spanish, accents dropped as approaches.search.normalize drops them.
    *("con", "que", "los", "las", "una", "uno", "por", "para", "del", "como", "mis", "sus", "muy", "sin", "mas"),
}


@dataclass(frozen=True)
class SearchOutcome:
    crisis: bool  # show crisis help (911, 988) above everything else
    promotions: list  # editors' promoted results for this query, in their order
    pages: list
    conditions: list


def _promotions_for(query: str, language: str) -> list:
    """Editors' promotions (Wagtail search promotions) whose promoted query is in this search,
    for pages in the visitor's language (and external links, which have none).

    Read only: Wagtail's own `Query.get` would store every patient's search text as a row."""
    from wagtail.contrib.search_promotions.models import SearchPromotion

    from approaches.search import contains_phrase, words

    query_words = words(query)
    found = []
    promotions = SearchPromotion.objects.select_related("query", "page", "page__locale")
    for promotion in promotions.order_by("query_id", "sort_order"):
        promoted = words(promotion.query.query_string)
        if not promoted or (promotion.page_id and not promotion.page.live):
            continue
        if promotion.page_id and promotion.page.locale.language_code != language:
            continue
        if contains_phrase(query_words, promoted):
            found.append(promotion)
    return found


def _crisis_queries(portal) -> list[str]:
    """The promoted queries that lead to the crisis page in any of its languages: editors'
    crisis phrases count in every language (someone reading Spanish may search in English)."""
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.models import Page

    if not portal.crisis_page_id:
        return []
    crisis_key = Page.objects.filter(pk=portal.crisis_page_id).values("translation_key")
    promotions = SearchPromotion.objects.filter(page__translation_key__in=crisis_key)
    return list(promotions.values_list("query__query_string", flat=True))


def search_portal(query: str, *, request=None) -> SearchOutcome:
    """Crisis first, then promotions, then pages and concerns for the query and what its words
    may mean (approaches.search.expand: word forms, typos, built-in and editors' synonyms), all
    in the visitor's language."""
    from wagtail.models import Page

    from approaches import search
    from core.models import PortalSettings

    portal = PortalSettings.load(request_or_site=request)
    language = language_code()
    promotions = _promotions_for(query, language)
    crisis = search.signals_crisis(query, _crisis_queries(portal))

    from wagtail.models import Locale

    conditions = list(live_conditions().order_by("name"))
    titles = public(ApproachPage.objects.filter(locale__language_code=language)).values_list("title", flat=True)
    terms = search.expand(
        query,
        vocabulary=[c.name for c in conditions] + list(titles),
        synonyms=search.parse_synonyms(portal.search_synonyms),
    )
    # The search backend filters on the locale itself, not on a join.
    locale = Locale.objects.filter(language_code=language).first()
    pages = Page.objects.live().public().specific()
    pages = list(pages.filter(locale=locale).search(" ".join(terms), operator="or")[:20])
    wanted = {search.stem(t) for t in terms if len(t) >= 3 and t not in _STOPWORDS and " " not in t}
    phrases = [t for t in terms if " " in t]
    matching = [
        c
        for c in conditions
        if wanted & {search.stem(w) for w in search.words(c.name)}
        or any(p in search.normalize(c.name) for p in phrases)
    ]
    return SearchOutcome(crisis=crisis, promotions=promotions, pages=pages, conditions=matching[:10])
