"""Wagtail's redirects, without a database look-up for every 404 that no redirect covers.

Wagtail's middleware looks for a redirect on every 404, once or twice (with the query string,
then without), so a flood of made-up addresses costs two queries each. Here each process keeps
the set of every redirect's old path for the content generation (`local_pages.memo`), and a 404
whose address is not in it is answered at once. An address that is in it goes through Wagtail's
own look-up unchanged (sites, precedence, the link), so nothing about which redirect wins moves.

Saving or deleting a redirect purges (settings.PAGE_CACHE_PURGE_MODELS). The redirects Wagtail
creates itself when a page moves or its slug changes are written in bulk, without signals, but
inside the same transaction as the move or publish that purges, so they commit together.
"""

from urllib.parse import urlparse

from django.utils.encoding import uri_to_iri
from wagtail.contrib.redirects.middleware import RedirectMiddleware as WagtailRedirectMiddleware
from wagtail.contrib.redirects.models import Redirect

from core.delivery.page_cache import local_pages


def _old_paths() -> frozenset[str]:
    return frozenset(Redirect.objects.values_list("old_path", flat=True))


def may_redirect(request) -> bool:
    """Whether any redirect, for any site, starts at one of the forms of this address that
    Wagtail would look up: normalised, with and without its query string, encoded and decoded."""
    path = Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
    bare = urlparse(path).path
    forms = {path, uri_to_iri(path), bare, uri_to_iri(bare)}
    return not local_pages.memo("redirects:old-paths", _old_paths).isdisjoint(forms)


class RedirectMiddleware(WagtailRedirectMiddleware):
    def process_response(self, request, response):
        if response.status_code != 404 or not may_redirect(request):
            return response
        return super().process_response(request, response)
