"""Only live, public, reviewed content reaches partners: each kind that is not is tested here."""

import pytest
from wagtail.models import PageViewRestriction

from approaches.factories import ApproachPageFactory, ConditionFactory
from tests.api.conftest import publish, review, reviewed_page, spanish_twin

pytestmark = pytest.mark.django_db


def listed(client, lang="en") -> set[int]:
    response = client.get("/api/v1/approaches", {"lang": lang})
    assert response.status_code == 200
    return {item["identifier"] for item in response.json()["results"]}


def detail_status(client, page) -> int:
    return client.get(f"/api/v1/approaches/{page.pk}").status_code


def test_a_live_reviewed_page_is_listed_and_fetched(client, index):
    page = reviewed_page(index)
    assert listed(client) == {page.pk}
    assert detail_status(client, page) == 200


def test_a_draft_never_published_is_not_in_the_api(client, index):
    draft = ApproachPageFactory(parent=index, live=False)
    draft.save_revision()
    review(draft)  # even with a review stamp on it
    assert listed(client) == set()
    assert detail_status(client, draft) == 404


def test_an_unpublished_page_is_not_in_the_api(client, index):
    page = reviewed_page(index)
    page.unpublish()
    assert listed(client) == set()
    assert detail_status(client, page) == 404


def test_a_live_page_with_a_pending_draft_shows_its_live_version_only(client, index):
    page = reviewed_page(index, title="Live title")
    page.title = "Draft title"
    page.save_revision()
    body = client.get(f"/api/v1/approaches/{page.pk}").json()
    assert body["name"] == "Live title"


def test_a_private_page_and_a_page_under_a_private_one_are_not_in_the_api(client, index):
    own = reviewed_page(index)
    under = reviewed_page(index)
    PageViewRestriction.objects.create(page=own, restriction_type="password", password="secret-1")
    assert listed(client) == {under.pk}
    PageViewRestriction.objects.create(page=index, restriction_type="login")
    assert listed(client) == set()
    assert detail_status(client, under) == 404


def test_a_page_never_reviewed_is_not_in_the_api(client, index):
    page = publish(ApproachPageFactory(parent=index))
    assert listed(client) == set()
    assert detail_status(client, page) == 404


def test_an_unreviewed_spanish_translation_is_not_in_the_api(client, index):
    english = reviewed_page(index, title="Sleep therapy", slug="sleep-therapy")
    twin = spanish_twin(english, title="Terapia del sueño", slug="terapia-del-sueno", reviewed=False)
    assert listed(client, "es") == set()
    assert detail_status(client, twin) == 404
    # The English page names no alternate the API would not give.
    assert client.get(f"/api/v1/approaches/{english.pk}").json()["alternates"] == []


def test_a_spanish_translation_changed_since_its_review_is_not_in_the_api(client, index):
    english = reviewed_page(index, slug="sleep-therapy")
    twin = spanish_twin(english, title="Terapia del sueño", slug="terapia-del-sueno")
    assert listed(client, "es") == {twin.pk}
    twin.title = "Terapia del sueño (cambiada)"
    publish(twin)  # published around the review: its live version is not the one reviewed
    assert listed(client, "es") == set()


def test_an_english_page_changed_since_its_review_says_so_as_the_page_does(client, index):
    page = reviewed_page(index, title="Family therapy")
    page.title = "Family therapy, edited"
    publish(page)
    body = client.get(f"/api/v1/approaches/{page.pk}").json()
    assert body["review"]["changedSinceLastReview"] is True
    assert body["review"]["state"] == "changed"
    assert body["lastReviewed"] is None  # as the page's own structured data leaves it out
    assert body["review"]["notice"].startswith("Changed since last review.")
    html = client.get(page.url).content.decode()
    assert "Changed since last review." in html


def test_draft_conditions_are_left_out_of_a_page_and_the_condition_list(client, index):
    live = ConditionFactory(name="Low mood", slug="low-mood")
    draft = ConditionFactory(name="Not yet", slug="not-yet", live=False)
    page = reviewed_page(index, conditions=[live, draft])
    body = client.get(f"/api/v1/approaches/{page.pk}").json()
    assert [c["identifier"] for c in body["about"]] == ["low-mood"]
    assert [c["identifier"] for c in client.get("/api/v1/conditions").json()["results"]] == ["low-mood"]
    assert client.get("/api/v1/approaches", {"condition": "not-yet"}).json()["results"] == []
