"""Reads for approach listings. Each returns a bounded number of queries whatever the data size.

The reads the page models make for their own templates live below the models, in
approaches.queries; they are re-exported here, beside the reads that name the page models, so
every other reader reads through this module.
"""

import re
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext

from approaches import queries
from approaches.models import AboutInformationPage, ApproachIndexPage, ApproachPage, Condition

# The reads the page models make themselves, under the names every other reader knows them by.
language_code = queries.language_code
public = queries.public
live_provider_links = queries.live_provider_links
live_condition_links = queries.live_condition_links
live_stories = queries.live_stories
PageLinks = queries.PageLinks
conditions_of = queries.conditions_of
ApproachListing = queries.ApproachListing


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


def not_now_page(*, locale=None, locale_id: int | None = None):
    """The live "not now / start on my own / watch and wait" page in `locale` (a Locale or a
    language code; the visitor's language by default) or the locale with id `locale_id`, or
    None (approaches.queries.not_now_page, among every approach page)."""
    return queries.not_now_page(ApproachPage.objects.all(), locale=locale, locale_id=locale_id)


def page_links(*, locale_id: int) -> PageLinks:
    """The "not now" page and "About this information" in the locale, live and public, in one query."""
    return queries.page_links(locale_id=locale_id, about_page_class=AboutInformationPage)


def live_conditions():
    return Condition.objects.filter(live=True, locale__language_code=language_code())


def live_approaches(*, parent):
    """Approach pages under `parent` that the public may see (approaches.queries.live_approaches)."""
    return queries.live_approaches(ApproachPage.objects.child_of(parent))


def approach_listing(*, parent, condition_slug: str | None) -> ApproachListing:
    """The listing of the approaches under `parent` (approaches.queries.approach_listing)."""
    return queries.approach_listing(ApproachPage.objects.child_of(parent), condition_slug=condition_slug)


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
    slugs = [i for i in wanted if queries.SLUG.match(i) and not i.isdigit()]
    found = _public_approaches()
    found = found.filter(pk__in=ids) | found.filter(slug__in=slugs)
    by_key = {}
    for page in found.prefetch_related(
        Prefetch("provider_links", queryset=queries.published_provider_links().order_by("sort_order"))
    ):
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
