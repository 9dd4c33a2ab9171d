from django.utils.functional import SimpleLazyObject

from core.site.selectors import current_portal_info, with_wording


def portal(request):
    def build():
        info = current_portal_info(request)
        # A Portal wording preview (PortalWording.get_preview_context) shows its own words.
        previewed = getattr(request, "previewed_wording", None)
        return info if previewed is None else with_wording(info, previewed)

    # Lazy, so admin screens and JSON views that never show it pay nothing.
    return {"portal": SimpleLazyObject(build)}
