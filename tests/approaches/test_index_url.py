"""Links to the approach index follow the page tree, not a hard-coded address."""

import pytest
from bs4 import BeautifulSoup

from approaches.factories import ApproachIndexPageFactory


def browse_links(response):
    html = BeautifulSoup(response.content, "html.parser")
    return [a["href"] for a in html.select(".notice a") if "browse" in a.get_text().lower()]


@pytest.mark.django_db
def test_search_with_no_match_links_to_the_index_wherever_it_is(client, home):
    index = ApproachIndexPageFactory(parent=home, slug="treatments")

    assert browse_links(client.get("/search/", {"q": "zzqxv"})) == [index.url]


@pytest.mark.django_db
def test_search_offers_no_browse_link_without_a_live_index(client, home):
    index = ApproachIndexPageFactory(parent=home, slug="treatments")
    index.unpublish()

    assert browse_links(client.get("/search/", {"q": "zzqxv"})) == []
