from django.utils.functional import SimpleLazyObject

from core.selectors import portal_info


def portal(request):
    # Lazy, so admin screens and JSON views that never show it pay no query.
    return {"portal": SimpleLazyObject(lambda: _cached(request))}


def _cached(request):
    info = getattr(request, "_portal_info", None)
    if info is None:
        info = request._portal_info = portal_info(request)
    return info
