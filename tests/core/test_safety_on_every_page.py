"""Crisis help and the disclaimer are on every page, come from settings, and survive errors."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client, RequestFactory

from approaches.factories import StandardPageFactory
from core.delivery.views import server_error
from core.models import PortalSettings
from tests.support import database_down, publish_wording


@pytest.fixture
def every_page(home, index, approach, crisis_page):
    info = StandardPageFactory(parent=home, title="About", slug="about")
    return {"home": home.url, "index": index.url, "approach": approach.url, "standard": info.url, "404": "/nope/"}


def get_help_link(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select_one("header a.get-help")


@pytest.mark.django_db
def test_every_page_type_links_to_the_crisis_page_and_shows_the_disclaimer(client, every_page, crisis_page):
    for name, url in every_page.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "404" else 200), name
        link = get_help_link(response)
        assert link is not None and link.get_text(strip=True) == "Get help now", name
        assert link["href"] == crisis_page.url, name
        footer = BeautifulSoup(response.content, "html.parser").find("footer")
        assert "Educational only. Not medical advice." in footer.get_text(), name
        assert 'href="tel:988"' in str(footer), name


@pytest.mark.django_db
def test_a_settings_change_shows_on_every_page(client, every_page):
    settings = PortalSettings.load()
    settings.crisis_line_number = "0800 123 456"
    settings.save()
    publish_wording(disclaimer="For learning only. In an emergency call 112.", crisis_line_name="Test Crisis Line")

    for name, url in every_page.items():
        html = client.get(url).content.decode()
        assert "For learning only. In an emergency call 112." in html, name
        assert "Test Crisis Line" in html, name
        assert 'href="tel:0800123456"' in html, name


@pytest.mark.django_db
def test_the_crisis_link_survives_the_crisis_page_being_unpublished(client, home, crisis_page):
    crisis_page.unpublish()
    assert get_help_link(client.get("/"))["href"] == "/get-help/"


@pytest.mark.django_db
def test_not_found_page_shows_the_numbers_not_just_a_link(client, home):
    response = client.get("/approaches/does-not-exist/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We can’t find that page" in html
    assert 'href="tel:911"' in html and 'href="tel:988"' in html


def test_server_error_page_needs_no_database(django_db_blocker):
    # With database access blocked, any query would raise instead of rendering.
    with django_db_blocker.block():
        response = server_error(RequestFactory().get("/approaches/anything/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, something went wrong" in html
    assert 'class="get-help" href="/get-help/"' in html
    assert 'href="tel:911"' in html and 'href="tel:988"' in html
    assert "Educational only. Not medical advice." in html


@pytest.mark.django_db
def test_an_unexpected_error_serves_the_500_page(home, approach, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(type(approach), "get_context", explode)
    response = Client(raise_request_exception=False).get(approach.url)
    assert response.status_code == 500
    assert b"Get help now" in response.content
    assert b"tel:988" in response.content


@pytest.mark.django_db
def test_phone_numbers_must_be_diallable(admin_client, home):
    from django.core.exceptions import ValidationError

    settings = PortalSettings.load()
    settings.emergency_number = "call us"
    with pytest.raises(ValidationError) as excinfo:
        settings.full_clean()
    assert "emergency_number" in excinfo.value.message_dict


@pytest.mark.django_db
def test_database_down_gives_a_503_with_the_crisis_numbers(home, approach, monkeypatch):
    url = approach.url
    database_down(monkeypatch)
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "We’ll be back shortly" in html
    assert 'href="tel:911"' in html and 'href="tel:988"' in html
    assert 'class="get-help"' in html
