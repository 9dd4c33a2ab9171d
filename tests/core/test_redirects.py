"""Redirects still work, and a 404 that no redirect covers costs no look-up for one
(core/delivery/redirects.py): a flood of made-up addresses is two queries each, not four."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.redirects.models import Redirect

from core.delivery.page_cache import local_pages


def get(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response, [q["sql"] for q in captured.captured_queries]


@pytest.mark.django_db
def test_a_404_no_redirect_covers_never_looks_one_up(home, crisis_page, client):
    client.get("/warm-up/?with=query")
    for path in ("/no-such-page/", "/no-such-page/?utm=1", "/caf%C3%A9/"):
        response, sql = get(client, path)
        assert response.status_code == 404, path
        assert not [q for q in sql if "wagtailredirects" in q], (path, sql)
        assert len(sql) <= 2, (path, sql)  # Wagtail's locale and the address's page, nothing more


@pytest.mark.django_db
def test_a_redirect_saved_works_at_once_with_or_without_a_query_string(home, crisis_page, client):
    assert client.get("/old-place/").status_code == 404  # the set of old paths is now kept
    redirect = Redirect.objects.create(old_path="/old-place", redirect_link="/get-help/", is_permanent=True)
    local_pages.generation_now()
    for path in ("/old-place/", "/old-place/?utm=1"):
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (301, "/get-help/"), path

    redirect.delete()
    assert client.get("/old-place/").status_code == 404


@pytest.mark.django_db
def test_a_site_specific_redirect_keeps_wagtails_precedence(home, crisis_page, client):
    from wagtail.models import Site

    Redirect.objects.create(old_path="/moved", redirect_link="/elsewhere/", is_permanent=False)
    Redirect.objects.create(old_path="/moved", redirect_link="/get-help/", site=Site.objects.get(is_default_site=True))
    response = client.get("/moved/")
    assert (response.status_code, response["Location"]) == (301, "/get-help/")


@pytest.mark.django_db
def test_a_moved_page_redirects_from_its_old_address(approach, home, crisis_page, client):
    # Wagtail writes these redirects in bulk (no signals), in the move's own transaction, which
    # also purges: the kept set of old paths is read again with them.
    from approaches.factories import ApproachIndexPageFactory

    old_url = approach.url
    assert client.get(old_url + "x/").status_code == 404  # the set of old paths is now kept
    approach.move(ApproachIndexPageFactory(parent=home, slug="more-approaches"), pos="last-child")
    local_pages.generation_now()
    assert Redirect.objects.filter(old_path=old_url.rstrip("/")).exists()
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"].endswith("/more-approaches/sleep-focused-therapy/")
