"""The seeded "not now" page (issue 25), in both languages, in the index, compare and every page."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Locale

from approaches import selectors
from approaches.models import ApproachPage


def soup(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def seeded(seeded_portal, db):
    """The demo portal, seeded once for the module."""


def test_the_seeded_not_now_page_is_marked_and_found_in_both_languages(seeded):
    english = selectors.not_now_page(locale="en")
    spanish = selectors.not_now_page(locale=Locale.objects.get(language_code="es"))
    assert english.slug == "start-on-my-own" and english.is_not_now_option
    assert spanish.translation_key == english.translation_key and spanish.locale.language_code == "es"
    assert ApproachPage.objects.filter(is_not_now_option=True).count() == 2


def test_the_not_now_page_has_the_shared_sections_and_is_in_the_index_and_compare(client, seeded):
    page = selectors.not_now_page(locale="en")
    html = soup(client, page.url)
    for heading in ("providers", "sessions", "good-fit", "not-fit", "safety-notes", "sources", "outcomes"):
        assert html.find(id=heading) is not None, heading
    index = soup(client, "/approaches/")
    assert index.find("a", href=page.url) is not None
    compare = soup(client, f"/compare/?approach={page.slug}&approach=cbt")
    assert compare.find("th", string=None, attrs={"scope": "col"}) is not None
    assert page.title in compare.get_text()


def test_every_other_approach_page_links_to_the_not_now_page_in_its_language(client, seeded):
    for page in ApproachPage.objects.live().exclude(is_not_now_option=True):
        not_now = selectors.not_now_page(locale=page.locale)
        note = soup(client, page.url).select_one(".decision-note")
        assert note is not None and note.find("a", href=not_now.url) is not None, page.url
