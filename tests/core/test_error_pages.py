"""The 400, 403, 404 and 429 pages: rendered once per content generation and language, so a
flood of bad requests costs no template work and no database read of their own, while each
still shows the live crisis numbers and a language link to the visitor's own address."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.models import PortalSettings

SWITCH = re.compile(r'<a href="([^"]*)" hreflang="([a-z]+)"')


def switcher(response) -> dict[str, str]:
    return {code: url for url, code in SWITCH.findall(response.content.decode())}


def queries(client, path, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **extra)
    return response, [q["sql"] for q in captured.captured_queries]


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_each_404_links_to_its_own_address_in_the_other_language(home, crisis_page, client):
    client.get("/first-missing/")
    for path, other in [("/second-missing/", "es"), ("/es/tercera/", "en"), ("/a/b/c/", "es")]:
        response = client.get(path)
        assert response.status_code == 404
        expected = f"/es{path}" if other == "es" else path.removeprefix("/es")
        assert switcher(response) == {other: expected}


@pytest.mark.django_db
def test_an_address_with_markup_in_it_is_escaped_in_the_switcher(home, crisis_page, client):
    client.get("/warm-up/")
    response = client.get('/x/"><script>alert(1)</script>/')
    assert response.status_code == 404
    body = response.content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;" in body or "%3Cscript%3E" in body


@pytest.mark.django_db
def test_the_404_page_itself_reads_nothing_once_rendered(home, crisis_page, client):
    client.get("/warm-up/")
    response, sql = queries(client, "/another-missing/")
    assert response.status_code == 404
    # What is left is Wagtail's own look-up of the address (the locale, the page): nothing for
    # the header, crisis panel, wording or footer, and no redirect look-up when no redirect
    # starts there (core/delivery/redirects.py).
    assert not [q for q in sql if "core_portal" in q or "core_contentgeneration" in q], sql
    assert len(sql) <= 2, sql


@pytest.mark.django_db
def test_a_made_up_host_gets_the_400_page_without_touching_the_database(home, crisis_page, client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    client.get("/", HTTP_HOST="first.example")
    response, sql = queries(client, "/", HTTP_HOST="second.example")
    assert response.status_code == 400
    assert "988" in response.content.decode()
    assert sql == []


@pytest.mark.django_db
def test_a_forged_post_gets_the_403_page_with_at_most_one_read(home, crisis_page, quiz_page):
    forger = Client(enforce_csrf_checks=True, raise_request_exception=False)
    forger.post(quiz_page.start_url, HTTP_ORIGIN="https://elsewhere.example")
    with CaptureQueriesContext(connection) as captured:
        response = forger.post(quiz_page.start_url, HTTP_ORIGIN="https://elsewhere.example")
    assert response.status_code == 403
    assert "988" in response.content.decode()
    assert len(captured.captured_queries) <= 1


@pytest.mark.django_db
def test_a_new_crisis_number_is_on_the_next_error_page(home, crisis_page, client):
    assert "988" in client.get("/missing/").content.decode()
    settings = PortalSettings.load()
    settings.crisis_line_number = "555 0101"
    settings.save()  # moves the content generation, in every process
    from core.delivery.page_cache import local_pages

    local_pages.forget_generation()  # this process reads it again now rather than within 0.25 s
    body = client.get("/missing-again/").content.decode()
    assert "555 0101" in body


@pytest.mark.django_db
def test_the_spanish_404_is_in_spanish_and_the_english_one_in_english(home, crisis_page, client):
    english = client.get("/missing/").content.decode()
    spanish = client.get("/es/falta/").content.decode()
    assert '<html lang="en"' in english and "We can’t find that page" in english
    assert '<html lang="es"' in spanish and "We can’t find that page" not in spanish


@pytest.mark.django_db
def test_the_429_page_keeps_retry_after_and_the_crisis_panel(home, crisis_page, quiz_page, rf):
    from core.delivery.error_pages import too_many_requests

    first = too_many_requests(rf.get("/quiz/step/safety/"))
    again = too_many_requests(rf.get("/quiz/step/pace/"))
    for response in (first, again):
        assert response.status_code == 429 and response["Retry-After"] == "60"
        assert "988" in response.content.decode()
