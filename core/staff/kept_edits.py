"""No edit is lost to a sign-in step.

A staff member whose session lapsed (two idle hours, a laptop asleep) or who is asked for the
second factor again presses "Save draft": Wagtail alone would answer with the sign-in page and
drop what they typed. Here the admin form post is kept in their session first, and once they are
signed in and verified, /admin/kept-changes/ says what happened and offers to send the same
fields again with one button (no JavaScript needed; files can't be kept and are named).

Only a post that passes Django's CSRF check is kept, so another site can't plant an edit for the
next sign-in, and only admin form posts that expect an HTML page (never the JSON autosave or
the editing-session ping, which retry by themselves).
"""

import secrets

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone

from core.staff.two_factor import RESUME_PATH, StaffSecondFactorMiddleware

KEY = "kept_edit"
FIELD = "kept_edit"
# Sessions live in one database row; a page form is a few tens of KB, so this is generous.
MAX_CHARACTERS = 1_000_000
# Posts that are sign-in steps themselves, or the editor's own pings (every 10 seconds, by script:
# kept, one would replace the edit it interrupted), not edits.
NOT_EDITS = (
    "/admin/login/",
    "/admin/logout/",
    "/admin/password_reset/",
    "/admin/2fa/",
    "/admin/editing-sessions/",
    RESUME_PATH,
)


def _is_edit(request) -> bool:
    return (
        request.method == "POST"
        and request.path.startswith("/admin/")
        and not request.path.startswith(NOT_EDITS)
        and request.headers.get("x-requested-with") != "XMLHttpRequest"
        # A browser submitting a form asks for text/html by name; scripts' fetch() sends */*.
        and "text/html" in request.headers.get("Accept", "")
    )


def _passes_csrf(request) -> bool:
    return CsrfViewMiddleware(lambda _request: None).process_view(request, None, (), {}) is None


def keep(request) -> bool:
    """Store this admin post in the session to send again after signing in. False if it can't be."""
    if not _is_edit(request) or not _passes_csrf(request):
        return False
    fields = [
        [name, value] for name in request.POST for value in request.POST.getlist(name) if name != "csrfmiddlewaretoken"
    ]
    if sum(len(name) + len(value) for name, value in fields) > MAX_CHARACTERS:
        return False
    request.session[KEY] = {
        "id": secrets.token_urlsafe(12),
        "path": request.get_full_path(),
        "fields": fields,
        "files": sorted(uploaded.name for name in request.FILES for uploaded in request.FILES.getlist(name)),
        "at": timezone.now().isoformat(),
    }
    return True


def kept(request) -> dict | None:
    return request.session.get(KEY)


def discard(request) -> None:
    request.session.pop(KEY, None)


class KeptEditsMiddleware:
    """After OTPMiddleware, before StaffSecondFactorMiddleware (which reads `request.kept_edit`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            user = getattr(request, "user", None)
            if user is not None and not user.is_authenticated and keep(request):
                messages.warning(
                    request,
                    "You were signed out before your changes reached us. They are kept: sign in "
                    "again and you can send them.",
                )
                return redirect_to_login(RESUME_PATH, "/admin/login/")
            held = kept(request) if user is not None and user.is_authenticated else None
            if held and request.POST.get(FIELD) == held["id"]:
                discard(request)  # this is the replay: it is sent now, as typed
            request.kept_edit = self._needs_second_step(request) and keep(request)
        return self.get_response(request)

    @staticmethod
    def _needs_second_step(request) -> bool:
        return StaffSecondFactorMiddleware.must_verify(request)
