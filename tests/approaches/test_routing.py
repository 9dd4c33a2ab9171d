"""The home page finds pages in one lookup; the result must match Wagtail's usual walk."""

import pytest

from approaches.factories import StandardPageFactory

# These tests read `response.context` (see `template_context` in tests/conftest.py).
pytestmark = pytest.mark.usefixtures("template_context")


@pytest.mark.django_db
def test_nested_pages_are_served(client, home):
    about = StandardPageFactory(parent=home, slug="about", title="About")
    team = StandardPageFactory(parent=about, slug="team", title="Our team")
    assert client.get("/about/").status_code == 200
    response = client.get("/about/team/")
    assert response.status_code == 200
    assert response.context["page"] == team


@pytest.mark.django_db
def test_unknown_and_unpublished_pages_are_not_found(client, home, approach):
    assert client.get("/approaches/unknown/").status_code == 404
    assert client.get(f"{approach.url}extra/").status_code == 404
    assert client.get("/unknown/deeper/path/").status_code == 404
    approach.unpublish()
    assert client.get(approach.url).status_code == 404


@pytest.mark.django_db
def test_children_of_an_unpublished_page_are_still_served_as_in_wagtail(client, home):
    section = StandardPageFactory(parent=home, slug="section", title="Section")
    StandardPageFactory(parent=section, slug="child", title="Child")
    section.unpublish()
    assert client.get("/section/").status_code == 404
    assert client.get("/section/child/").status_code == 200


@pytest.mark.django_db
def test_same_slug_in_another_branch_does_not_confuse_routing(client, home, index):
    other = StandardPageFactory(parent=home, slug="library", title="Library")
    StandardPageFactory(parent=other, slug="approaches", title="Not the index")
    assert client.get("/approaches/").context["page"] == index
    assert client.get("/library/approaches/").context["page"].title == "Not the index"
