"""Exit this page: on every page a patient can meet, errors included, and it leaves without
JavaScript through /exit/, which clears what the site left in the browser."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory

from approaches.factories import StandardPageFactory
from core.delivery.error_pages import too_many_requests
from core.delivery.views import QUIZ_COOKIE, server_error
from core.models import PortalSettings
from tests.support import database_down


def quick_exit_and_crisis_link(html):
    soup = BeautifulSoup(html, "html.parser")
    links = soup.find_all("a")
    exit_link = soup.select_one("a.quick-exit__link")
    get_help = soup.select_one("header nav a")
    return links, exit_link, get_help


def assert_has_quick_exit(html, name):
    links, exit_link, get_help = quick_exit_and_crisis_link(html)
    assert exit_link is not None, f"{name}: no quick exit"
    assert exit_link["href"] == "/exit/", name
    assert exit_link.get_text(" ", strip=True).startswith("Exit this page"), name
    # "Get help now" keeps its first place: the header's first link after the site name,
    # and before the quick exit in the order a keyboard or screen reader meets them.
    assert get_help is not None and get_help.get_text(strip=True) == "Get help now", name
    assert links.index(get_help) < links.index(exit_link), name


@pytest.fixture
def patient_pages(home, index, approach, crisis_page, quiz_page):
    about = StandardPageFactory(parent=home, title="About", slug="about")
    return {
        "home": home.url,
        "index": index.url,
        "approach": approach.url,
        "standard": about.url,
        "crisis": crisis_page.url,
        "quiz": quiz_page.url,
        "compare": f"/compare/?approach={approach.slug}",
        "search": "/search/?q=sleep",
        "questions sheet": "/questions/",
        "404": "/no-such-page/",
        "quiz timed out (410)": "/quiz/results/",
    }


@pytest.mark.django_db
def test_every_page_type_has_the_quick_exit_after_get_help_now(client, patient_pages):
    for name, url in patient_pages.items():
        assert_has_quick_exit(client.get(url).content.decode(), name)


@pytest.mark.django_db
def test_every_quiz_screen_has_the_quick_exit(patient, client):
    patient.start()
    assert_has_quick_exit(client.get("/quiz/step/safety/").content.decode(), "question")
    assert_has_quick_exit(patient.answer("safety").content.decode(), "question with an error")
    assert_has_quick_exit(patient.answer("pace", "own").content.decode(), "out of order (409)")
    for key, choice in [("safety", "safe"), ("concern", "low"), ("sleep", "no"), ("extras", "skills")]:
        patient.answer(key, choice)
    patient.answer("pace", "own")
    assert_has_quick_exit(client.get("/quiz/results/").content.decode(), "results")


@pytest.mark.django_db
def test_error_pages_have_the_quick_exit(home, quiz_page, settings, patient):
    rf = RequestFactory()
    assert_has_quick_exit(server_error(rf.get("/")).content.decode(), "500")
    limited = too_many_requests(rf.get("/quiz/step/safety/"))
    assert limited.status_code == 429 and limited["Retry-After"] == "60"
    assert_has_quick_exit(limited.content.decode(), "429")

    forged = Client(enforce_csrf_checks=True).post(quiz_page.start_url, HTTP_ORIGIN="https://elsewhere.example")
    assert forged.status_code == 403
    assert_has_quick_exit(forged.content.decode(), "403 forged form")

    patient.start()
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    oversized = patient.answer("safety", "safe", padding="x" * 5000)
    assert oversized.status_code == 400
    assert_has_quick_exit(oversized.content.decode(), "400")


@pytest.mark.django_db
def test_database_down_page_has_the_quick_exit(home, approach, monkeypatch):
    url = approach.url
    database_down(monkeypatch)
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 503
    assert_has_quick_exit(response.content.decode(), "503")


# --- The exit route ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_exit_link_leaves_for_the_neutral_site_and_clears_cookies_and_storage(patient, client):
    settings = PortalSettings.load()
    settings.quick_exit_url = "https://weather.example/today"
    settings.save()
    patient.start()
    assert QUIZ_COOKIE in client.cookies

    response = client.get("/exit/")
    assert response.status_code == 302
    assert response["Location"] == "https://weather.example/today"
    assert response["Clear-Site-Data"] == '"cookies", "storage"'
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert response.cookies[QUIZ_COOKIE]["max-age"] == 0
    assert client.get("/quiz/step/safety/").status_code == 410, "the quiz reference is gone"


@pytest.mark.django_db
def test_the_exit_link_works_when_the_database_is_down(home, monkeypatch, settings):
    database_down(monkeypatch)
    response = Client(raise_request_exception=False).get("/exit/")
    assert response.status_code == 302
    assert response["Location"] == settings.PORTAL_SAFETY_DEFAULTS["quick_exit_url"]
    assert response["Clear-Site-Data"] == '"cookies", "storage"'


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["http://weather.example/", "javascript:alert(1)", "/"])
def test_the_neutral_destination_must_be_an_https_address(home, address):
    settings = PortalSettings.load()
    settings.quick_exit_url = address
    with pytest.raises(ValidationError) as excinfo:
        settings.full_clean()
    assert "quick_exit_url" in excinfo.value.message_dict
    assert any("https://" in message for message in excinfo.value.message_dict["quick_exit_url"])


def test_the_default_destination_is_https():
    from django.conf import settings

    assert settings.PORTAL_SAFETY_DEFAULTS["quick_exit_url"].startswith("https://")


def test_the_exit_route_clears_the_quiz_cookie_by_its_real_name():
    from quiz.session import COOKIE_NAME

    assert QUIZ_COOKIE == COOKIE_NAME
