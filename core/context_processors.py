from django.utils.functional import SimpleLazyObject

from core.selectors import portal_info


def portal(request):
    # Lazy, so admin screens and JSON views that never show it pay no query.
    return {"portal": SimpleLazyObject(lambda: _cached(request))}


def _cached(request):
    info = getattr(request, "_portal_info", None)
    if info is None:
        # Settings and the pages they link to purge the page cache when they change, so the
        # same purge refreshes this copy.
        from core.page_cache import local_pages

        info = local_pages.memo(("portal_info", request.get_host()), lambda: portal_info(request))
        request._portal_info = info
    return info
