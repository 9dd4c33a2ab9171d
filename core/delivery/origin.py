"""Forgery protection for patient forms that needs no cookie.

Django's CSRF protection keeps a secret in a `csrftoken` cookie, a year long, set by the first
page that shows a form. For the quiz that cookie would be a trace of a mental-health quiz left
on a shared device before the patient has chosen to start anything. The quiz's forms are
protected here instead, without any cookie (docs/security.md, "Forms without a cookie"):

- A browser sends `Origin` on every POST (the page's origin, or `null` when it hides it), so
  a form posted from another site is refused when `Origin` is not this site.
- Without `Origin` (older browsers), the `Referer` must be a page of this site.
- With neither, which no browser sends for a cross-site POST, the form's own signed,
  time-limited token must be present: so a privacy tool that strips both still works.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.views.decorators.csrf import csrf_exempt

FIELD = "form_token"
_SALT = "core.delivery.origin.form"
_TOKEN_VALUE = "patient-form"
TOKEN_MAX_AGE = 6 * 60 * 60


def form_token() -> str:
    return signing.TimestampSigner(salt=_SALT).sign(_TOKEN_VALUE)


def _valid_token(value: str) -> bool:
    try:
        return signing.TimestampSigner(salt=_SALT).unsign(value, max_age=TOKEN_MAX_AGE) == _TOKEN_VALUE
    except signing.BadSignature:
        return False


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def from_this_site(request) -> bool:
    here = f"{request.scheme}://{request.get_host()}".lower()
    trusted = {here, *(o.lower() for o in settings.CSRF_TRUSTED_ORIGINS)}
    origin = request.META.get("HTTP_ORIGIN")
    if origin is not None:
        return origin.lower() in trusted
    referer = request.META.get("HTTP_REFERER")
    if referer is not None:
        return _origin_of(referer) in trusted
    return _valid_token(request.POST.get(FIELD, ""))


def same_origin_post(view):
    """csrf_exempt, and a POST must come from this site's own pages (see the module docstring)."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        # The test client marks its requests so; Client(enforce_csrf_checks=True) does not.
        checked = not getattr(request, "_dont_enforce_csrf_checks", False)
        if request.method == "POST" and checked and not from_this_site(request):
            from core.delivery.error_pages import csrf_failure

            return csrf_failure(request, reason="Origin is not this site")
        return view(request, *args, **kwargs)

    return wrapper
