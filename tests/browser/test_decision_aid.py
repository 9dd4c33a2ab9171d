"""The decision aid in a real browser: the IPDAS checklist in the approach page editor, and what
a printed approach page keeps (its outcome information and its sources)."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from approaches.factories import ApproachPageFactory
from approaches.models import ApproachIndexPage, ApproachPage
from decision_aid import rules
from tests.browser import seeded
from tests.browser.support import wcag_report, when_unlocked
from tests.browser.test_editor_guide import log_in, make_user

EDITOR = "checklist-editor"
PANEL = "[data-decision-aid-checklist]"
TIMEOUT = 20_000


@pytest.fixture
def editor(new_page, portal_url):
    when_unlocked(lambda: make_user(EDITOR, "Clinical editors"))
    page = new_page(viewport={"width": 1400, "height": 900})
    page.context.set_default_timeout(TIMEOUT)
    log_in(page, portal_url, EDITOR)
    yield page
    when_unlocked(lambda: get_user_model().objects.filter(username=EDITOR).delete())


@pytest.fixture
def bare_page(portal_url):
    """An approach page of this test's own with no decision, sources or outcomes, deleted afterwards."""

    def create():
        index = ApproachIndexPage.objects.get(locale__language_code="en")
        return ApproachPageFactory(parent=index, title="Checklist check", slug="checklist-check")

    page = when_unlocked(create)
    yield page
    when_unlocked(page.delete)


def checklist(editor, portal_url, page) -> dict[str, str]:
    editor.goto(f"{portal_url}/admin/pages/{page.pk}/edit/")
    panel = editor.locator(PANEL)
    expect(panel).to_be_visible()
    items = panel.locator("li[data-rule]")
    return {
        items.nth(i).get_attribute("data-rule"): items.nth(i).get_attribute("data-met") for i in range(items.count())
    }


def test_a_seeded_page_shows_every_item_met(editor, portal_url):
    page = next(p for p in seeded.approaches() if not p.is_not_now_option)
    assert checklist(editor, portal_url, page) == dict.fromkeys(rules.RULE_LABELS, "yes")
    expect(editor.locator(PANEL)).to_contain_text("Every item is met.")
    assert wcag_report(editor, PANEL) is None


def test_a_page_built_without_them_shows_the_unmet_items(editor, portal_url, bare_page):
    shown = checklist(editor, portal_url, bare_page)
    expected = {result.key for result in rules.unmet(ApproachPage.objects.get(pk=bare_page.pk))}
    assert {"decision", "sources", "outcomes"} <= expected
    assert {key for key, met in shown.items() if met == "no"} == expected
    panel = editor.locator(PANEL)
    expect(panel).to_contain_text(f"{len(expected)} items not met.")
    expect(panel.locator('li[data-rule="decision"]')).to_contain_text("Not met: Decision stated")
    expect(panel.get_by_label("Reason for submitting with unmet checklist items")).to_be_visible()
    assert wcag_report(editor, PANEL) is None


def test_a_printed_approach_page_keeps_its_outcomes_and_sources(new_page, portal_url):
    approach = next(p for p in seeded.approaches() if p.outcomes and p.sources)
    page = new_page()
    page.goto(portal_url + approach.url)
    page.emulate_media(media="print")
    sources = page.locator("section.sources")
    expect(sources.get_by_role("heading", name="Sources")).to_be_visible()
    expect(sources.locator(".source-list > li")).to_have_count(len(approach.sources))
    expect(sources).to_contain_text(approach.sources[0].value["citation"])
    outcome = approach.outcomes[0].value
    text = page.locator(".outcome__text").first
    expect(text).to_be_visible()
    expect(text).to_contain_text(outcome.sentence())
    expect(page.locator("svg.icon-array").first).to_be_visible()
