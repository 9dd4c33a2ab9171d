"""Security headers and per-client rate limits.

Patient pages get a strict Content-Security-Policy: they use no inline script or style at
all, so nothing needs a nonce. The Wagtail admin needs inline styles and scripts, so it gets
its own, looser policy scoped to /admin/.
"""

from django.core.cache import cache
from django.template.response import TemplateResponse

from core.clients import client_digest

PATIENT_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ]
)
ADMIN_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'self'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
        "frame-ancestors 'self'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        is_admin = request.path.startswith("/admin/")
        response.setdefault("Content-Security-Policy", ADMIN_CSP if is_admin else PATIENT_CSP)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Referrer-Policy", "same-origin")
        response.setdefault("X-Content-Type-Options", "nosniff")
        return response


def _client_key(request, scope: str) -> str:
    # A keyed hash of the client's address, kept only in the cache for the window: never stored.
    return f"ratelimit:{scope}:{client_digest(request, 'ratelimit').hex()[:32]}"


def over_limit(request, scope: str, limit: int, window: int = 60) -> bool:
    """Count this request; True once the client has made more than `limit` in `window` seconds.

    A limit of 0 means no limit (a load test sends every patient from one address).
    """
    if limit <= 0:
        return False
    key = _client_key(request, scope)
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return False
    return count > limit


def too_many_requests(request):
    response = TemplateResponse(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response
