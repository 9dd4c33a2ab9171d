"""A second factor for every staff account: an authenticator app (TOTP), passkeys / security keys
(WebAuthn, django-otp-webauthn) and recovery codes.

Built on django-otp (see docs/security.md, "Two-factor sign-in", for why). Wagtail's own login
form stays the first step; `StaffSecondFactorMiddleware` then lets no admin screen open until
the session is verified by a code (`request.user.is_verified()`, from django-otp's
OTPMiddleware). A staff member with no authenticator is sent to enrol: scan the QR code, type
one code, and get ten single-use recovery codes, shown once. Or register a passkey instead: the
library's views (mounted under /admin/2fa/webauthn/) verify the session, then
`passkey_recovery_codes` gives the same recovery codes.

STAFF_2FA_REQUIRED is on in production; development turns it off for `make run`, and the test
settings turn it off so `force_login` keeps working (tests/core/test_two_factor.py turns it on).
"""

import base64
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential

VERIFY_PATH = "/admin/2fa/"
ENROL_PATH = "/admin/2fa/enrol/"
# Where an edit kept across a sign-in step is offered again (core.staff.kept_edits).
RESUME_PATH = "/admin/kept-changes/"
# Screens a signed-in but unverified staff member may still open. The icon sprite (public, as the
# login page needs it) is fetched by every admin page's script, ours too: redirected, the page's
# own HTML came back and was pasted into it, forms and all.
OPEN_PATHS = ("/admin/login/", "/admin/logout/", "/admin/password_reset/", "/admin/sprite/", VERIFY_PATH)
RECOVERY_CODES = 10
ISSUER = "Steady Path"


def has_authenticator(user) -> bool:
    """An authenticator app or a passkey: either can verify a session."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists() or has_passkey(user)


def has_passkey(user) -> bool:
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


class PasskeyHelper(WebAuthnHelper):
    """The configured origins, plus (development and tests only) the page's own localhost origin,
    since `make run` and the test live server choose their own ports."""

    def get_allowed_origins(self) -> list[str]:
        origins = list(super().get_allowed_origins())
        if getattr(settings, "PASSKEY_ANY_LOCALHOST_PORT", False):
            origin = f"{self.request.scheme}://{self.request.get_host()}"
            if self.request.get_host().split(":")[0] == "localhost" and origin not in origins:
                origins.append(origin)
        return origins


class StaffSecondFactorMiddleware:
    """After OTPMiddleware: no admin screen on a password alone when STAFF_2FA_REQUIRED."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.must_verify(request):
            from django.contrib import messages
            from django.shortcuts import redirect

            following = request.get_full_path()
            if getattr(request, "kept_edit", False):  # core.staff.kept_edits kept what this post carried
                following = RESUME_PATH
                messages.warning(request, "Your changes are kept, not yet saved: after this step you can send them.")
            target = VERIFY_PATH if has_authenticator(request.user) else ENROL_PATH
            return redirect(f"{target}?next={quote(following)}")
        return self.get_response(request)

    @staticmethod
    def must_verify(request) -> bool:
        if not getattr(settings, "STAFF_2FA_REQUIRED", True):
            return False
        if not request.path.startswith("/admin/") or request.path.startswith(OPEN_PATHS):
            return False
        user = getattr(request, "user", None)
        return bool(user and user.is_authenticated and not user.is_verified())


def verify(request, code: str) -> bool:
    """A code from the user's authenticator or one of their recovery codes (used up)."""
    device = match_token(request.user, "".join(code.split()))
    if device is None:
        return False
    otp_login(request, device)
    return True


def new_authenticator(user) -> TOTPDevice:
    """An unconfirmed authenticator for enrolment; replaces an earlier unconfirmed one."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def otpauth_uri(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    label = quote(f"{ISSUER}:{device.user.get_username()}")
    return f"otpauth://totp/{label}?secret={secret}&issuer={quote(ISSUER)}&digits={device.digits}&period={device.step}"


@transaction.atomic
def confirm_authenticator(request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with one code; returns fresh recovery codes (shown once), or None."""
    if not device.verify_token("".join(code.split())):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = replace_recovery_codes(device.user)
    otp_login(request, device)
    return codes


def passkey_recovery_codes(user) -> list[str] | None:
    """Recovery codes for someone who has just enrolled with a passkey, once: None if they have
    codes already (from the authenticator app) or no passkey."""
    if not has_passkey(user) or StaticDevice.objects.filter(user=user).exists():
        return None
    return replace_recovery_codes(user)


def replace_recovery_codes(user) -> list[str]:
    static, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "Recovery codes"})
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    static.token_set.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def demo_authenticator(user, secret_base32: str) -> bool:
    """Give a demo user an authenticator with a known secret. True if one was added."""
    key = base64.b32decode(secret_base32.strip().upper() + "=" * (-len(secret_base32.strip()) % 8)).hex()
    _, created = TOTPDevice.objects.get_or_create(
        user=user, name="Demo authenticator", defaults={"key": key, "confirmed": True}
    )
    return created


def demo_otpauth_uri(secret_base32: str) -> str:
    return f"otpauth://totp/{quote(ISSUER + ':demo')}?secret={secret_base32.strip().upper()}&issuer={quote(ISSUER)}"
