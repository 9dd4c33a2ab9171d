"""Safety notes are never hidden: urgent ones sit outside the "show more", others in it."""

import pytest
from bs4 import BeautifulSoup

from approaches.factories import ApproachPageFactory, stream


def note(text, urgent=False, action=""):
    return {"text": text, "urgent": urgent, "action": action}


def safety_section(client, page):
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    return soup.find("section", attrs={"aria-labelledby": "safety-notes"})


@pytest.mark.django_db
def test_urgent_notes_are_outside_the_collapsible_and_others_inside(client, index):
    page = ApproachPageFactory(
        parent=index,
        safety_notes=stream(
            "safety_note",
            [
                note("Side effects can take weeks to settle."),
                note("If your mood drops sharply, act now.", urgent=True, action="Call your prescriber the same day."),
                note("Keep a list of your medicines."),
            ],
        ),
    )
    section = safety_section(client, page)
    urgent = section.find(string=lambda s: s and "If your mood drops sharply" in s)
    assert urgent is not None and urgent.find_parent("details") is None
    assert "Urgent advice:" in urgent.find_parent("li").get_text()
    details = section.find("details")
    assert "Side effects can take weeks" in details.get_text() and "Keep a list" in details.get_text()
    assert "If your mood drops sharply" not in details.get_text()


@pytest.mark.django_db
def test_a_page_with_only_urgent_notes_has_nothing_to_expand(client, index):
    page = ApproachPageFactory(
        parent=index,
        safety_notes=stream("safety_note", [note("Stop if you feel faint.", urgent=True, action="Sit down.")]),
    )
    section = safety_section(client, page)
    assert section.find("details") is None
    assert "Stop if you feel faint." in section.get_text()
