"""Passkeys / security keys (django-otp-webauthn) as the other second factor for staff.

What can be checked without a browser: the pages offer passkeys, the library's begin endpoints
answer a signed-in staff member and refuse everyone else, and a passkey enrolment ends with
recovery codes. tests/browser/test_passkeys.py registers and uses one in Chromium."""

import base64

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from tests.core.test_production_settings import run

PASSWORD = "a-long-demo-password-9"
REGISTER_BEGIN = "/admin/2fa/webauthn/registration/begin/"
AUTH_BEGIN = "/admin/2fa/webauthn/authentication/begin/"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.STAFF_2FA_REQUIRED = True


@pytest.fixture
def editor(home):
    user = get_user_model().objects.create_user("new-editor", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Clinical editors"))
    return user


def signed_in(user) -> Client:
    client = Client()
    assert client.post("/admin/login/", {"username": user.get_username(), "password": PASSWORD}).status_code == 302
    return client


def add_passkey(user) -> WebAuthnCredential:
    return WebAuthnCredential.objects.create(
        user=user, name="Laptop", credential_id=b"credential-" + user.get_username().encode(), public_key=b"key"
    )


def test_the_enrol_page_offers_a_passkey_beside_the_authenticator_app(editor):
    page = signed_in(editor).get("/admin/2fa/enrol/").content.decode()
    assert "Use a passkey or security key" in page
    assert 'id="passkey-register-button"' in page and "otp_webauthn_register.js" in page
    assert "Passkeys need JavaScript" in page and "<noscript>" in page
    assert "<svg" in page  # the authenticator app is still there, and needs no script


def test_the_verify_page_offers_the_passkey_only_to_someone_who_has_one(editor):
    TOTPDevice.objects.create(user=editor, name="App", confirmed=True)
    client = signed_in(editor)
    assert "Use your passkey" not in client.get("/admin/2fa/").content.decode()

    add_passkey(editor)
    page = client.get("/admin/2fa/").content.decode()
    assert "Use your passkey" in page and "otp_webauthn_auth.js" in page
    assert 'name="code"' in page  # codes still work without JavaScript


def test_a_passkey_alone_counts_as_an_authenticator_and_sends_to_the_verify_page(editor):
    add_passkey(editor)
    response = signed_in(editor).get("/admin/pages/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/2fa/?")


def test_registration_begins_for_a_signed_in_staff_member_enrolling(editor):
    response = signed_in(editor).post(REGISTER_BEGIN)
    assert response.status_code == 200
    options = response.json()
    assert options["rp"] == {"name": "Steady Path", "id": "localhost"}
    assert options["user"]["name"] == "new-editor" and options["challenge"]


@pytest.mark.django_db
def test_registration_refuses_anonymous_users():
    response = Client().post(REGISTER_BEGIN)
    assert response.status_code == 403 and response.json()["code"] == "not_authenticated"


def test_a_password_alone_cannot_add_a_passkey_to_an_account_that_has_a_second_factor(editor):
    # Otherwise someone with the password could register their own key and skip the code.
    TOTPDevice.objects.create(user=editor, name="App", confirmed=True)
    response = signed_in(editor).post(REGISTER_BEGIN)
    assert response.status_code == 403 and response.json()["code"] == "user_not_verified"


def test_authentication_begins_for_the_signed_in_owner_of_a_passkey(editor):
    passkey = add_passkey(editor)
    response = signed_in(editor).post(AUTH_BEGIN)
    assert response.status_code == 200
    options = response.json()
    assert options["rpId"] == "localhost" and options["challenge"]
    expected = base64.urlsafe_b64encode(passkey.credential_id).rstrip(b"=").decode()
    assert [credential["id"] for credential in options["allowCredentials"]] == [expected]


@pytest.mark.django_db
def test_authentication_refuses_anonymous_users_no_passwordless_sign_in():
    response = Client().post(AUTH_BEGIN)
    assert response.status_code == 403 and response.json()["code"] == "passwordless_login_disabled"


def test_a_passkey_enrolment_ends_with_recovery_codes_once(editor):
    client = signed_in(editor)
    passkey = add_passkey(editor)
    # As the library's registration view leaves it: the session verified by the new passkey.
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = passkey.persistent_id
    session.save()

    first = client.post("/admin/2fa/enrol/passkey/", {"next": "/admin/pages/"})
    assert first.status_code == 200 and first.content.decode().count("<code>") == 10
    again = client.post("/admin/2fa/enrol/passkey/", {"next": "/admin/pages/"})
    assert again.status_code == 302 and again["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_no_recovery_codes_for_a_session_the_passkey_has_not_verified(editor):
    client = signed_in(editor)
    add_passkey(editor)
    response = client.post("/admin/2fa/enrol/passkey/", {"next": "/admin/pages/"})
    assert response.status_code == 302 and "<code>" not in response.content.decode()


def test_production_takes_the_passkey_domain_from_the_admin_address():
    code = (
        "from django.conf import settings; "
        "print(settings.OTP_WEBAUTHN_RP_ID, settings.OTP_WEBAUTHN_ALLOWED_ORIGINS, settings.PASSKEY_ANY_LOCALHOST_PORT)"
    )
    result = run(code, setup=False, WAGTAILADMIN_BASE_URL="https://admin.steadypath.example")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["admin.steadypath.example", "['https://admin.steadypath.example']", "False"]


def test_the_second_step_pages_get_the_admin_icons_not_a_copy_of_themselves(editor):
    # Wagtail's script fetches the sprite and pastes it into the page; redirected to the enrol
    # page, it pasted a second copy of the enrol forms into it.
    response = signed_in(editor).get("/admin/sprite/")
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
