"""The anonymous page cache: what it stores, what purges it, and that it fails open."""

import shutil
import subprocess
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from approaches.factories import ApproachPageFactory
from bench.serve import free_port
from core.delivery.page_cache import STATUS_HEADER
from core.models import PortalSettings
from portal.settings.base import redis_cache


@pytest.fixture(autouse=True)
def _site_settings(db):
    # The first request of a new site creates its settings row, and saving settings purges.
    PortalSettings.load()


def fetch(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


@pytest.mark.django_db
def test_second_anonymous_view_is_served_from_the_cache_without_queries(client, approach):
    first, _ = fetch(client, approach.url)
    second, queries = fetch(client, approach.url)

    assert first[STATUS_HEADER] == "miss"
    assert second[STATUS_HEADER] == "hit"
    assert queries == 0
    assert second.content == first.content
    assert second["Cache-Control"] == first["Cache-Control"]
    cache_control = set(second["Cache-Control"].split(", "))
    assert cache_control == {"public", "max-age=60", "s-maxage=300"}
    # The cached copy carries the same security headers as a fresh render.
    for header in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options", "Vary"):
        assert second[header] == first[header], header
    assert "Cookie" in second["Vary"]


@pytest.mark.django_db
def test_head_requests_share_the_cached_page_without_a_body(client, approach):
    client.get(approach.url)
    response = client.head(approach.url)
    assert response[STATUS_HEADER] == "hit"
    assert response.content == b""


@pytest.mark.django_db
def test_publishing_a_change_purges_the_page_and_the_listings_that_show_it(client, index, approach):
    client.get(approach.url)
    client.get(index.url)

    approach.title = "Talking therapy, renamed"
    approach.save_revision().publish()

    page, _ = fetch(client, approach.url)
    listing, _ = fetch(client, index.url)
    assert page[STATUS_HEADER] == "miss" and b"Talking therapy, renamed" in page.content
    assert listing[STATUS_HEADER] == "miss" and b"Talking therapy, renamed" in listing.content


@pytest.mark.django_db
def test_unpublishing_purges_the_page(client, approach):
    assert client.get(approach.url).status_code == 200
    url = approach.url
    approach.unpublish()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_moving_a_page_purges_its_old_address(client, home, index, approach):
    old_url = approach.url
    assert client.get(old_url).status_code == 200
    approach.move(home, pos="last-child")
    approach.refresh_from_db()

    # Wagtail leaves a permanent redirect behind; the cached page must not shadow it.
    moved = client.get(old_url)
    assert (moved.status_code, moved["Location"]) == (301, approach.url)
    assert client.get(approach.url).status_code == 200


@pytest.mark.django_db
def test_a_new_crisis_number_reaches_cached_pages_at_once(client, approach, crisis_page):
    assert b"988" in client.get(approach.url).content
    portal = PortalSettings.load()
    portal.crisis_line_number = "0800 555 0100"
    portal.save()

    response = client.get(approach.url)
    assert response[STATUS_HEADER] == "miss"
    assert b"0800 555 0100" in response.content


@pytest.mark.django_db
def test_editors_with_a_session_never_get_or_fill_the_cache(client, admin_client, approach):
    editor_view = admin_client.get(approach.url)
    assert STATUS_HEADER not in editor_view
    assert "private" in editor_view["Cache-Control"]

    assert client.get(approach.url)[STATUS_HEADER] == "miss"
    assert STATUS_HEADER not in admin_client.get(approach.url)


@pytest.mark.django_db
def test_query_strings_are_rendered_fresh_and_not_stored(client, approach):
    assert STATUS_HEADER not in client.get(approach.url + "?utm_source=clinic")
    assert client.get(approach.url)[STATUS_HEADER] == "miss"


@pytest.mark.django_db
def test_quiz_pages_are_never_cached(patient, client, quiz_page):
    for _ in range(2):
        start = client.get(quiz_page.url)
        assert STATUS_HEADER not in start
        assert "no-store" in start["Cache-Control"]
    patient.start()
    step = client.get("/quiz/step/concern/")
    assert STATUS_HEADER not in step
    assert "no-store" in step["Cache-Control"]


@pytest.mark.django_db
def test_error_pages_and_other_views_are_not_stored(client, approach):
    for url in ["/nope/", "/compare/", "/search/", "/healthz"]:
        client.get(url)
        assert STATUS_HEADER not in client.get(url), url


@pytest.mark.django_db
def test_switching_the_cache_off_renders_every_time(client, approach, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get(approach.url)
    response, queries = fetch(client, approach.url)
    assert STATUS_HEADER not in response and queries > 0


def _walk_the_site(client, patient, approach, index, home):
    """A patient's visit: pages twice (so the cache would be used), the quiz, the admin login."""
    for url in [home.url, index.url, approach.url, approach.url]:
        assert client.get(url).status_code == 200, url
    health = client.get("/healthz")
    assert (health.status_code, health.content) == (200, b"degraded\n")
    assert patient.start().status_code == 302
    assert patient.answer("safety", "safe").status_code == 302
    assert patient.answer("concern", "low").status_code == 302
    assert client.get("/admin/login/").status_code == 200


@pytest.mark.django_db
def test_the_site_serves_when_redis_cannot_be_reached(client, patient, approach, index, home, caplog):
    dead = redis_cache(f"redis://127.0.0.1:{free_port()}/0", prefix="dead")
    with override_settings(CACHES={"default": dead}):
        _walk_the_site(client, patient, approach, index, home)
        assert cache.get("anything") is None
    assert "Cache unavailable (ConnectionError)" in caplog.text


@pytest.mark.django_db
@pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server is not installed")
def test_the_site_keeps_serving_when_a_real_redis_dies_mid_visit(client, patient, approach, index, home, tmp_path):
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        with override_settings(CACHES={"default": redis_cache(f"redis://127.0.0.1:{port}/0", prefix="t")}):
            for _ in range(50):
                cache.set("ready", 1)
                if cache.get("ready"):
                    break
                time.sleep(0.1)
            assert client.get(approach.url)[STATUS_HEADER] == "miss"
            assert client.get(approach.url)[STATUS_HEADER] == "hit"

            server.kill()
            server.wait()

            _walk_the_site(client, patient, approach, index, home)
    finally:
        server.kill()
        server.wait()


@pytest.mark.django_db
def test_pages_added_without_publishing_do_not_leak_into_a_stale_listing(client, index, approach):
    client.get(index.url)
    new = ApproachPageFactory(parent=index, title="Brand new approach", live=False)
    new.save_revision().publish()
    assert b"Brand new approach" in client.get(index.url).content


def _bump_from_another_process():
    """What another app server's purge looks like from here: the database row moves, nothing else."""
    from django.db.models import F

    from core.models import ContentGeneration

    ContentGeneration.objects.get_or_create(pk=1)
    ContentGeneration.objects.filter(pk=1).update(counter=F("counter") + 1)


@pytest.mark.django_db
def test_other_app_servers_see_a_purge_within_the_generation_check(client, approach, settings):
    settings.PAGE_CACHE_GENERATION_CHECK = 60
    client.get(approach.url)
    _bump_from_another_process()
    assert client.get(approach.url)[STATUS_HEADER] == "hit"  # this process has not looked yet

    settings.PAGE_CACHE_GENERATION_CHECK = 0
    assert client.get(approach.url)[STATUS_HEADER] == "miss"
    assert client.get(approach.url)[STATUS_HEADER] == "hit"


@pytest.mark.django_db
def test_a_purge_is_part_of_the_transaction_that_caused_it(client, approach, settings):
    from django.db import transaction

    from core.delivery.page_cache import purge, read_generation

    before = read_generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        purge()
        assert read_generation() == before + 1
        raise RuntimeError("the edit failed")
    assert read_generation() == before


@pytest.mark.django_db
def test_stored_pages_and_memos_are_bounded(client, index, settings):
    from core.delivery.page_cache import local_pages

    settings.PAGE_CACHE_LOCAL_PAGES = 2
    pages = [ApproachPageFactory(parent=index) for _ in range(3)]
    for page in pages:
        assert client.get(page.url)[STATUS_HEADER] == "miss"
    assert len(local_pages.pages) == 2
    assert client.get(pages[0].url)[STATUS_HEADER] == "miss"  # the oldest made room
    assert client.get(pages[2].url)[STATUS_HEADER] == "hit"

    settings.PAGE_CACHE_LOCAL_MEMOS = 3
    for n in range(10):
        local_pages.memo(("test", n), lambda n=n: n)
    assert len(local_pages.memos) == 3


@pytest.mark.parametrize(
    "confirmed_at, now, expected",
    [
        (1000.30, 1000.90, "@1000"),  # kept to the end of the second the content was confirmed in
        (1000.30, 1001.10, "0"),  # rendered across a second boundary: nginx must not keep it
        (1000.02, 1000.50, "0"),  # within the clock margin of the boundary: not kept
    ],
)
def test_a_proxy_may_keep_a_page_only_until_the_second_ends(confirmed_at, now, expected, monkeypatch):
    from core.delivery.page_cache import LocalPages

    pages = LocalPages()
    pages.read_wall = confirmed_at
    monkeypatch.setattr("core.delivery.page_cache.time.time", lambda: now)
    # nginx reuses a copy while its clock shows at most that second, so until `second + 1`:
    # never a second past the moment the content was last known to be current.
    assert pages.proxy_expires() == expected


@pytest.mark.django_db
def test_a_reading_from_an_ended_second_is_confirmed_again_before_a_proxy_is_told(
    monkeypatch, django_assert_num_queries
):
    from core.delivery.page_cache import LocalPages, read_generation

    pages = LocalPages()
    current = pages.generation_now()
    clock = {"now": 2000.50}
    monkeypatch.setattr("core.delivery.page_cache.time.time", lambda: clock["now"])
    pages.read_wall = 1999.60  # the last reading was in the second before
    with django_assert_num_queries(0):
        assert pages.proxy_expires(current) == "0", "no proxy asked: nothing keeps the copy, no query"
    with django_assert_num_queries(1):
        assert pages.proxy_expires(current, confirm=True) == "@2000", "confirmed now: kept to the end of this second"
    with django_assert_num_queries(0):
        assert pages.proxy_expires(current, confirm=True) == "@2000", "once a second, not once a request"

    pages.read_wall = 1999.60
    with django_assert_num_queries(1):
        assert pages.proxy_expires(current - 1, confirm=True) == "0", "a page of an older generation is never kept"

    clock["now"] = 2001.01
    with django_assert_num_queries(0):
        assert pages.proxy_expires(current, confirm=True) == "0", "inside the clock margin no reading could be kept"
    assert read_generation() == current


@pytest.mark.django_db
def test_stored_pages_tell_the_proxy_how_long_they_may_be_kept(client, approach):
    from core.delivery.page_cache import PROXY_EXPIRES_HEADER

    miss, hit = client.get(approach.url), client.get(approach.url)
    for response in (miss, hit):
        value = response[PROXY_EXPIRES_HEADER]
        assert value == "0" or int(value.removeprefix("@")) <= time.time()
    assert PROXY_EXPIRES_HEADER not in client.get("/quiz/")


class RecordingCDN:
    """Stands in for a CDN's purge API (none runs here): records the URLs it is told to drop."""

    purged: list[str] = []

    def __init__(self, params):
        self.hostnames = ["*"]

    def invalidates_hostname(self, hostname) -> bool:
        return True

    def purge_batch(self, urls) -> None:
        RecordingCDN.purged.extend(urls)


@pytest.mark.django_db
def test_a_configured_cdn_is_told_to_drop_every_live_page_once_settings_change_commits(
    settings, home, index, approach, crisis_page, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {"default": {"BACKEND": "tests.core.test_page_cache.RecordingCDN"}}
    RecordingCDN.purged = []
    portal = PortalSettings.load()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        portal.emergency_number = "112"
        portal.save()
    assert RecordingCDN.purged == []  # not before the commit
    for callback in callbacks:
        callback()

    purged = set(RecordingCDN.purged)
    for page in (home, index, approach, crisis_page):
        assert page.full_url in purged, page.url


@pytest.mark.django_db
def test_made_up_host_headers_are_refused_and_not_remembered(client, approach, settings):
    from django.test import Client

    from core.delivery.page_cache import local_pages

    settings.ALLOWED_HOSTS = ["testserver"]
    stranger = Client(raise_request_exception=False)
    for n in range(3):
        refused = stranger.get(approach.url, HTTP_HOST=f"made-up-{n}.example")
        assert refused.status_code == 400
        assert b'href="tel:988"' in refused.content
    assert not [key for key in local_pages.memos if "made-up" in str(key)]
    assert client.get(approach.url).status_code == 200
    assert ("site", "testserver") in local_pages.memos
