"""The "not now" option and the Sources list: contracts the quiz and the API rely on."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.models import Locale

from approaches import selectors
from approaches.evidence import icon_array, link_markers, markers_in, strip_markers
from approaches.factories import ApproachIndexPageFactory, ApproachPageFactory, stream
from tests.support import make_home

NG222 = {
    "citation": "Depression in adults: treatment and management",
    "publisher": "NICE",
    "year": 2022,
    "url": "https://www.nice.org.uk/guidance/ng222",
    "guideline_id": "NICE NG222",
}


def soup(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_selector_ignores_a_draft_and_does_not_go_by_slug(db):
    home = make_home()
    index = ApproachIndexPageFactory(parent=home)
    ApproachPageFactory(parent=index, slug="start-on-my-own")  # the slug alone is not the mark
    assert selectors.not_now_page(locale="en") is None
    marked = ApproachPageFactory(parent=index, slug="wait-and-see", is_not_now_option=True)
    assert selectors.not_now_page(locale="en") == marked
    marked.unpublish()
    assert selectors.not_now_page(locale="en") is None


def test_a_second_not_now_page_in_the_same_language_is_refused(db):
    index = ApproachIndexPageFactory(parent=make_home())
    ApproachPageFactory(parent=index, is_not_now_option=True, title="Wait and see")
    second = ApproachPageFactory.build(is_not_now_option=True, locale=Locale.get_default())
    with pytest.raises(ValidationError) as error:
        second.clean()
    assert "Wait and see" in str(error.value.message_dict["is_not_now_option"])


# --- Sources and markers ---------------------------------------------------------------------


def test_markers_become_links_to_the_numbered_sources(client, db):
    index = ApproachIndexPageFactory(parent=make_home())
    page = ApproachPageFactory(
        parent=index,
        good_fit_items=stream("point", ["You want skills <b>now</b> [1]"]),
        sources=stream("source", [NG222]),
    )
    html = soup(client, page.url)
    marker = html.select_one("[aria-labelledby=good-fit] sup.footnote a")
    assert marker["href"] == "#source-1" and marker.get_text() == "[1]"
    assert "<b>" not in str(html.select_one("[aria-labelledby=good-fit]"))  # the text around the marker is escaped
    source = html.find(id="source-1")
    assert "NICE NG222" in source.get_text() and "2022" in source.get_text()
    assert source.find("a")["href"] == NG222["url"]


def test_a_marker_without_its_source_is_refused_with_a_message(db):
    page = ApproachPageFactory.build(good_fit_items=stream("point", ["Skills [2]"]), sources=stream("source", [NG222]))
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "[2]" in str(error.value.message_dict["sources"])


def test_an_outcome_must_name_a_source_the_page_has(db):
    outcome = {
        **{"people": 40, "outcome": "feel better", "timeframe": "within 8 weeks", "comparison_people": None},
        **{"comparison": "people who wait", "certainty": "low", "source": 3, "sample_figures": True},
    }
    page = ApproachPageFactory.build(outcomes=stream("outcome", [outcome]), sources=stream("source", [NG222]))
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "source 3" in str(error.value.message_dict["outcomes"])


def test_marker_helpers():
    assert markers_in("a [1] b [12] c [x]") == [1, 12]
    assert strip_markers("Skills now [1].") == "Skills now."
    assert 'href="#source-3"' in link_markers("x [3]") and "&lt;i&gt;" in link_markers("<i> [3]")
    icons = icon_array(37)
    assert len(icons) == 100 and sum(i.filled for i in icons) == 37 and icons[36].filled and not icons[37].filled
