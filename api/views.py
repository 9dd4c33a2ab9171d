"""Thin views: parse the parameters, read through the memo (api.http), shape with api.documents."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation
from django.views.decorators.common import no_append_slash

from api import documents, params, selectors
from api.http import APIError, api_view, built, error_response, memo
from api.openapi import openapi_document
from approaches import selectors as approach_selectors
from core.site.selectors import portal_info


def _portal(language: str):
    with translation.override(language):
        return portal_info()


def _memo_key(request) -> tuple:
    # The host is in the absolute links; the query string, parsed and sorted, is the rest.
    return (
        request.path,
        request.get_host(),
        request.is_secure(),
        tuple((k, tuple(v)) for k, v in sorted(request.GET.lists())),
    )


@api_view
def approaches(request):
    query = params.approach_query(request)

    def build():
        result = selectors.approach_list(query)
        portal = _portal(query.language)
        not_now = approach_selectors.not_now_page(locale=query.language)
        items = [documents.approach(page, request, portal, not_now) for page in result.pages]
        next_url = None
        if result.next_cursor:
            kept = {k: v for k, v in request.GET.items() if k != "cursor"}
            kept["cursor"] = params.encode_cursor(result.next_cursor, query.ordering)
            next_url = request.build_absolute_uri(reverse("api:approaches") + "?" + urlencode(kept))
        modified = [documents.modified(p) for p in result.pages] + [selectors.last_change_to_pages()]
        data = {"inLanguage": query.language, "count": len(items), "next": next_url, "results": items}
        return built(data, max((m for m in modified if m), default=None))

    return memo.get(("approaches", *_memo_key(request)), build)


@api_view
def approach(request, page_id: str):
    if not page_id.isdigit() or len(page_id) > 18:
        raise APIError(404, "not_found", "There is no live, reviewed approach page with this identifier.")

    def build():
        page = selectors.approach_detail(int(page_id))
        if page is None:
            return None
        portal = _portal(page.locale.language_code)
        not_now = approach_selectors.not_now_page(locale_id=page.locale_id)
        return built(documents.approach(page, request, portal, not_now), documents.modified(page))

    result = memo.get(("approach", *_memo_key(request)), build)
    if result is None:
        raise APIError(404, "not_found", "There is no live, reviewed approach page with this identifier.")
    return result


def _snippets(request, model, shape, read):
    language = params.language(request)

    def build():
        items = read(language)
        twins = selectors.snippet_twins(model, items)
        data = {"inLanguage": language, "count": len(items), "results": [shape(i, request, twins) for i in items]}
        return built(data, max((i.last_published_at for i in items if i.last_published_at), default=None))

    return memo.get((model.__name__, *_memo_key(request)), build)


@api_view
def conditions(request):
    from approaches.models import Condition

    return _snippets(request, Condition, documents.condition, selectors.conditions)


@api_view
def provider_types(request):
    from approaches.models import ProviderType

    return _snippets(request, ProviderType, documents.provider_type, selectors.provider_types)


@api_view
def get_help(request):
    language = params.language(request)

    def build():
        portal = _portal(language)
        page = selectors.crisis_page(language)
        with translation.override(language):
            return built(documents.get_help(request, portal, page, language))

    return memo.get(("get-help", *_memo_key(request)), build)


@api_view
def openapi(request):
    return memo.get(("openapi", request.get_host(), request.is_secure()), lambda: built(openapi_document(request)))


@no_append_slash
def not_found(request, *args, **kwargs):
    return error_response(404, "not_found", "No such API address. The list of addresses is at /api/v1/openapi.json.")
