"""Compare, the questions sheet, search, and what search engines and sharing see."""

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from approaches.factories import ApproachPageFactory, stream


@pytest.fixture
def trio(index, provider_types):
    return [
        ApproachPageFactory(
            parent=index,
            title=title,
            slug=slug,
            provider_types=provider_types[:1],
            questions=stream("question", [f"How does {title} start?", f"How long does {title} take?"]),
        )
        for title, slug in [("Alpha therapy", "alpha"), ("Beta therapy", "beta"), ("Gamma therapy", "gamma")]
    ]


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
def test_compare_two_side_by_side(client, trio, crisis_page):
    page = soup(client.get("/compare/", {"approach": ["alpha", "beta"]}))
    headers = [th.get_text(" ", strip=True) for th in page.select("table.compare thead th")]
    assert headers[0].startswith("Alpha therapy") and headers[1].startswith("Beta therapy")
    rows = [th.get_text() for th in page.select("table.compare tbody th")]
    assert rows == [
        "What it is",
        "Who provides it",
        "What sessions can look like",
        "Good fit if…",
        "Might not be the best fit if…",
        "Safety notes",
    ]
    assert "Psychiatrist" in page.select_one("table.compare").get_text()


@pytest.mark.django_db
def test_compare_by_id_and_slug_keeps_the_order_asked(client, trio):
    page = soup(client.get("/compare/", {"approach": [str(trio[2].pk), "alpha"]}))
    assert [th.a.get_text() for th in page.select("table.compare thead th")] == ["Gamma therapy", "Alpha therapy"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("chosen", "message", "columns"),
    [
        ([], "Choose two or three approaches to compare.", 0),
        (["alpha"], "Choose at least two approaches to compare.", 0),
        (["alpha", "nope"], "We couldn’t find one of the approaches you chose", 0),
        (["alpha", "beta", "gamma", "alpha"], "", 3),
        (["<script>", "../../etc/passwd", "alpha", "beta"], "We couldn’t find one", 2),
    ],
)
def test_compare_with_odd_choices_explains_itself(client, trio, chosen, message, columns):
    response = client.get("/compare/", {"approach": chosen})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert len(soup(response).select("table.compare thead th")) == columns
    assert "<script>" not in html.split("<main")[1]


@pytest.mark.django_db
def test_compare_works_without_javascript(client, trio):
    form = soup(client.get("/compare/")).select_one("form.compare-form")
    assert form["method"] == "get"
    assert {i["value"] for i in form.select("input[type=checkbox]")} == {"alpha", "beta", "gamma"}


@pytest.mark.django_db
def test_questions_sheet_from_ticked_questions_stores_nothing(client, trio):
    approach_page = soup(client.get(trio[0].url))
    picks = [i["value"] for i in approach_page.select("form.question-form input[name=q]")]
    assert len(picks) == 2
    with CaptureQueriesContext(connection) as queries:
        sheet = client.get("/questions/", {"q": [picks[1], "999:abc", "junk", f"{trio[1].pk}:nope"]})
    assert not [q for q in queries.captured_queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    text = soup(sheet).get_text(" ")
    assert "How long does Alpha therapy take?" in text
    assert "How does Alpha therapy start?" not in text
    assert "Beta therapy" not in text


@pytest.mark.django_db
def test_empty_questions_sheet_explains_how_to_fill_it(client, home):
    assert "No questions chosen yet." in client.get("/questions/").content.decode()


@pytest.mark.django_db
def test_search_finds_approaches_and_concerns(client, trio, conditions):
    page = soup(client.get("/search/", {"q": "Beta"}))
    assert "Beta therapy" in [a.get_text() for a in page.select(".search-results a")]
    concerns = soup(client.get("/search/", {"q": "anxiety"})).get_text()
    assert "Severe anxiety" in concerns


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "zzzqqq",
        "x" * 5000,
        "' OR 1=1 --",
        "\x00",
        "<b>bold</b>",
        '"',
        'a"b',
        "*",
        "NEAR(",
        "-",
        "()",
        "AND OR NOT",
        "\\",
        "%_",
    ],
)
def test_search_with_no_match_has_a_helpful_empty_state(client, trio, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<b>bold</b>" not in response.content.decode().split("<main")[1]
    if query == "zzzqqq":
        assert "Nothing matched “zzzqqq”" in response.content.decode()


@pytest.mark.django_db
def test_sitemap_and_robots(client, trio):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/approaches/alpha/" in sitemap
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots and "Sitemap: http://testserver/sitemap.xml" in robots


@pytest.mark.django_db
def test_approach_pages_carry_sharing_and_schema_org_data(client, trio):
    page = soup(client.get(trio[0].url))
    assert page.find("link", rel="canonical")["href"].endswith("/approaches/alpha/")
    assert page.find("meta", property="og:type")["content"] == "article"
    assert page.find("meta", property="og:description")["content"] == trio[0].summary
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "MedicalWebPage" and data["name"] == "Alpha therapy"
    assert "lastReviewed" not in data  # never reviewed, so never claimed


@pytest.mark.django_db
def test_approach_page_is_small_and_needs_no_javascript(client, trio):
    html = client.get(trio[0].url).content
    css_paths = re.findall(r'href="/static/([^"]+\.css)"', html.decode())
    scripts = BeautifulSoup(html, "html.parser").find_all("script")
    # The one script is the quick exit's Shift shortcut, deferred: the link works without it.
    code = [s for s in scripts if s.get("type") != "application/ld+json"]
    assert [(s["src"], s.has_attr("defer")) for s in code] == [("/static/js/quick-exit.js", True)]
    assets = [*css_paths, "js/quick-exit.js"]
    assert len(html) + sum(Path(finders.find(p)).stat().st_size for p in assets) <= 60 * 1024
    assert Path(finders.find("css/portal.css")).stat().st_size < 30 * 1024


@pytest.mark.django_db
def test_approach_image_is_responsive_lazy_and_described(client, index):
    from wagtail_factories import ImageFactory

    image = ImageFactory(width=1600, height=900, description="A quiet room with two chairs")
    page = ApproachPageFactory(parent=index, slug="with-image", image=image)
    html = soup(client.get(page.url))
    picture = html.find("picture")
    assert picture is not None
    assert any("webp" in (s.get("type") or "") for s in picture.find_all("source"))
    img = picture.find("img")
    assert img["alt"] == "A quiet room with two chairs"
    assert img["loading"] == "lazy" and "srcset" in img.attrs and img["sizes"]


@pytest.mark.django_db
def test_an_image_without_a_description_is_refused(index):
    from django.core.exceptions import ValidationError
    from wagtail_factories import ImageFactory

    page = ApproachPageFactory.build(image=ImageFactory(description=" "))
    with pytest.raises(ValidationError) as excinfo:
        page.clean()
    assert "This image has no description" in excinfo.value.message_dict["image"][0]
