"""Serve published pages to anonymous visitors from this process's memory.

A page is stored only when nothing about it belongs to one visitor: an anonymous GET with no
session cookie and no query string, answered 200 by Wagtail's page view, with no cookie set,
no CSRF token used and no Cache-Control of its own (the quiz pages send `private, no-store`).

Freshness comes from one number in the database, the content generation
(`core.models.ContentGeneration`). Publishing, unpublishing, moving or deleting a page, and
saving the settings and snippets that pages show (crisis numbers above all), add one to it
inside the same transaction as the change. Each process reads it at most every
PAGE_CACHE_GENERATION_CHECK seconds (a quarter of a second by default) and drops every stored
page and memo when it has moved. Because the number lives in the database, every worker of
every app server sees a change the same way whether Redis is up, down or absent, and a
command run in another process (`publish_scheduled`) counts like an edit in the admin.

A proxy in front may keep a stored page too: each one says in `X-Accel-Expires` until which
whole second it may be reused, chosen so that no copy outlives a change by a second
(deploy/nginx.conf and docs/performance.md).
"""

import contextlib
import logging
import math
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from core.delivery.clients import from_trusted_proxy

logger = logging.getLogger(__name__)

STATUS_HEADER = "X-Page-Cache"
PROXY_EXPIRES_HEADER = "X-Accel-Expires"
# A proxy's clock reads whole seconds and may lag ours a little: stay this far inside the bound.
PROXY_CLOCK_MARGIN = 0.05

# Never cached, whatever the response says. Wagtail page URLs end with a slash, so anything
# else (robots.txt, sitemap.xml, static files) is not looked up at all.
# The patient tools answer per visitor (or per query) in every language: /es/quiz/ as /quiz/.
_PER_VISITOR = ("/quiz/", "/search/", "/compare/", "/questions/")
EXCLUDED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/documents/",
    *_PER_VISITOR,
    *(f"/{code}{prefix}" for code, _ in settings.LANGUAGES for prefix in _PER_VISITOR),
    "/static/",
    "/media/",
)


def _timeout() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 600)


def _is_candidate(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return request.path.endswith("/") and not request.path.startswith(EXCLUDED_PREFIXES)


def _page_key(request) -> str:
    scheme = "https" if request.is_secure() else "http"
    return f"{scheme}://{request.get_host()}{request.path}"


def read_generation() -> int:
    from core.models import ContentGeneration

    return ContentGeneration.objects.filter(pk=1).values_list("counter", flat=True).first() or 0


class LocalPages:
    """This process's stored pages and memos, valid for one content generation."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.pages: OrderedDict[str, dict] = OrderedDict()
            self.memos: OrderedDict = OrderedDict()
            self.generation: int | None = None
            self.read_at = float("-inf")  # monotonic, for the check interval
            self.read_wall = 0.0  # wall clock, for the proxy's expiry

    def generation_now(self) -> int | None:
        """The generation, read from the database when the last reading is too old.

        None when it has never been read and the database can't be reached: nothing stored may
        be served then, since nothing says it is current.
        """
        check_every = getattr(settings, "PAGE_CACHE_GENERATION_CHECK", 0.25)
        now = time.monotonic()
        if self.generation is not None and now - self.read_at < check_every:
            return self.generation
        try:
            generation = read_generation()
        except DatabaseError:
            # The database is down: nothing can change meanwhile, so the last reading holds.
            # Try again after the usual interval rather than on every request.
            self.read_at = now
            return self.generation
        with self.lock:
            if generation != self.generation:
                self.pages.clear()
                self.memos.clear()
            self.generation, self.read_at, self.read_wall = generation, now, time.time()
        return generation

    def forget_generation(self) -> None:
        """Read the generation again on the next request (this process just changed it)."""
        self.read_at = float("-inf")

    def memo(self, key, build):
        """A value built from content, kept in this process until the generation moves."""
        generation = self.generation_now()
        if generation is None:
            return build()
        with self.lock:
            found = self.memos.get(key)
        if found is not None and found[0] == generation:
            return found[1]
        value = build()
        self._bounded_put(self.memos, key, (generation, value), getattr(settings, "PAGE_CACHE_LOCAL_MEMOS", 200))
        return value

    def get(self, key: str, generation: int) -> dict | None:
        with self.lock:
            entry = self.pages.get(key)
            if entry is None or entry["generation"] != generation or entry["expires"] < time.time():
                return None
            self.pages.move_to_end(key)
            return entry

    def put(self, key: str, entry: dict) -> None:
        self._bounded_put(self.pages, key, entry, getattr(settings, "PAGE_CACHE_LOCAL_PAGES", 500))

    def _bounded_put(self, store: OrderedDict, key, value, limit: int) -> None:
        with self.lock:
            store[key] = value
            store.move_to_end(key)
            while len(store) > limit:
                store.popitem(last=False)  # the least recently used

    def proxy_expires(self, generation: int | None = None, confirm: bool = False) -> str:
        """The last whole second a proxy may reuse a page of `generation` sent now, or "0".

        The page is current as of `read_wall`; a copy kept to the end of that second is at
        most one second behind a change committed just after the reading. A reading from a
        second that has ended would make every page "0" until the next scheduled check (up to a
        quarter of a second after each boundary, with every request then reaching an app
        server), so with `confirm` (the request came from the proxy that keeps copies) it is
        read again first: one query a process a second. Without a proxy nothing keeps the
        copy, and nothing is worth a query.
        """
        now = time.time()
        last_second = math.floor(self.read_wall - PROXY_CLOCK_MARGIN)
        if last_second >= math.floor(now):
            return f"@{last_second}"
        if now - math.floor(now) < PROXY_CLOCK_MARGIN:
            return "0"  # no reading taken this early in a second could be kept to its end
        if generation is None or not confirm:
            return "0"
        self.forget_generation()
        if self.generation_now() != generation:
            return "0"  # the content moved on since this page was made: never let a proxy keep it
        last_second = math.floor(self.read_wall - PROXY_CLOCK_MARGIN)
        return f"@{last_second}" if last_second >= math.floor(now) else "0"


local_pages = LocalPages()


def _is_page_view(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "wagtail_serve"


def _is_storable(request, response) -> bool:
    return (
        response.status_code == 200
        and _is_page_view(request)
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
    )


def _from_entry(entry, request) -> HttpResponse:
    response = HttpResponse(b"" if request.method == "HEAD" else entry["content"], status=200)
    for name, value in entry["headers"]:
        response[name] = value
    response[STATUS_HEADER] = "hit"
    response[PROXY_EXPIRES_HEADER] = local_pages.proxy_expires(entry["generation"], from_trusted_proxy(request))
    return response


def _remember_site(request) -> None:
    # Wagtail looks the site up by host on every request; each process keeps the answer for the
    # current generation (saving a Site moves it). Wagtail reads it from request._wagtail_site.
    # Only hosts Django accepts are kept; on a database error the view meets the same error
    # and answers with the 503 page.
    from django.core.exceptions import DisallowedHost
    from wagtail.models import Site

    with contextlib.suppress(DisallowedHost, DatabaseError):
        key = ("site", request.get_host())
        request._wagtail_site = local_pages.memo(key, lambda: Site._find_for_request(request))


def _drop_vary(response, header: str) -> None:
    kept = [v.strip() for v in response.get("Vary", "").split(",") if v.strip() and v.strip().lower() != header.lower()]
    if kept:
        response["Vary"] = ", ".join(kept)
    elif response.has_header("Vary"):
        del response["Vary"]


class PageCacheMiddleware:
    """Outside every middleware but the security headers (added to stored pages on the way
    out, like every response), so a stored page carries every header the others add (HSTS too)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "PAGE_CACHE_ENABLED", True) or not _is_candidate(request):
            return self._mark_private_pages(request, self._render(request))

        key = _page_key(request)
        generation = local_pages.generation_now()
        entry = local_pages.get(key, generation) if generation is not None else None
        if entry is not None:
            return _from_entry(entry, request)

        response = self._render(request)
        if generation is None or not _is_storable(request, response):
            return self._mark_private_pages(request, response)

        patch_cache_control(
            response,
            public=True,
            max_age=getattr(settings, "PAGE_BROWSER_MAX_AGE", 60),
            s_maxage=getattr(settings, "PAGE_SHARED_MAX_AGE", 300),
        )
        # The path alone gives the language (LocaleMiddleware never reads Accept-Language for an
        # unprefixed path), so its `Vary: Accept-Language` would only split a proxy's copies.
        _drop_vary(response, "Accept-Language")
        # Signed-in editors see the same URL with their toolbar; their copies are private.
        patch_vary_headers(response, ("Cookie",))
        if request.method == "GET":
            local_pages.put(
                key,
                {
                    "generation": generation,
                    "expires": time.time() + _timeout(),  # dates on pages (review due) age too
                    "content": response.content,
                    "headers": list(response.items()),
                },
            )
        response[STATUS_HEADER] = "miss"
        response[PROXY_EXPIRES_HEADER] = local_pages.proxy_expires(generation, from_trusted_proxy(request))
        return response

    def _render(self, request):
        _remember_site(request)
        return self.get_response(request)

    @staticmethod
    def _mark_private_pages(request, response):
        # A page rendered for someone with a session (an editor, a passed password) is theirs.
        if _is_page_view(request) and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        return response


def purge() -> None:
    """Make every stored page stale, in every process, as part of the current transaction.

    The new generation commits (or rolls back) with the change that caused it, so no process
    can see the new number before the new content. A CDN is told only after the commit, so it
    cannot refetch the old page.
    """
    from core.models import ContentGeneration

    if not ContentGeneration.objects.filter(pk=1).update(counter=F("counter") + 1):
        # First purge on a fresh database (or after a test flush). A racing first purge wins
        # the insert; this one then counts again.
        with transaction.atomic():
            _, created = ContentGeneration.objects.get_or_create(pk=1, defaults={"counter": 1})
        if not created:
            ContentGeneration.objects.filter(pk=1).update(counter=F("counter") + 1)
    local_pages.forget_generation()
    transaction.on_commit(_after_commit)


def _after_commit() -> None:
    local_pages.forget_generation()
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        _purge_frontend_cache()


def _purge_frontend_cache() -> None:
    # Wagtail's frontend-cache app purges the published page itself; listings and settings
    # changes touch every page, so the CDN is told about all of them.
    from wagtail.contrib.frontend_cache.utils import PurgeBatch
    from wagtail.models import Page

    try:
        batch = PurgeBatch()
        batch.add_pages(Page.objects.live().specific().iterator())
        batch.purge()
    except Exception:  # a CDN outage must never block a publish
        logger.exception("Frontend cache purge failed")


def _purge_on_signal(sender, **kwargs):
    purge()


def _purge_on_page_delete(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page) and instance.live:
        purge()


def connect_signals() -> None:
    """Purge on anything a cached page shows: pages, site settings, snippets, reviews, images."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(_purge_on_signal, dispatch_uid="pagecache-published")
    page_unpublished.connect(_purge_on_signal, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(_purge_on_signal, dispatch_uid="pagecache-moved")
    post_delete.connect(_purge_on_page_delete, dispatch_uid="pagecache-page-deleted")
    for label in settings.PAGE_CACHE_PURGE_MODELS:
        model = apps.get_model(label)
        post_save.connect(_purge_on_signal, sender=model, dispatch_uid=f"pagecache-save-{label}")
        post_delete.connect(_purge_on_signal, sender=model, dispatch_uid=f"pagecache-delete-{label}")
