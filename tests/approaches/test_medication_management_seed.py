"""The Medication Management page shows the user's original text, every sentence, in order."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

SEED_TEXT = Path(__file__).resolve().parent.parent / "fixtures" / "medication-management.txt"


def seed_sentences() -> list[str]:
    text = SEED_TEXT.read_text(encoding="utf-8")
    # The original lost one line break: the credentials link ran into the next heading.
    text = text.replace("training →What", "training →\nWhat")
    sentences = []
    for line in text.splitlines():
        line = line.strip().removeprefix("- ")
        if line.endswith("+"):  # "Safety notes+": the + marks the collapsible section
            line = line[:-1]
        if line:
            sentences.extend(s for s in re.split(r"(?<=[.?!])\s+(?=[A-Z])", line) if s)
    return sentences


def page_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    return re.sub(r"\s+", " ", soup.body.get_text(" "))


@pytest.fixture
def seeded(seeded_portal, db):
    """The demo portal, seeded once for the module; each test's changes are its own."""


def test_seed_text_fixture_has_all_sections():
    sentences = seed_sentences()
    assert sentences[0] == "Medication Management (Psychiatry / PMHNP)"
    for heading in ["Who typically provides this?", "Training note", "Often helpful for", "Safety notes"]:
        assert heading in sentences
    assert len(sentences) > 35


def test_every_seed_sentence_appears_verbatim_and_in_order(client, seeded):
    response = client.get("/approaches/medication-management/")
    assert response.status_code == 200
    text = page_text(response.content.decode())

    position = 0
    for sentence in seed_sentences():
        found = text.find(sentence, position)
        assert found != -1, f"missing or out of order: {sentence!r}"
        position = found + len(sentence)


def test_typographic_punctuation_is_kept(client, seeded):
    html = client.get("/approaches/medication-management/").content.decode()
    for fragment in ["There’s no single “right” therapy—many", "Moderate–severe depression", "Good fit if…"]:
        assert fragment in html


def test_safety_notes_collapse_without_javascript(client, seeded):
    soup = BeautifulSoup(client.get("/approaches/medication-management/").content, "html.parser")
    details = soup.find("details", class_="safety-notes")
    assert details is not None
    assert "safety notes" in details.summary.get_text().lower()
    assert "licensed prescriber" in details.get_text()
    # Data, and the quick exit's deferred shortcut: the page itself needs no script.
    code = [s["src"] for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
    assert code == ["/static/js/quick-exit.js"]


def test_credentials_link_goes_to_the_credentials_page(client, seeded):
    soup = BeautifulSoup(client.get("/approaches/medication-management/").content, "html.parser")
    link = soup.find("a", string=re.compile("Learn about credentials & training"))
    assert link["href"] == "/credentials-and-training/"
    assert client.get(link["href"]).status_code == 200


def test_medication_page_is_not_presented_as_reviewed(client, seeded):
    soup = BeautifulSoup(client.get("/approaches/medication-management/").content, "html.parser")
    assert "Not yet clinically reviewed" in soup.find(class_="review-notice").get_text()
