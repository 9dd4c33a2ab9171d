"""The 400, 403, 404 and 429 pages, rendered once per content generation and language.

A flood of bad requests should cost next to nothing: each error page used to render the whole
base template (header, crisis panel, footer) for every request, as dear as a real page. The
body is the same for every visitor but for one thing, the language switcher's link (the same
address in the other language), so it is rendered once with a marker in that place and the
marker is swapped for the escaped address on the way out.

The copy lives in `local_pages.memo`, so it goes when the content generation moves, in every
process at once (a new crisis number is on the next error page everywhere), and it costs at most
the one generation read that every request already shares.
"""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.template import loader
from django.urls import translate_url
from django.utils import translation
from django.utils.html import escape

from core.delivery.page_cache import local_pages


def _marker(code: str) -> str:
    return f"/__steady-path-switch-{code}__/"


def error_response(request, template_name: str, status: int) -> HttpResponse:
    language = translation.get_language() or settings.LANGUAGE_CODE
    try:
        host = request.get_host()
    except DisallowedHost:
        host = ""  # a made-up Host header: the default site's numbers, as portal_info gives
    switch_url = getattr(request, "language_switch_url", None)

    def build() -> str:
        # Rendered for a stand-in request whose switcher links are markers.
        real = getattr(request, "language_switch_url", None)
        request.language_switch_url = _marker
        try:
            return loader.render_to_string(template_name, request=request)
        finally:
            if real is None:
                del request.language_switch_url
            else:
                request.language_switch_url = real

    body = local_pages.memo(("error_page", template_name, language, host), build)
    for code, _ in settings.LANGUAGES:
        marker = _marker(code)
        if marker in body:
            url = switch_url(code) if switch_url else translate_url(request.path, code)
            body = body.replace(marker, escape(url))
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    return error_response(request, "400.html", 400)


def permission_denied(request, exception=None):
    return error_response(request, "403.html", 403)


def page_not_found(request, exception=None):
    return error_response(request, "404.html", 404)


def csrf_failure(request, reason=""):
    """A form was sent without a valid security token: usually an old tab or blocked cookies."""
    return error_response(request, "403_csrf.html", 403)


def too_many_requests(request):
    response = error_response(request, "429.html", 429)
    response["Retry-After"] = "60"
    return response
