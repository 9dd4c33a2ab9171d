"""The second sign-in step and enrolment (core/two_factor.py). Staff only, signed in already."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import include, path
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import two_factor
from core.security import over_limit

# Codes tried per client per 5 minutes: a six-digit code can't be guessed within it.
CODE_ATTEMPTS = 10


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/admin/"
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else "/admin/"


@never_cache
@login_required(login_url="/admin/login/")
def verify(request):
    if not two_factor.has_authenticator(request.user):
        return redirect(f"{two_factor.ENROL_PATH}?next={_next(request)}")
    error = ""
    if request.method == "POST":
        if over_limit(request, "2fa", CODE_ATTEMPTS, 300):
            error = "Too many codes tried. Wait five minutes, then try again."
        elif two_factor.verify(request, request.POST.get("code", "")):
            return redirect(_next(request))
        else:
            error = "That code didn’t work. Type the current code from your authenticator app, or a recovery code."
    context = {
        "error": error,
        "next": _next(request),
        "has_passkey": two_factor.has_passkey(request.user),
        "has_app": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
    }
    return render(request, "core/two_factor/verify.html", context, status=400 if error else 200)


@never_cache
@login_required(login_url="/admin/login/")
def enrol(request):
    if two_factor.has_authenticator(request.user) and not request.user.is_verified():
        return redirect(f"{two_factor.VERIFY_PATH}?next={_next(request)}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    error = ""
    if request.method == "POST" and device is not None:
        if over_limit(request, "2fa", CODE_ATTEMPTS, 300):
            error = "Too many codes tried. Wait five minutes, then try again."
        else:
            codes = two_factor.confirm_authenticator(request, device, request.POST.get("code", ""))
            if codes is not None:
                context = {"codes": codes, "next": _next(request)}
                return render(request, "core/two_factor/recovery_codes.html", context)
            error = "That code didn’t work. Check the time on your phone and type the newest code."
    if device is None:
        device = two_factor.new_authenticator(request.user)
    context = {
        "error": error,
        "next": _next(request),
        "uri": two_factor.otpauth_uri(device),
        "qr_svg": _qr_svg(two_factor.otpauth_uri(device)),
    }
    return render(request, "core/two_factor/enrol.html", context, status=400 if error else 200)


@never_cache
@require_POST
@login_required(login_url="/admin/login/")
def passkey_enrolled(request):
    """Where the enrol page's script goes once the library has registered a passkey (and verified
    the session with it): the recovery codes, once."""
    codes = two_factor.passkey_recovery_codes(request.user) if request.user.is_verified() else None
    if codes is None:
        return redirect(_next(request))
    return render(request, "core/two_factor/recovery_codes.html", {"codes": codes, "next": _next(request)})


def _qr_svg(text: str) -> str:
    import qrcode
    import qrcode.image.svg

    return qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage).to_string(encoding="unicode")


urlpatterns = [
    path("2fa/", verify, name="two_factor_verify"),
    path("2fa/enrol/", enrol, name="two_factor_enrol"),
    path("2fa/enrol/passkey/", passkey_enrolled, name="two_factor_passkey_enrolled"),
    # Under /admin/2fa/, which an unverified session may open; the library's views check the rest.
    path("2fa/webauthn/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),
]
