"""Each IPDAS rule: met on a page that has the item, not met on one that lacks it."""

import pytest

from approaches.factories import (
    AboutInformationPageFactory,
    ApproachIndexPageFactory,
    ApproachPageFactory,
    points,
    stream,
)
from decision_aid import rules
from tests.support import make_home

SOURCE = {
    "citation": "Depression in adults: treatment and management",
    "publisher": "NICE",
    "year": 2022,
    "url": "https://www.nice.org.uk/guidance/ng222",
    "guideline_id": "NICE NG222",
}
OUTCOME = {
    **{"people": 40, "outcome": "feel much better", "timeframe": "within 16 weeks", "comparison_people": 20},
    **{"comparison": "people who wait and see", "certainty": "low", "source": 1, "sample_figures": True},
}
PLAIN_TEXT = (
    "You talk with a therapist each week. You set small goals. You try them at home. "
    "You tell the therapist how it went. You can stop when you want. You can ask for help at any time."
)


@pytest.fixture
def index(db):
    return ApproachIndexPageFactory(parent=make_home())


def complete(index, **overrides):
    fields = {
        "decision": "Whether this kind of help is the right one to start with, and when.",
        "sources": stream("source", [SOURCE]),
        "outcomes": stream("outcome", [OUTCOME]),
        "good_fit_items": points("You want skills", "You like structure"),
        "not_fit_items": points("You want only to talk", "You have no time now"),
        "summary": PLAIN_TEXT,
    }
    return ApproachPageFactory(parent=index, **{**fields, **overrides})


@pytest.fixture
def linked(index):
    """The pages every approach page links to: the not-now page and About this information."""
    complete(index, slug="wait-and-see", is_not_now_option=True)
    AboutInformationPageFactory(parent=index.get_parent())


def result(page, rule):
    return rule(page)


def test_a_complete_page_meets_every_rule(index, linked):
    page = complete(index)
    assert [(r.key, r.met) for r in rules.check(page) if not r.met] == []


def test_decision_not_stated(index, linked):
    assert result(complete(index), rules.decision_stated).met
    assert not result(complete(index, decision=" "), rules.decision_stated).met


def test_not_now_missing(index):
    page = complete(index)
    assert not result(page, rules.not_now_linked).met
    complete(index, slug="wait-and-see", is_not_now_option=True)
    assert result(page, rules.not_now_linked).met


def test_claims_without_sources(index):
    assert result(complete(index), rules.claims_sourced).met
    assert not result(complete(index, sources=[], outcomes=[]), rules.claims_sourced).met
    uncited = complete(index, outcomes=[])
    assert not result(uncited, rules.claims_sourced).met
    marked = complete(index, outcomes=[], good_fit_items=points("You want skills [1]", "You like structure"))
    assert result(marked, rules.claims_sourced).met


def test_outcome_missing_or_unsourced(index):
    assert result(complete(index), rules.outcome_sourced).met
    assert not result(complete(index, outcomes=[]), rules.outcome_sourced).met
    page = complete(index)
    page.sources = []  # as an unsaved edit would leave it; clean() refuses it on save
    assert not result(page, rules.outcome_sourced).met


def test_unbalanced_fit_lists(index):
    assert result(complete(index), rules.balanced).met
    lopsided = complete(
        index, good_fit_items=points("One", "Two", "Three", "Four", "Five"), not_fit_items=points("Six")
    )
    assert not result(lopsided, rules.balanced).met
    wordy = complete(
        index,
        good_fit_items=points("Short", "Brief"),
        not_fit_items=points("A much longer point with many more words in it", "And another long point here too"),
    )
    assert not result(wordy, rules.balanced).met
    assert not result(complete(index, not_fit_items=[]), rules.balanced).met


def test_update_policy_not_linked(index):
    page = complete(index)
    assert not result(page, rules.update_policy_linked).met
    AboutInformationPageFactory(parent=index.get_parent())
    assert result(page, rules.update_policy_linked).met


def test_reading_level_off_target(index):
    assert result(complete(index), rules.reading_level_on_target).met
    hard = (
        "Pharmacological interventions necessitate comprehensive multidisciplinary evaluation, "
        "incorporating psychometric instrumentation, longitudinal symptomatology monitoring, and "
        "individualised pharmacokinetic considerations regarding contraindications."
    )
    assert not result(complete(index, summary=hard, training_note=hard), rules.reading_level_on_target).met
