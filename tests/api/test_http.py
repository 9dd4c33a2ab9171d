"""HTTP done properly: validators and 304s, caching headers nginx and the page cache respect,
CORS for GET only, and a change visible at once."""

import pytest
from django.utils.http import http_date

from tests.api.conftest import publish, reviewed_page

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/v1/approaches",
    "/api/v1/conditions",
    "/api/v1/provider-types",
    "/api/v1/get-help",
    "/api/v1/openapi.json",
]


def test_a_repeat_request_with_the_etag_is_a_304_without_a_body(client, index):
    page = reviewed_page(index)
    for path in [*PATHS, f"/api/v1/approaches/{page.pk}"]:
        first = client.get(path)
        assert first.status_code == 200 and first["ETag"], path
        again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again.content == b"", path
        assert again["ETag"] == first["ETag"]
        assert client.get(path, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_if_modified_since_is_a_304_until_the_page_changes(client, index):
    page = reviewed_page(index)
    path = f"/api/v1/approaches/{page.pk}"
    first = client.get(path)
    last_modified = first["Last-Modified"]
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    page.title = "A new title"
    publish(page)
    changed = client.get(path, HTTP_IF_MODIFIED_SINCE=http_date(page.last_published_at.timestamp() - 1))
    assert changed.status_code == 200 and changed.json()["name"] == "A new title"
    assert changed["ETag"] != first["ETag"]


def test_a_list_that_lost_a_page_is_not_reported_unmodified(client, index):
    kept = reviewed_page(index)
    gone = reviewed_page(index)
    first = client.get("/api/v1/approaches")
    gone.unpublish()
    assert client.get("/api/v1/approaches", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    assert [p["identifier"] for p in client.get("/api/v1/approaches").json()["results"]] == [kept.pk]


def test_caching_headers_keep_proxies_honest(client, index):
    reviewed_page(index)
    for path in PATHS:
        response = client.get(path)
        assert response["Cache-Control"] == "public, no-cache", path
        assert response["X-Accel-Expires"] == "0"  # nginx stores no copy: every request is counted
        assert "X-Page-Cache" not in response  # nor does the page cache
        assert not response.cookies


def test_cors_allows_get_from_anywhere_and_nothing_else(client):
    response = client.get("/api/v1/conditions", HTTP_ORIGIN="https://clinic.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/conditions",
        HTTP_ORIGIN="https://clinic.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/v1/conditions")
        assert response.status_code == 405, method
        assert response.json()["error"]["code"] == "method_not_allowed"
        assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_head_gives_the_headers_without_the_body(client):
    response = client.head("/api/v1/conditions")
    assert response.status_code == 200 and response.content == b"" and response["ETag"]


def test_unpublishing_removes_the_page_from_the_api_at_once_in_this_process(client, index):
    page = reviewed_page(index)
    assert client.get(f"/api/v1/approaches/{page.pk}").status_code == 200
    page.unpublish()
    assert client.get(f"/api/v1/approaches/{page.pk}").status_code == 404
    assert client.get("/api/v1/approaches").json()["results"] == []


def test_making_a_page_private_removes_it_from_the_api_at_once(client, index):
    from wagtail.models import PageViewRestriction

    page = reviewed_page(index)
    assert client.get(f"/api/v1/approaches/{page.pk}").status_code == 200
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="secret-1")
    assert client.get(f"/api/v1/approaches/{page.pk}").status_code == 404
