"""Security headers and per-client rate limits.

Patient pages get a strict Content-Security-Policy: they use no inline script or style at
all, so nothing needs a nonce. The Wagtail admin needs inline styles and scripts, so it gets
its own, looser policy scoped to /admin/.

A Wagtail preview renders the patient page through the whole middleware stack, on a dummy
request for the page's own address, and the admin shows it in an iframe. Such a response
keeps the patient policy but may be framed by the admin's own origin; nothing a patient can
request is ever marked as a preview.
"""

import contextlib
import threading
import time

from django.core.cache import cache

from core.delivery.clients import client_digest

_PATIENT_DIRECTIVES = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
]
PATIENT_CSP = "; ".join([*_PATIENT_DIRECTIVES, "frame-ancestors 'none'"])
PREVIEW_CSP = "; ".join([*_PATIENT_DIRECTIVES, "frame-ancestors 'self'"])
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
        response.setdefault("Content-Security-Policy", _policy_for(request))
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Referrer-Policy", "same-origin")
        response.setdefault("X-Content-Type-Options", "nosniff")
        return response


def _policy_for(request) -> str:
    # Both flags are set only on the dummy request Wagtail builds in make_preview_request;
    # is_dummy before the middleware runs, is_preview just before the page renders (a page's
    # own serve() sets is_preview False for real visits).
    if getattr(request, "is_dummy", False) is True or getattr(request, "is_preview", False) is True:
        return PREVIEW_CSP
    return ADMIN_CSP if request.path.startswith("/admin/") else PATIENT_CSP


def _client_key(request, scope: str) -> str:
    # A keyed hash of the client's address, kept only in the cache for the window: never stored.
    return f"ratelimit:{scope}:{client_digest(request, 'ratelimit').hex()[:32]}"


def over_limit(request, scope: str, limit: int, window: int = 60) -> bool:
    """Count this request; True once the client has made more than `limit` in `window` seconds.

    A limit of 0 means no limit (a load test sends every patient from one address). While the
    shared cache is unreachable, each process counts on its own, so the limit still holds
    (per process) instead of failing open.
    """
    return counted_over(_client_key(request, scope), limit, window)


def counted_over(key: str, limit: int, window: int) -> bool:
    """Count one more under `key` (a fixed window from the first count); True once over `limit`."""
    if limit <= 0:
        return False
    count = 1 if cache.add(key, 1, timeout=window) else None
    if count is None:
        with contextlib.suppress(ValueError):  # expired between add and incr, or the cache is unreachable
            count = cache.incr(key)
    if getattr(cache, "unavailable", False):
        return _local_counts.hit(key, limit, window)
    if count is None:
        cache.add(key, 1, timeout=window)
        return False
    return count > limit


def counted(request, scope: str) -> int:
    """How many times this client has been counted under `scope` in the current window.

    Reads the same place `counted_over` counts: this process's counter while the shared cache
    is unreachable, so a cap checked with it (the sign-in address cap) holds then too.
    """
    key = _client_key(request, scope)
    shared = cache.get(key)
    if getattr(cache, "unavailable", False):
        return _local_counts.count(key)
    return shared or 0


class _LocalCounts:
    """Rate-limit counters in this process, for while Redis is down: bounded and expiring."""

    MAX_KEYS = 10_000

    def __init__(self):
        self._counts: dict[str, tuple[int, float]] = {}  # key -> (count, expires at), oldest first
        self._lock = threading.Lock()

    def hit(self, key: str, limit: int, window: int) -> bool:
        now = time.monotonic()
        with self._lock:
            count, expires = self._counts.pop(key, (0, 0.0))
            if expires <= now:
                count, expires = 0, now + window
            if len(self._counts) >= self.MAX_KEYS:
                self._prune(now)
            self._counts[key] = (count + 1, expires)
            return count + 1 > limit

    def count(self, key: str) -> int:
        with self._lock:
            count, expires = self._counts.get(key, (0, 0.0))
        return count if expires > time.monotonic() else 0

    def _prune(self, now: float) -> None:
        for key in [k for k, (_, expires) in self._counts.items() if expires <= now]:
            del self._counts[key]
        while len(self._counts) >= self.MAX_KEYS:  # a flood of new clients: forget the quietest
            del self._counts[next(iter(self._counts))]

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()


_local_counts = _LocalCounts()
