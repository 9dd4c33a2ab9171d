"""The IPDAS checklist for approach pages, as plain functions (docs/content-model.md#decision-aid).

Each rule takes an approach page (saved or not: the editor checks the version being edited)
and returns a Result. Rules read only the page and approaches' selectors, so they sit just
above approaches in the layers; governance's Content health and the editor panel both call
`check(page)`. The two rules that look for other pages accept the page's language's
`approaches.selectors.PageLinks` as `links`, so a report checking many pages looks them up once
per language.
"""

from dataclasses import dataclass

from approaches.evidence import markers_in
from core.site.review_rules import reading_grade, reading_measure

# "Good fit if…" and "Might not be the best fit if…" get comparable detail (IPDAS: balanced
# presentation): the shorter list has at least half as many points as the longer one, and at
# least a third as many words.
BALANCE_MIN_ITEMS_RATIO = 0.5
BALANCE_MIN_WORDS_RATIO = 1 / 3


@dataclass(frozen=True)
class Result:
    key: str
    label: str
    met: bool
    detail: str


def decision_stated(page) -> Result:
    met = bool((page.decision or "").strip())
    detail = "The page says which decision it helps with." if met else "Fill in “The decision”."
    return Result("decision", "Decision stated", met, detail)


def _links(page, links):
    from approaches import selectors

    if links is not None:
        return links
    return selectors.page_links(locale_id=page.locale_id) if page.locale_id else selectors.PageLinks()


def not_now_linked(page, links=None) -> Result:
    label = "“Not now” option linked"
    if page.is_not_now_option:
        return Result("not_now", label, True, "This page is the “not now” option.")
    if not page.locale_id:
        return Result("not_now", label, False, "Save the page first.")
    found = _links(page, links).not_now
    if found is None:
        return Result("not_now", label, False, "No live page in this language is marked as the “not now” option.")
    return Result("not_now", label, True, f"Links to “{found.title}”.")


def claims_sourced(page) -> Result:
    label = "Claims have sources"
    count = len(page.sources)
    cited = markers_in(page.patient_text_with_markers()) + [b.value.get("source") for b in page.outcomes]
    cited = [n for n in cited if n]
    if not count:
        return Result("sources", label, False, "Add at least one source under Sources.")
    if dangling := sorted({n for n in cited if n > count}):
        return Result("sources", label, False, f"Markers point at missing sources: {dangling}.")
    if not cited:
        return Result("sources", label, False, "No text points at a source: add a marker such as [1].")
    return Result("sources", label, True, f"{count} source(s), cited {len(cited)} time(s).")


def outcome_sourced(page) -> Result:
    label = "Outcome information with its source"
    outcomes = list(page.outcomes)
    if not outcomes:
        return Result("outcomes", label, False, "Add an outcome under “What tends to happen”.")
    count = len(page.sources)
    missing = [i for i, b in enumerate(outcomes, 1) if not b.value.get("source") or b.value["source"] > count]
    if missing:
        return Result("outcomes", label, False, f"Outcome {missing[0]} names no source this page has.")
    return Result("outcomes", label, True, f"{len(outcomes)} outcome(s), each with its source.")


def _words(field) -> int:
    return sum(len(str(b.value).split()) for b in field)


def balanced(page) -> Result:
    label = "“Good fit” and “might not fit” balanced"
    good, bad = len(page.good_fit_items), len(page.not_fit_items)
    if not good or not bad:
        return Result("balance", label, False, "Both “Good fit if…” and “Might not be the best fit if…” need points.")
    items = min(good, bad) / max(good, bad)
    words = min(_words(page.good_fit_items), _words(page.not_fit_items)) / max(
        _words(page.good_fit_items), _words(page.not_fit_items), 1
    )
    met = items >= BALANCE_MIN_ITEMS_RATIO and words >= BALANCE_MIN_WORDS_RATIO
    detail = f"{good} against {bad} points; word ratio {words:.2f}."
    if not met:
        detail += " The shorter list needs at least half the points and a third of the words of the longer."
    return Result("balance", label, met, detail)


def update_policy_linked(page, links=None) -> Result:
    label = "Update policy linked"
    about = _links(page, links).about if page.locale_id else None
    if about is None:
        return Result("update_policy", label, False, "No live “About this information” page in this language.")
    return Result("update_policy", label, True, f"Links to “{about.title}” beside the review stamp.")


def reading_level_on_target(page) -> Result:
    label = "Reading level on target"
    language = page.language_code()
    measure = reading_measure(language)
    score = reading_grade(page.patient_text(), language)
    if measure is None:
        return Result("reading", label, True, "No reading measure for this language.")
    if score is None:
        return Result("reading", label, False, "Too little text to measure.")
    met = not measure.too_hard(score)
    return Result("reading", label, met, f"{measure.describe(score)}; target {measure.target_label}.")


RULES = (
    decision_stated,
    not_now_linked,
    claims_sourced,
    outcome_sourced,
    balanced,
    update_policy_linked,
    reading_level_on_target,
)
RULE_LABELS = {
    "decision": "Decision stated",
    "not_now": "“Not now” option linked",
    "sources": "Claims have sources",
    "outcomes": "Outcome information with its source",
    "balance": "“Good fit” and “might not fit” balanced",
    "update_policy": "Update policy linked",
    "reading": "Reading level on target",
}


LINKED_RULES = (not_now_linked, update_policy_linked)


def check(page, *, links=None) -> list[Result]:
    """Every rule on `page`, in RULES order. `links`: the page's language's PageLinks, if known."""
    links = _links(page, links)
    return [rule(page, links) if rule in LINKED_RULES else rule(page) for rule in RULES]


def unmet(page, *, links=None) -> list[Result]:
    return [result for result in check(page, links=links) if not result.met]
