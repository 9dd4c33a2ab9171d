"""Each IPDAS rule: met on a page that has the item, not met on one that lacks it."""

from approaches.factories import AboutInformationPageFactory
from decision_aid import rules
from tests.decision_aid.support import complete, points


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
