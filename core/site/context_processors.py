from django.utils.functional import SimpleLazyObject

from core.site.selectors import current_portal_info


def portal(request):
    # Lazy, so admin screens and JSON views that never show it pay nothing.
    return {"portal": SimpleLazyObject(lambda: current_portal_info(request))}
