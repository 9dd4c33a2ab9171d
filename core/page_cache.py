"""Serve published pages to anonymous visitors from the cache.

A page is stored only when nothing about it belongs to one visitor: an anonymous GET with no
session cookie and no query string, answered 200 by Wagtail's page view, with no cookie set,
no CSRF token used and no Cache-Control of its own (the quiz pages send `private, no-store`).

Publishing, unpublishing, moving or deleting a page, and saving the settings and snippets that
pages show (crisis numbers above all), purges every stored page at once: one page's change
shows up in listings, cards and comparisons elsewhere, and the site is small. The purge
replaces a generation token; each stored page carries the token that was current when its
render began, so a render that raced a publish is never served afterwards.

Each app server process also keeps its own copies of the pages it has served, so a hit costs
no round trip to Redis. It reads the shared generation token at most every
PAGE_CACHE_GENERATION_CHECK seconds (half a second by default): that is how long another
process may go on serving a page after a purge. The purging process sees its purge at once.
"""

import contextlib
import logging
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

logger = logging.getLogger(__name__)

# Bump the version when the entry format changes: servers of two releases may share Redis.
GENERATION_KEY = "pagecache:v2:generation"
KEY_PREFIX = "pagecache:v2:page:"
STATUS_HEADER = "X-Page-Cache"

# Never cached, whatever the response says. Wagtail page URLs end with a slash, so anything
# else (robots.txt, sitemap.xml, static files) is not looked up at all.
EXCLUDED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/documents/",
    "/quiz/",
    "/search/",
    "/compare/",
    "/questions/",
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
    return f"{KEY_PREFIX}{scheme}://{request.get_host()}{request.path}"


class LocalPages:
    """This process's copies of stored pages, and the generation token it last read."""

    def __init__(self):
        self.reset()

    def reset(self) -> None:
        self.pages: dict[str, dict] = {}
        self.memos: dict = {}
        self.generation: str | None = None
        self.read_at = float("-inf")
        self.lock = threading.Lock()

    def generation_now(self) -> str:
        check_every = getattr(settings, "PAGE_CACHE_GENERATION_CHECK", 0.5)
        now = time.monotonic()
        if self.generation is not None and now - self.read_at < check_every:
            return self.generation
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            generation = uuid.uuid4().hex
            if not cache.add(GENERATION_KEY, generation, timeout=None):
                generation = cache.get(GENERATION_KEY, generation)
        if generation != self.generation:
            self.pages, self.memos = {}, {}
        self.generation, self.read_at = generation, now
        return generation

    def memo(self, key, build):
        """A value built from content, kept in this process until the next purge."""
        generation = self.generation_now()
        found = self.memos.get(key)
        if found is not None and found[0] == generation:
            return found[1]
        value = build()
        self.memos[key] = (generation, value)
        return value

    def get(self, key: str, generation: str) -> dict | None:
        entry = self.pages.get(key)
        if entry is None or entry.get("generation") != generation or entry.get("expires", 0) < time.time():
            return None
        return entry

    def put(self, key: str, entry: dict) -> None:
        with self.lock:
            if len(self.pages) >= getattr(settings, "PAGE_CACHE_LOCAL_PAGES", 500):
                self.pages.pop(next(iter(self.pages)))  # the oldest
            self.pages[key] = entry

    def purged(self, generation: str) -> None:
        self.pages, self.memos = {}, {}
        self.generation, self.read_at = generation, time.monotonic()


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
    return response


def _remember_site(request) -> None:
    # Wagtail looks the site up by host on every request; sites change rarely and saving one
    # purges, so each process keeps the answer. Wagtail reads it from request._wagtail_site.
    # Only hosts Django accepts are kept, so made-up Host headers can't grow the memo; on a
    # database error the view meets the same error and answers with the 503 page.
    from django.core.exceptions import DisallowedHost
    from django.db import DatabaseError
    from wagtail.models import Site

    with contextlib.suppress(DisallowedHost, DatabaseError):
        key = ("site", request.get_host())
        request._wagtail_site = local_pages.memo(key, lambda: Site._find_for_request(request))


class PageCacheMiddleware:
    """First in MIDDLEWARE, so a stored page carries every header the others add (HSTS too)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "PAGE_CACHE_ENABLED", True) or not _is_candidate(request):
            return self._mark_private_pages(request, self._render(request))

        key = _page_key(request)
        generation = local_pages.generation_now()
        entry = local_pages.get(key, generation)
        if entry is None:
            shared = cache.get(key)
            if isinstance(shared, dict) and shared.get("generation") == generation:
                local_pages.put(key, shared)
                entry = local_pages.get(key, generation)
        if entry is not None:
            return _from_entry(entry, request)

        response = self._render(request)
        if not _is_storable(request, response):
            return self._mark_private_pages(request, response)

        patch_cache_control(
            response,
            public=True,
            max_age=getattr(settings, "PAGE_BROWSER_MAX_AGE", 60),
            s_maxage=getattr(settings, "PAGE_SHARED_MAX_AGE", 300),
        )
        # Signed-in editors see the same URL with their toolbar; their copies are private.
        patch_vary_headers(response, ("Cookie",))
        if request.method == "GET":
            headers = [(name, value) for name, value in response.items() if name != STATUS_HEADER]
            entry = {
                "generation": generation,
                "expires": time.time() + _timeout(),  # dates on pages (review due) age too
                "content": response.content,
                "headers": headers,
            }
            cache.set(key, entry, timeout=_timeout())
            local_pages.put(key, entry)
        response[STATUS_HEADER] = "miss"
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


def purge_all() -> None:
    """Drop every stored page now, and again once the current transaction commits.

    The second purge catches a page rendered from the old content between the first purge
    and the commit. A CDN is told only after the commit, so it cannot refetch the old page.
    """
    purge_now(cdn=False)
    transaction.on_commit(purge_now)


def purge_now(cdn: bool = True) -> None:
    generation = uuid.uuid4().hex
    cache.set(GENERATION_KEY, generation, timeout=None)
    local_pages.purged(generation)
    if cdn and getattr(settings, "WAGTAILFRONTENDCACHE", None):
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
    purge_all()


def _purge_on_page_delete(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page) and instance.live:
        purge_all()


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


def environ_key(environ) -> str | None:
    """The key PageCacheMiddleware would use for this WSGI request, if it is a candidate.

    Mirrors `_is_candidate` and `_page_key` on the raw environ. Anything unusual (no Host
    header, a non-ASCII path) returns None and goes through Django as normal.
    """
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or environ.get("QUERY_STRING"):
        return None
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    host = environ.get("HTTP_HOST")
    if not host or not path.isascii() or not path.endswith("/") or path.startswith(EXCLUDED_PREFIXES):
        # PATH_INFO arrives percent-decoded as Latin-1; Django re-decodes it as UTF-8.
        return None
    if f"{settings.SESSION_COOKIE_NAME}=" in environ.get("HTTP_COOKIE", ""):
        return None
    scheme = environ.get("wsgi.url_scheme", "http")
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = environ.get(header)
        if value is not None:
            scheme = "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return f"{KEY_PREFIX}{scheme}://{host}{path}"


class PageCacheWSGI:
    """Serves this process's stored pages before Django builds a request at all.

    A hit here is byte for byte what PageCacheMiddleware would answer; everything else
    (misses, pages only in Redis, every other request) goes to Django unchanged.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if getattr(settings, "PAGE_CACHE_ENABLED", True):
            key = environ_key(environ)
            entry = local_pages.get(key, local_pages.generation_now()) if key else None
            if entry is not None:
                start_response("200 OK", [*entry["headers"], (STATUS_HEADER, "hit")])
                return [b"" if environ["REQUEST_METHOD"] == "HEAD" else entry["content"]]
        return self.application(environ, start_response)
