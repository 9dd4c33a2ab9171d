"""Filters, ordering and cursor pagination; malformed parameters are 400s that say what was wrong."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.api.conftest import publish, reviewed_page, spanish_twin

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["identifier"] for item in response.json()["results"]]


def test_filter_by_condition_and_provider_type(client, index, conditions, provider_types):
    anxiety = reviewed_page(index, conditions=conditions[:1], provider_types=provider_types[:1])
    sleep = reviewed_page(index, conditions=conditions[1:2], provider_types=provider_types[1:])
    assert ids(client.get("/api/v1/approaches", {"condition": "severe-anxiety"})) == [anxiety.pk]
    assert ids(client.get("/api/v1/approaches", {"condition": "sleep-disruption"})) == [sleep.pk]
    assert ids(client.get("/api/v1/approaches", {"condition": "no-such-concern"})) == []
    key = str(provider_types[1].translation_key)
    assert ids(client.get("/api/v1/approaches", {"provider_type": key})) == [sleep.pk]


def test_language_filter(client, index):
    english = reviewed_page(index, slug="sleep-therapy")
    twin = spanish_twin(english, title="Terapia del sueño", slug="terapia-del-sueno")
    assert ids(client.get("/api/v1/approaches")) == [english.pk]
    assert ids(client.get("/api/v1/approaches", {"lang": "es"})) == [twin.pk]


def test_ordering_by_last_review_both_ways(client, index):
    old = reviewed_page(index, days_ago=30)
    new = reviewed_page(index, days_ago=2)
    middle = reviewed_page(index, days_ago=10)
    assert ids(client.get("/api/v1/approaches")) == [new.pk, middle.pk, old.pk]
    assert ids(client.get("/api/v1/approaches", {"ordering": "last_reviewed"})) == [old.pk, middle.pk, new.pk]


def test_changed_since_finds_pages_published_or_reviewed_since(client, index):
    old = reviewed_page(index, days_ago=30)
    from approaches.models import ApproachPage

    ApproachPage.objects.filter(pk=old.pk).update(last_published_at=timezone.now() - timedelta(days=30))
    recent = reviewed_page(index, days_ago=1)
    since = (timezone.now() - timedelta(days=5)).date().isoformat()
    assert ids(client.get("/api/v1/approaches", {"changed_since": since})) == [recent.pk]
    moment = (timezone.now() - timedelta(days=40)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert set(ids(client.get("/api/v1/approaches", {"changed_since": moment}))) == {old.pk, recent.pk}


@pytest.mark.parametrize(
    "parameter, value",
    [
        ("changed_since", "yesterday"),
        ("changed_since", "2026-13-45"),
        ("changed_since", "12/01/2026"),
        ("changed_since", ""),
        ("lang", "fr"),
        ("ordering", "title"),
        ("limit", "0"),
        ("limit", "51"),
        ("limit", "ten"),
        ("cursor", "not-a-cursor"),
        ("condition", "Severe Anxiety!"),
        ("condition", ""),  # found by Schemathesis: an empty filter had meant "every page"
        ("provider_type", "psychiatrist"),
        ("provider_type", ""),
    ],
)
def test_a_malformed_parameter_is_a_400_naming_it(client, parameter, value):
    response = client.get("/api/v1/approaches", {parameter: value})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["parameter"] == parameter and error["code"] == "invalid_parameter" and error["message"]


def test_lang_is_checked_on_every_list(client):
    for path in ["/api/v1/conditions", "/api/v1/provider-types", "/api/v1/get-help"]:
        assert client.get(path, {"lang": "xx"}).status_code == 400, path


def test_cursor_pages_stay_stable_when_pages_are_added_meanwhile(client, index):
    pages = [reviewed_page(index, days_ago=days) for days in (5, 4, 3, 2, 1)]
    first = client.get("/api/v1/approaches", {"limit": 2}).json()
    assert [p["identifier"] for p in first["results"]] == [pages[4].pk, pages[3].pk]
    reviewed_page(index, days_ago=0.5)  # newer than everything: it goes in front, not in the middle
    second = client.get(first["next"]).json()
    assert [p["identifier"] for p in second["results"]] == [pages[2].pk, pages[1].pk]
    third = client.get(second["next"]).json()
    assert [p["identifier"] for p in third["results"]] == [pages[0].pk]
    assert third["next"] is None


def test_pages_reviewed_at_the_same_moment_are_neither_repeated_nor_skipped(client, index):
    from governance.models import PageReview

    pages = [reviewed_page(index) for _ in range(5)]
    PageReview.objects.update(reviewed_at=timezone.now() - timedelta(days=1))
    seen, url = [], "/api/v1/approaches?limit=2"
    while url:
        body = client.get(url).json()
        seen += [p["identifier"] for p in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(p.pk for p in pages) and len(seen) == 5


def test_a_cursor_from_one_ordering_is_refused_in_the_other(client, index):
    for days in (3, 2, 1):
        reviewed_page(index, days_ago=days)
    cursor = client.get("/api/v1/approaches", {"limit": 1}).json()["next"].split("cursor=")[1]
    from urllib.parse import unquote

    response = client.get("/api/v1/approaches", {"cursor": unquote(cursor), "ordering": "last_reviewed"})
    assert response.status_code == 400 and response.json()["error"]["parameter"] == "cursor"


def test_unknown_identifiers_are_json_404s(client):
    for path in ["/api/v1/approaches/999999", "/api/v1/approaches/abc", "/api/v1/nothing-here", "/api/v1/approaches/"]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "not_found"


def test_republishing_keeps_a_page_listed_once(client, index):
    page = reviewed_page(index)
    publish(page)
    assert ids(client.get("/api/v1/approaches")) == [page.pk]
