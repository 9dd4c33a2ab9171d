"""Safety notes in a real browser: urgent notes show without a click, and printing shows them all."""

import pytest

from approaches.factories import ApproachPageFactory, stream
from approaches.models import ApproachIndexPage
from tests.browser import seeded
from tests.browser.support import when_unlocked


@pytest.fixture
def print_check(portal_url):
    """An approach page of this test's own, deleted afterwards: the session's other tests list,
    compare and search the seeded approaches only."""

    def create():
        index = ApproachIndexPage.objects.get(locale__language_code="en")
        page = ApproachPageFactory(
            parent=index,
            title="Print check approach",
            slug="print-check",
            safety_notes=stream(
                "safety_note",
                [
                    {"text": "A quieter note that sits in the collapsible.", "urgent": False, "action": ""},
                    {
                        "text": "An urgent note readers must see.",
                        "urgent": True,
                        "action": "Call your clinician today.",
                    },
                ],
            ),
        )
        return page

    page = when_unlocked(create)
    yield page
    when_unlocked(page.delete)


def test_urgent_notes_show_and_print_shows_every_safety_note(portal_url, print_check, new_page):
    page = new_page()
    page.goto(portal_url + print_check.url)
    quiet = page.get_by_text("A quieter note that sits in the collapsible.")
    assert page.get_by_text("An urgent note readers must see.").is_visible()
    assert not quiet.is_visible(), "non-urgent notes start collapsed on screen"

    page.emulate_media(media="print")
    assert quiet.is_visible(), "printing must show every safety note"
    assert page.get_by_text("An urgent note readers must see.").is_visible()


def test_a_seeded_approach_page_prints_its_safety_notes(portal_url, new_page):
    page = new_page()
    page.goto(portal_url + seeded.MEDICATION_MANAGEMENT)
    notes = page.locator("details.safety-notes li")
    assert notes.count() >= 1
    page.emulate_media(media="print")
    for i in range(notes.count()):
        assert notes.nth(i).is_visible()
