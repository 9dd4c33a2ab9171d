"""The second sign-in step and enrolment (core/staff/two_factor.py). Staff only, signed in already."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import include, path
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.delivery.security import over_limit
from core.staff import kept_edits, two_factor

# Codes tried per client per 5 minutes: a six-digit code can't be guessed within it.
CODE_ATTEMPTS = 10


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=64,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = help_text


TOO_MANY = "Too many codes tried. Wait five minutes, then try again."


def _page(request, template: str, context: dict, form: CodeForm):
    context = {**context, "form": form, "site_name": settings.WAGTAIL_SITE_NAME, "next": _next(request)}
    return render(request, template, context, status=400 if form.errors else 200)


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/admin/"
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else "/admin/"


@never_cache
@login_required(login_url="/admin/login/")
def verify(request):
    if not two_factor.has_authenticator(request.user):
        return redirect(f"{two_factor.ENROL_PATH}?next={_next(request)}")
    has_app = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    help_text = (
        "The 6-digit code from your authenticator app, or one of your recovery codes."
        if has_app
        else "One of your recovery codes."
    )
    form = CodeForm(request.POST or None, help_text=help_text)
    if request.method == "POST" and form.is_valid():
        if over_limit(request, "2fa", CODE_ATTEMPTS, 300):
            form.add_error("code", TOO_MANY)
        elif two_factor.verify(request, form.cleaned_data["code"]):
            return redirect(_next(request))
        else:
            form.add_error(
                "code", "That code didn’t work. Type the current code from your authenticator app, or a recovery code."
            )
    context = {"has_passkey": two_factor.has_passkey(request.user)}
    return _page(request, "core/two_factor/verify.html", context, form)


@never_cache
@login_required(login_url="/admin/login/")
def enrol(request):
    if two_factor.has_authenticator(request.user) and not request.user.is_verified():
        return redirect(f"{two_factor.VERIFY_PATH}?next={_next(request)}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    form = CodeForm(request.POST or None, help_text="The 6-digit code your authenticator app shows now.")
    if request.method == "POST" and device is not None and form.is_valid():
        if over_limit(request, "2fa", CODE_ATTEMPTS, 300):
            form.add_error("code", TOO_MANY)
        else:
            codes = two_factor.confirm_authenticator(request, device, form.cleaned_data["code"])
            if codes is not None:
                return _recovery_codes(request, codes)
            form.add_error("code", "That code didn’t work. Check the time on your phone and type the newest code.")
    if device is None:
        device = two_factor.new_authenticator(request.user)
    context = {"uri": two_factor.otpauth_uri(device), "qr_svg": _qr_svg(two_factor.otpauth_uri(device))}
    return _page(request, "core/two_factor/enrol.html", context, form)


def _recovery_codes(request, codes: list[str]):
    context = {"codes": codes, "next": _next(request), "site_name": settings.WAGTAIL_SITE_NAME}
    return render(request, "core/two_factor/recovery_codes.html", context)


@never_cache
@require_POST
@login_required(login_url="/admin/login/")
def passkey_enrolled(request):
    """Where the enrol page's script goes once the library has registered a passkey (and verified
    the session with it): the recovery codes, once."""
    codes = two_factor.passkey_recovery_codes(request.user) if request.user.is_verified() else None
    if codes is None:
        return redirect(_next(request))
    return _recovery_codes(request, codes)


@never_cache
@login_required(login_url="/admin/login/")
def kept_changes(request):
    """Where a sign-in step that interrupted an admin post leads (core/staff/kept_edits.py)."""
    held = kept_edits.kept(request)
    if request.method == "POST" and request.POST.get("discard"):
        kept_edits.discard(request)
        messages.info(request, "Your kept changes were discarded.")
        return redirect("/admin/")
    if held is None:
        messages.info(request, "There are no kept changes to send: anything you saved went through.")
        return redirect("/admin/")
    context = {"held": held, "field": kept_edits.FIELD, "site_name": settings.WAGTAIL_SITE_NAME}
    return render(request, "core/two_factor/kept_changes.html", context)


def _qr_svg(text: str) -> str:
    import qrcode
    import qrcode.image.svg

    return qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage).to_string(encoding="unicode")


urlpatterns = [
    path("2fa/", verify, name="two_factor_verify"),
    path("2fa/enrol/", enrol, name="two_factor_enrol"),
    path("2fa/enrol/passkey/", passkey_enrolled, name="two_factor_passkey_enrolled"),
    # Under /admin/2fa/, which an unverified session may open; the library's views check the rest.
    path("kept-changes/", kept_changes, name="kept_changes"),
    path("2fa/webauthn/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),
]
