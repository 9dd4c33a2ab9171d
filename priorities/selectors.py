"""Reads for “What matters to you”. Nothing here writes: the answers live only in the address."""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from priorities.models import ApproachFit, FitRow, PriorityList

# The scale, lowest first; the value is what the address carries (?p-start-soon=2).
SCALE = (
    ("0", _("Doesn’t matter to me")),
    ("1", _("Matters a bit")),
    ("2", _("Matters a lot")),
)
SCALE_WORDS = dict(SCALE)
PREFIX = "p-"  # answer fields: p-<statement name>


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

    return set(PriorityStatement.objects.filter(priority_list__live=True).values_list("key", flat=True))


@dataclass(frozen=True)
class Rated:
    key: str
    text: str
    value: str  # "0", "1", "2"

    @property
    def words(self):
        return SCALE_WORDS[self.value]

    @property
    def matters(self) -> bool:
        return self.value != "0"


@dataclass
class Exercise:
    """The list and what the address says about it: each statement with its answer, if any, and
    the answers that are not on the scale (a tampered or outdated link)."""

    priority_list: PriorityList | None
    rated: list[Rated] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, priority_list, query) -> "Exercise":
        if priority_list is None:
            return cls(None)
        rated, invalid = [], []
        for statement in priority_list.statements.all():
            value = query.get(PREFIX + statement.key)
            if value is None or value == "":
                continue
            if value not in SCALE_WORDS:
                invalid.append(statement.key)
                continue
            rated.append(Rated(statement.key, statement.text, value))
        return cls(priority_list, rated, invalid)

    @property
    def statements(self):
        """(statement, field name, chosen value) for the form."""
        chosen = {r.key: r.value for r in self.rated}
        return [(s, PREFIX + s.key, chosen.get(s.key, "")) for s in self.priority_list.statements.all()]

    @property
    def answered(self) -> bool:
        return bool(self.rated)

    def query_pairs(self) -> list[tuple[str, str]]:
        """The answers as address fields, to carry them to the questions sheet and back."""
        return [(PREFIX + r.key, r.value) for r in self.rated]


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
