"""Spanish (issue 17): the seeded Spanish tree, its addresses, and how patients move between the
languages. Tests that build their own pages: test_spanish.py."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Locale, Page

from approaches.factories import ApproachPageFactory
from approaches.models import ApproachPage, Condition, HomePage, ProviderType
from tests.approaches.test_spanish import ENGLISH_ADDRESSES, alternates, english_pages, path_of, seed, soup


@pytest.fixture
def seeded(seeded_portal, db):
    """The Spanish locale of the seeded portal (one per module, see `module_db`)."""
    return Locale.objects.get(language_code="es")


def test_every_seeded_english_page_and_snippet_has_a_live_spanish_twin_and_a_second_seed_adds_nothing(seeded):
    pages = english_pages()
    assert len(pages) >= 14
    for page in pages:
        twin = page.get_translation_or_none(seeded)
        assert twin is not None and twin.live, page.url_path
        assert twin.translation_key == page.translation_key
        assert type(twin.specific) is type(page)
        assert twin.title != page.title or isinstance(page, HomePage)

    for model in (Condition, ProviderType):
        english = model.objects.filter(locale=Locale.get_default())
        assert english.exists()
        for snippet in english:
            twin = snippet.get_translation_or_none(seeded)
            assert twin is not None and twin.live and twin.name != snippet.name

    # The Spanish approach pages link the Spanish conditions (same slugs) and provider types.
    medication = ApproachPage.objects.get(locale=seeded, slug="manejo-de-medicamentos")
    assert {link.condition.locale_id for link in medication.condition_links.all()} == {seeded.pk}
    assert {link.provider_type.locale_id for link in medication.provider_links.all()} == {seeded.pk}
    assert medication.is_demo_content is False

    counts = (Page.objects.count(), Condition.objects.count(), ProviderType.objects.count())
    seed()
    assert (Page.objects.count(), Condition.objects.count(), ProviderType.objects.count()) == counts


def test_hreflang_pairs_resolve_both_ways_with_an_english_x_default(client, seeded):
    for page in english_pages():
        english_url = page.url
        response = client.get(english_url)
        assert response.status_code == 200, english_url
        links = alternates(response)
        assert set(links) == {"en", "es", "x-default"}, english_url
        assert links["en"] == links["x-default"] == english_url
        assert links["es"].startswith("/es/")

        spanish = client.get(links["es"])
        assert spanish.status_code == 200, links["es"]
        assert alternates(spanish) == links, links["es"]


def test_a_spanish_page_is_in_spanish_shows_911_and_988_and_says_its_translation_is_unreviewed(client, seeded):
    medication = ApproachPage.objects.get(locale=seeded, slug="manejo-de-medicamentos")
    for url in ["/es/", "/es/enfoques/", medication.url, "/es/obtener-ayuda/"]:
        response = client.get(url)
        assert response.status_code == 200
        html = soup(response)
        assert html.html["lang"] == "es"
        assert html.select_one(".translation-notice") is not None, url
        footer = html.find("footer")
        assert "911" in footer.get_text() and footer.select_one('a[href="tel:988"]'), url
    crisis_panel = soup(client.get("/es/obtener-ayuda/")).find("main")
    assert crisis_panel.select_one('a[href="tel:911"]') and crisis_panel.select_one('a[href="tel:988"]')
    # The crisis link in the header goes to the Spanish crisis page.
    crisis = soup(client.get(medication.url)).select_one("a.get-help")["href"]
    assert crisis == "/es/obtener-ayuda/"
    # English pages carry no translation notice and stay lang="en".
    english = soup(client.get("/approaches/"))
    assert english.html["lang"] == "en" and english.select_one(".translation-notice") is None


def test_the_language_switcher_is_a_plain_link_to_the_same_page_in_the_other_language(client, seeded):
    english = ApproachPage.objects.get(locale=Locale.get_default(), slug="medication-management")
    spanish = english.get_translation(seeded)

    switch = soup(client.get(english.url)).select_one('nav.language-switch a[hreflang="es"]')
    assert switch is not None and switch["href"] == spanish.url
    back = soup(client.get(switch["href"])).select_one('nav.language-switch a[hreflang="en"]')
    assert back is not None and back["href"] == english.url

    # Pages that are not Wagtail pages switch to the same tool in the other language.
    switch = soup(client.get("/compare/")).select_one('nav.language-switch a[hreflang="es"]')
    assert switch["href"] == "/es/compare/"
    assert client.get(switch["href"]).status_code == 200


def test_a_page_without_a_twin_switches_to_the_other_languages_home(client, seeded):
    index = ApproachPage.objects.filter(locale=Locale.get_default()).first().get_parent()
    lonely = ApproachPageFactory(parent=index, slug="only-in-english")
    lonely.save_revision().publish()
    response = client.get(lonely.url)
    switch = soup(response).select_one('nav.language-switch a[hreflang="es"]')
    assert switch["href"] == "/es/"
    assert set(alternates(response)) == {"en", "x-default"}


def test_english_addresses_are_unchanged_and_the_sitemap_lists_both_languages(client, seeded):
    for url in ENGLISH_ADDRESSES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert soup(response).html["lang"] == "en", url
    assert reverse("search") == "/search/" and reverse("compare") == "/compare/"
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/es/admin/").status_code == 404

    sitemap = client.get("/sitemap.xml").content.decode()
    locations = {path_of(url) for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)}
    for page in english_pages():
        assert page.url in locations
        assert page.get_translation(Locale.objects.get(language_code="es")).url in locations
