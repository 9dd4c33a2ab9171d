"""Serve published pages to anonymous visitors from the cache.

A page is stored only when nothing about it belongs to one visitor: an anonymous GET with no
session cookie and no query string, answered 200 by Wagtail's page view, with no cookie set,
no CSRF token used and no Cache-Control of its own (the quiz pages send `private, no-store`).

Publishing, unpublishing, moving or deleting a page, and saving the settings and snippets that
pages show (crisis numbers above all), purges every stored page at once: one page's change
shows up in listings, cards and comparisons elsewhere, and the site is small. The purge
replaces a generation token; each stored page carries the token that was current when its
render began, so a render that raced a publish is never served afterwards.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
KEY_PREFIX = "pagecache:page:"
STATUS_HEADER = "X-Page-Cache"

# Never cached, whatever the response says.
EXCLUDED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/quiz/", "/search/", "/healthz")


def _timeout() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 600)


def _is_candidate(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return not request.path.startswith(EXCLUDED_PREFIXES)


def _page_key(request) -> str:
    scheme = "https" if request.is_secure() else "http"
    return f"{KEY_PREFIX}{scheme}://{request.get_host()}{request.path}"


def _current_generation(values: dict) -> str:
    generation = values.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        if not cache.add(GENERATION_KEY, generation, timeout=None):
            generation = cache.get(GENERATION_KEY, generation)
    return generation


def _is_storable(request, response) -> bool:
    match = getattr(request, "resolver_match", None)
    return (
        response.status_code == 200
        and match is not None
        and match.url_name == "wagtail_serve"
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


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "PAGE_CACHE_ENABLED", True) or not _is_candidate(request):
            return self._mark_private_pages(request, self.get_response(request))

        key = _page_key(request)
        values = cache.get_many([GENERATION_KEY, key])
        generation = _current_generation(values)
        entry = values.get(key)
        if entry is not None and entry.get("generation") == generation:
            return _from_entry(entry, request)

        response = self.get_response(request)
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
            entry = {"generation": generation, "content": response.content, "headers": headers}
            cache.set(key, entry, timeout=_timeout())
        response[STATUS_HEADER] = "miss"
        return response

    @staticmethod
    def _mark_private_pages(request, response):
        # A page rendered for someone with a session (an editor, a passed password) is theirs.
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "wagtail_serve" and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        return response


def purge_all() -> None:
    """Drop every stored page now, and again once the current transaction commits.

    The second purge catches a page rendered from the old content between the first purge
    and the commit.
    """
    purge_now()
    transaction.on_commit(purge_now)


def purge_now() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
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
