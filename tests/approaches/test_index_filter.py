"""Patients narrow the approaches index by concern; odd input gets a clear page, never an error."""

import pytest
from bs4 import BeautifulSoup

from approaches.factories import ApproachPageFactory


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [h.get_text(strip=True) for h in soup.select(".card__title")]


@pytest.fixture
def three_approaches(index, conditions, provider_types):
    anxiety, sleep, adhd = conditions
    return [
        ApproachPageFactory(parent=index, title="Anxiety skills", conditions=[anxiety]),
        ApproachPageFactory(parent=index, title="Sleep coaching", conditions=[sleep, anxiety]),
        ApproachPageFactory(parent=index, title="Focus coaching", conditions=[adhd], provider_types=provider_types),
    ]


@pytest.mark.django_db
def test_index_lists_every_live_approach(client, index, three_approaches):
    three_approaches[2].unpublish()
    response = client.get(index.url)
    assert titles(response) == ["Anxiety skills", "Sleep coaching"]


@pytest.mark.django_db
def test_filter_by_condition(client, index, three_approaches):
    response = client.get(index.url, {"condition": "severe-anxiety"})
    assert response.status_code == 200
    assert titles(response) == ["Anxiety skills", "Sleep coaching"]
    assert "Often helpful for Severe anxiety" in response.content.decode()

    assert titles(client.get(index.url, {"condition": "adhd"})) == ["Focus coaching"]


@pytest.mark.django_db
def test_filter_form_works_without_javascript(client, index, three_approaches):
    soup = BeautifulSoup(client.get(index.url, {"condition": "adhd"}).content, "html.parser")
    form = soup.find("form", class_="filter")
    assert form["method"] == "get"
    assert soup.find("label", attrs={"for": "condition"})
    assert soup.find("option", selected=True)["value"] == "adhd"


@pytest.mark.django_db
def test_unknown_condition_says_so_and_offers_the_full_list(client, index, three_approaches):
    response = client.get(index.url, {"condition": "no-such-concern"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "We don’t have a concern called “no-such-concern”" in html
    assert f'href="{index.url}"' in html
    assert titles(response) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"condition": "x" * 5000},
        {"condition": "<script>alert(1)</script>"},
        {"condition": "' OR 1=1 --"},
        {"condition": "\x00\x01"},
        {"condition": ["adhd", "severe-anxiety"]},
        {"page": "-1", "condition": ""},
        {"condition": "ADHD"},
    ],
)
def test_absurd_query_strings_never_cause_an_error(client, index, three_approaches, query):
    response = client.get(index.url, query)
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
    assert b"Get help now" in response.content


@pytest.mark.django_db
def test_home_page_browses_by_concern(client, home, index, three_approaches):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    links = {a.get_text(strip=True): a["href"] for a in soup.select("#by-concern ~ ul a")}
    assert links["ADHD"] == f"{index.url}?condition=adhd"
    assert "Sleep coaching" in [t.get_text(strip=True) for t in soup.select(".card__title")]


@pytest.mark.django_db
def test_pages_with_their_own_view_restriction_are_not_listed(client, home, index, three_approaches):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=three_approaches[0], restriction_type="password", password="x")
    assert "Anxiety skills" not in titles(client.get(index.url))
    assert "Anxiety skills" not in titles(client.get(home.url))
