"""Small things patients notice: titles, capitalisation, US dates, the questions sheet, crisis links."""

from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup

from approaches.factories import ApproachPageFactory, ConditionFactory, StandardPageFactory, stream
from governance.reviews import record_review


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
def test_the_home_page_title_names_the_site_once(client, home, approach):
    home.title = "Steady Path"
    home.save_revision().publish()
    assert soup(client.get(home.url)).title.get_text() == "Steady Path"
    assert soup(client.get(approach.url)).title.get_text() == f"{approach.title} · Steady Path"


@pytest.mark.django_db
def test_a_concern_heading_keeps_the_editors_capitals(client, index):
    trauma = ConditionFactory(name="Trauma and PTSD", slug="trauma-ptsd")
    ApproachPageFactory(parent=index, title="Trauma therapy", conditions=[trauma])
    headings = [h.get_text() for h in soup(client.get(index.url, {"condition": "trauma-ptsd"})).find_all("h2")]
    assert "Often helpful for Trauma and PTSD" in headings


@pytest.mark.django_db
def test_review_dates_are_written_the_us_way(client, approach):
    record_review(page=approach, user=None, when=datetime(2026, 11, 28, 15, tzinfo=UTC))
    notice = soup(client.get(approach.url)).select_one(".review-notice").get_text(" ", strip=True)
    assert "November 28, 2026" in notice
    assert "28 November" not in notice


@pytest.mark.django_db
def test_the_questions_sheet_has_one_disclaimer_and_a_print_button(client, index):
    page = ApproachPageFactory(parent=index, questions=stream("question", ["What happens first?"]))
    block_id = page.questions[0].id
    sheet = soup(client.get("/questions/", {"q": f"{page.pk}:{block_id}"}))
    assert "What happens first?" in sheet.get_text()
    assert sheet.get_text().count("Educational only. Not medical advice.") == 1
    button = sheet.select_one("button[data-print]")
    assert button is not None and button.get_text(strip=True) == "Print this sheet"
    assert button.has_attr("hidden"), "shown by the script only, as it needs JavaScript to print"
    assert sheet.select_one("script[src='/static/js/print.js'][defer]")


@pytest.mark.django_db
def test_findahelpline_is_a_link_wherever_the_crisis_numbers_show(client, home, crisis_page):
    crisis_page.body = stream("crisis_resources", [{"intro": "Help is here."}])
    crisis_page.save_revision().publish()
    for url in (crisis_page.url, "/no-such-page/"):
        html = BeautifulSoup(client.get(url).content, "html.parser")
        helpline = html.select_one(".crisis-resources a[href='https://findahelpline.com']")
        assert helpline is not None and helpline.get_text() == "findahelpline.com", url


@pytest.mark.django_db
def test_addresses_in_settings_text_are_escaped_before_they_are_linked(home):
    from core.templatetags.portal_tags import https_links

    html = str(https_links("<b>x</b> see example.org/help. Or mail me@example.com"))
    assert "&lt;b&gt;" in html
    assert '<a href="https://example.org/help">example.org/help</a>.' in html
    assert "mail me@example.com" in html


@pytest.mark.django_db
def test_standard_pages_keep_their_own_title(client, home):
    page = StandardPageFactory(parent=home, title="About us", slug="about-us")
    assert soup(client.get(page.url)).title.get_text() == "About us · Steady Path"
