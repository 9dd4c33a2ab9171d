"""Every word a patient reads outside the quiz is Spanish on the seeded Spanish pages, and crisis
help above all: the Spanish Portal wording (seeded from core/seed_content/es/settings.toml),
988's Spanish options, and the fixed template wording from locale/es. English pages are as before."""

import io

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from wagtail.models import Locale, Page

from core.models import PortalSettings, PortalWording
from core.site.crisis_numbers import expand
from core.site.seeding import wording_seed
from core.site.selectors import default_portal_info

pytestmark = pytest.mark.usefixtures("seeded_portal")

# Fixed English wording from templates/ (outside templates/quiz/) and from Portal wording's
# English defaults: none may be left on a Spanish page.
ENGLISH_PHRASES = [
    "Get help now",
    "Skip to main content",
    "Exit this page",
    "press Shift",
    "If you need help now",
    "In immediate danger",
    "Free and confidential",
    "any time",
    "More ways to get help now",
    "Educational only",
    "Not medical advice",
    "988 Suicide & Crisis Lifeline",
    "Outside the US",
    "Not yet clinically reviewed",
    "Demo text, not clinically reviewed",
    "Usually provided by",
    "Who typically provides this?",
    "Safety notes",
    "Take the quiz",
    "Compare",
    "Search",
    "All approaches",
    "Go to the home page",
    # Approach pages' English field defaults, which seeding translates from the catalog.
    "If this feels hard right now",
    "You don’t have to ask all of these",
]


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def visible_text(html: BeautifulSoup) -> str:
    for hidden in html(["script", "style", "head"]):
        hidden.decompose()
    return " ".join(html.get_text(" ").split())


def spanish_urls(module_db) -> list[str]:
    with module_db.unblock():
        spanish = Locale.objects.get(language_code="es")
        pages = Page.objects.live().filter(locale=spanish, depth__gt=1)
        return [page.url for page in pages]


@pytest.fixture(scope="module")
def spanish_wording(module_db):
    with module_db.unblock():
        return PortalWording.objects.get(locale__language_code="es")


@pytest.fixture(scope="module")
def numbers(module_db):
    with module_db.unblock():
        return PortalSettings.load()


def test_the_spanish_wording_is_seeded_live_as_a_translation_of_the_english(db, module_db, spanish_wording):
    english = PortalWording.objects.get(locale__language_code="en")
    assert spanish_wording.live and spanish_wording.live_revision_id
    assert spanish_wording.translation_key == english.translation_key
    seed = wording_seed("es")
    for name, value in seed.items():
        assert getattr(spanish_wording, name) == value, name
    # English says nothing about a language menu; Spanish names 988's options.
    assert english.crisis_language_call == english.crisis_language_text == ""
    assert "{crisis_line_number}" in spanish_wording.crisis_language_call
    assert "AYUDA" in spanish_wording.crisis_language_text


def test_seeding_again_adds_no_second_wording(db, module_db):
    before = list(PortalWording.objects.values_list("pk", "locale__language_code", "live_revision_id"))
    call_command("seed_portal", stdout=io.StringIO())
    assert list(PortalWording.objects.values_list("pk", "locale__language_code", "live_revision_id")) == before


def test_the_built_in_spanish_crisis_wording_is_the_seeded_one(db, module_db):
    # What the 500 and 503 pages say without a database: the same words as the seed file.
    built_in = settings.PORTAL_SAFETY_TRANSLATIONS["es"]
    seed = wording_seed("es")
    for name in ("crisis_line_name", "crisis_language_call", "crisis_language_text", "outside_us_text", "disclaimer"):
        assert built_in[name] == seed[name], name


@pytest.mark.parametrize("kind", ["pages", "404"])
def test_every_spanish_page_speaks_spanish_with_911_988_and_988s_spanish_options(
    client, db, module_db, spanish_wording, numbers, kind
):
    urls = spanish_urls(module_db) if kind == "pages" else ["/es/no-existe/"]
    assert len(urls) >= 14 or kind == "404"
    call = expand(spanish_wording.crisis_language_call, default_portal_info("es"))
    for url in urls:
        response = client.get(url)
        assert response.status_code == (404 if kind == "404" else 200), url
        html = soup(response)
        assert html.html["lang"] == "es", url
        footer = html.find("footer")
        assert footer.select_one(f'a[href="tel:{numbers.crisis_line_number}"]'), url
        footer_text = " ".join(footer.get_text(" ").split())
        assert spanish_wording.crisis_line_name in footer_text, url
        assert numbers.emergency_number in footer_text, url  # the disclaimer's {emergency_number}
        assert call in footer_text, url
        # The header's crisis link goes to the Spanish crisis page.
        assert html.select_one("header a.get-help")["href"] == "/es/obtener-ayuda/", url
        text = visible_text(html)
        left = [phrase for phrase in ENGLISH_PHRASES if phrase in text]
        assert left == [], (url, left)
    if kind == "404":
        panel = html.select_one("main .crisis-resources")
        assert panel.select_one('a[href="tel:911"]') and panel.select_one('a[href="tel:988"]')
        assert "AYUDA" in panel.get_text() and "marque 2" in panel.get_text()


def test_the_spanish_crisis_page_shows_the_crisis_resources_in_spanish(client, db, module_db, spanish_wording):
    main = soup(client.get("/es/obtener-ayuda/")).find("main")
    resources = main.select_one(".crisis-resources")
    text = " ".join(resources.get_text(" ").split())
    assert resources.select_one('a[href="tel:911"]') and resources.select_one('a[href="tel:988"]')
    assert resources.select_one('a[href="sms:988"]')
    assert "¿Está en peligro inmediato?" in text and "llame al 988 y marque 2" in text.lower()
    assert "AYUDA" in text and "mensaje de texto al 988" in text
    assert "{" not in text


def test_spanish_demo_pages_say_in_spanish_that_they_are_not_clinically_reviewed(client, db, module_db):
    html = soup(client.get("/es/enfoques/"))
    tags = [tag.get_text(strip=True) for tag in html.select(".card .tag")]
    assert tags and all(tag == "Texto de demostración, sin revisión clínica" for tag in tags)
    approach = html.select_one(".card a")["href"]
    page = soup(client.get(approach))
    notice = page.select_one(".approach__header .review-notice")
    assert "Aún no revisado clínicamente" in notice.get_text()
    # And, above it, that the translation itself is unreviewed.
    assert page.select_one(".translation-notice").get_text().startswith("Traducción aún no revisada clínicamente.")


@pytest.mark.parametrize(
    ("url", "spanish"),
    [
        ("/es/compare/", "Comparar enfoques"),
        ("/es/search/", "Buscar enfoques y problemas"),
        ("/es/search/?q=zzzqqq", "No encontramos nada para"),
        ("/es/questions/", "Mis preguntas para llevar"),
    ],
)
def test_the_spanish_patient_tools_speak_spanish(client, db, module_db, url, spanish):
    response = client.get(url)
    html = soup(response)
    assert html.html["lang"] == "es"
    text = visible_text(html)
    assert spanish in text
    assert [phrase for phrase in ENGLISH_PHRASES if phrase in text] == []


def test_english_pages_are_unchanged(client, db, module_db, numbers):
    english = Locale.objects.get(language_code="en")
    for page in Page.objects.live().filter(locale=english, depth__gt=1)[:6]:
        html = soup(client.get(page.url))
        assert html.html["lang"] == "en"
        assert html.select_one("header a.get-help").get_text(strip=True) == "Get help now"
        footer = " ".join(html.find("footer").get_text().split())
        assert "Educational only. Not medical advice." in footer
        assert "988 Suicide & Crisis Lifeline: call 988 or text 988, any time." in footer
        assert "marque" not in footer and "Línea" not in footer
