"""Reads for “What matters to you”. Nothing here writes: the answers live only in the address."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from priorities.exercise import Exercise, Rated
from priorities.models import ApproachFit, FitRow, PriorityList


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def published_list(language: str | None = None) -> PriorityList | None:
    """The live list in `language` (default: the visitor's), else the default language's."""
    language = language or _language()
    lists = PriorityList.objects.filter(
        live=True, locale__language_code__in={language, settings.LANGUAGE_CODE}
    ).select_related("locale")
    lists = list(lists.prefetch_related("statements"))
    return next((p for p in lists if p.locale.language_code == language), lists[0] if lists else None)


def statement_keys() -> set[str]:
    """Every statement name in any language's live list (what approach data may refer to)."""
    from priorities.models import PriorityStatement

    return PriorityStatement.live_keys()


@dataclass(frozen=True)
class OptionFit:
    page: object  # an ApproachPage, in the visitor's language where it can be
    meets: tuple[Rated, ...]
    conflicts: tuple[Rated, ...]


def option_fits(pages, exercise: Exercise) -> list[OptionFit]:
    """For each page (default-language ids or their translations), the person's priorities that
    matter to them and that the page's reviewed data says it meets or conflicts with. One query."""
    pages = list(pages)
    mattering = {r.key: r for r in exercise.rated if r.matters}
    key_of = {page.pk: page.translation_key for page in pages}
    rows = FitRow.objects.filter(fit__live=True, fit__approach__translation_key__in=set(key_of.values())).values_list(
        "fit__approach__translation_key", "statement_key", "effect"
    )
    by_key: dict = {}
    for translation_key, statement_key, effect in rows:
        if statement_key in mattering:
            by_key.setdefault(translation_key, {FitRow.MEETS: [], FitRow.CONFLICTS: []})[effect].append(
                mattering[statement_key]
            )
    fits = []
    for page in pages:
        found = by_key.get(key_of[page.pk], {FitRow.MEETS: [], FitRow.CONFLICTS: []})
        order = list(mattering)
        fits.append(
            OptionFit(
                page,
                tuple(sorted(found[FitRow.MEETS], key=lambda r: order.index(r.key))),
                tuple(sorted(found[FitRow.CONFLICTS], key=lambda r: order.index(r.key))),
            )
        )
    return fits


def fit_of(approach_page) -> ApproachFit | None:
    return ApproachFit.objects.filter(approach=approach_page).first()


def options() -> list:
    """Every approach patients may see, in the visitor's language and the index's order, with
    “not now / start on my own” last (approaches.selectors.not_now_page, issue 25)."""
    from approaches import selectors as approach_selectors
    from approaches.models import ApproachPage

    pages = list(
        approach_selectors.public(ApproachPage.objects.filter(locale__language_code=_language())).order_by("path")
    )
    not_now = approach_selectors.not_now_page() or approach_selectors.not_now_page(locale=settings.LANGUAGE_CODE)
    if not_now is not None:
        last = [p for p in pages if p.translation_key == not_now.translation_key] or [not_now]
        pages = [p for p in pages if p.translation_key != not_now.translation_key] + last[:1]
    return pages
