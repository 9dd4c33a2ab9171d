"""HTTP for every API view: keys, rate limits, CORS, JSON errors and conditional GETs.

Responses are not stored by the page cache (it keeps Wagtail page views only) nor by nginx
(`X-Accel-Expires: 0`): each request reaches an app server, so every request counts against
its key's limit and a revoked key stops at once. They are cheap there instead: each process
keeps the JSON it built for the current content generation (core.delivery.page_cache), the number every
publish, unpublish, review and snippet or settings save moves, read at most every quarter second.
So an API answer is as fresh as a page (≤ 1 s behind a change through nginx), and a partner's
repeat request with `If-None-Match` is a 304 without a body.
"""

import functools
import hashlib
import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from api import keys
from api.models import APIKey
from api.services import record_use
from core.delivery.page_cache import PROXY_EXPIRES_HEADER, local_pages
from core.delivery.security import counted_over, over_limit

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, X-API-Key, If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After, X-RateLimit-Limit",
}
CACHE_CONTROL = "public, no-cache"  # anyone may keep a copy; everyone asks again (a 304) before using it
WINDOW = 60  # seconds of every rate-limit window


class APIError(Exception):
    def __init__(self, status: int, code: str, message: str, **extra):
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


def _json_bytes(data) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).encode()


def _with_common_headers(response: HttpResponse) -> HttpResponse:
    for name, value in CORS_HEADERS.items():
        response[name] = value
    response[PROXY_EXPIRES_HEADER] = "0"  # nginx keeps no copy (see above)
    # The language comes from ?lang, never from the browser's Accept-Language.
    if response.has_header("Vary"):
        kept = [v.strip() for v in response["Vary"].split(",") if v.strip().lower() != "accept-language"]
        if kept:
            response["Vary"] = ", ".join(kept)
        else:
            del response["Vary"]
    return response


def error_response(status: int, code: str, message: str, **extra) -> HttpResponse:
    body = {"error": {"status": status, "code": code, "message": message, **extra}}
    response = HttpResponse(_json_bytes(body), status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    return _with_common_headers(response)


@dataclass(frozen=True)
class Built:
    """A response body built once per content generation (and per query), with its validators."""

    body: bytes
    etag: str
    last_modified: float | None


class _Memo:
    """This process's built API bodies, valid for one content generation and a minute at most
    (review states such as "due soon" move with the date, not with an edit)."""

    MAX_AGE = 60

    def __init__(self):
        self.lock = threading.Lock()
        self.entries: OrderedDict = OrderedDict()

    def get(self, key, build) -> Built:
        generation = local_pages.generation_now()
        if generation is None:  # the database cannot say what is current: build afresh
            return build()
        now = time.monotonic()
        with self.lock:
            found = self.entries.get(key)
            if found and found[0] == generation and found[1] > now:
                self.entries.move_to_end(key)
                return found[2]
        value = build()
        with self.lock:
            self.entries[key] = (generation, now + self.MAX_AGE, value)
            self.entries.move_to_end(key)
            while len(self.entries) > getattr(settings, "API_MEMO_ENTRIES", 500):
                self.entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


memo = _Memo()


def built(data, last_modified=None) -> Built:
    body = _json_bytes(data)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    return Built(body, etag, last_modified.timestamp() if last_modified else None)


def _authenticate(request) -> APIKey | None:
    """The request's key row, None when anonymous; a bad or revoked key is a 401, never anonymous."""
    presented = keys.key_from_request(request)
    if not presented:
        return None
    prefix = keys.parse(presented)
    key = APIKey.objects.filter(prefix=prefix).first() if prefix else None
    if key is None or not _matches(key, presented):
        raise APIError(
            401, "invalid_key", "This API key is not valid. Check it, or ask us for a new one (docs/api.md)."
        )
    if not key.is_active:
        raise APIError(401, "revoked_key", "This API key was revoked. Ask us for a new one (docs/api.md).")
    return key


def _matches(key: APIKey, presented: str) -> bool:
    import hmac

    return hmac.compare_digest(key.key_hash, keys.digest(presented))


def _rate_limited(request, key: APIKey | None) -> HttpResponse | None:
    if key is not None:
        limit = settings.API_KEY_RATE_LIMIT
        over = counted_over(f"ratelimit:api-key:{key.pk}", limit, WINDOW)
    else:
        limit = settings.API_ANONYMOUS_RATE_LIMIT
        over = over_limit(request, "api-anonymous", limit, WINDOW)
    if not over:
        return None
    who = "this key" if key else "requests without a key from your address"
    response = error_response(
        429,
        "rate_limited",
        f"Too many requests: {who} may make {limit} a minute. Wait and try again"
        + ("." if key else ", or ask us for an API key (docs/api.md)."),
        limit=limit,
        retry_after=WINDOW,
    )
    response["Retry-After"] = str(WINDOW)
    return response


def api_view(view):
    """Wrap a view returning `Built` (or raising APIError) into the API's HTTP behaviour."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":  # a CORS preflight: nothing counted, nothing read
            response = HttpResponse(status=204)
            response["Access-Control-Max-Age"] = "600"
            response["Allow"] = "GET, HEAD, OPTIONS"
            return _with_common_headers(response)
        if request.method not in ("GET", "HEAD"):
            response = error_response(405, "method_not_allowed", "This API is read-only: use GET.")
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        try:
            key = _authenticate(request)
            limited = _rate_limited(request, key)
            if limited is not None:
                return limited
            if key is not None:
                record_use(key=key)
            result = view(request, *args, **kwargs)
        except APIError as error:
            return error_response(error.status, error.code, error.message, **error.extra)
        conditional = get_conditional_response(
            request,
            etag=result.etag,
            last_modified=int(result.last_modified) if result.last_modified else None,
        )
        if conditional is not None:
            response = conditional  # a 304 (or 412), with the validators below
        else:
            body = b"" if request.method == "HEAD" else result.body
            response = HttpResponse(body, content_type="application/json")
        response["ETag"] = result.etag
        if result.last_modified:
            response["Last-Modified"] = http_date(result.last_modified)
        response["Cache-Control"] = CACHE_CONTROL
        if key is not None:
            response["X-RateLimit-Limit"] = str(settings.API_KEY_RATE_LIMIT)
        else:
            response["X-RateLimit-Limit"] = str(settings.API_ANONYMOUS_RATE_LIMIT)
        return _with_common_headers(response)

    wrapper.csrf_exempt = True  # GET only: nothing to forge
    return wrapper
