"""A passkey enrolled and used in Chromium, with its virtual authenticator (DevTools protocol)
standing in for a fingerprint reader; driven from the keyboard."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp_webauthn.models import WebAuthnCredential

from tests.browser.support import when_unlocked

PASSWORD = "a-long-demo-password-9"


@pytest.fixture(autouse=True)
def _required(settings):
    # The live server runs in this process, so the override reaches it.
    settings.STAFF_2FA_REQUIRED = True


def add_virtual_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
    }
    return cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})["authenticatorId"]


def sign_in_with_password(page, portal_url):
    page.goto(portal_url + "/admin/login/")
    page.fill("#id_username", "new-editor")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def press(page, button_name):
    # The library's script needs its translations (loaded async) before the button can work.
    page.wait_for_function("typeof window.gettext === 'function'")
    button = page.get_by_role("button", name=button_name)
    button.focus()
    page.keyboard.press("Enter")


@pytest.fixture
def new_editor(portal_url):
    """A staff member of this test's own, without a passkey yet; gone again afterwards, with
    whatever the test enrolled."""

    def create():
        user = get_user_model().objects.create_user("new-editor", password=PASSWORD)
        user.groups.add(Group.objects.get(name="Clinical editors"))
        return user

    user = when_unlocked(create)
    yield user
    when_unlocked(user.delete)


def test_a_staff_member_enrols_a_passkey_and_signs_in_with_it(portal_url, new_editor, new_page):
    user = new_editor
    assert portal_url.startswith("http://localhost:")  # browsers refuse an IP address as the passkey's domain

    page = new_page()
    add_virtual_authenticator(page)
    sign_in_with_password(page, portal_url)
    page.wait_for_url(re.compile(r"/admin/2fa/enrol/\?"))
    press(page, "Use a passkey or security key")
    page.get_by_role("heading", name="Keep these recovery codes").wait_for()
    assert page.locator(".recovery-codes code").count() == 10
    assert WebAuthnCredential.objects.filter(user=user, confirmed=True).count() == 1
    page.get_by_role("link", name="Continue to the admin").click()
    page.wait_for_url(portal_url + "/admin/")

    # A new session: the password, then the passkey, and the admin opens.
    page.context.clear_cookies()
    sign_in_with_password(page, portal_url)
    page.wait_for_url(re.compile(r"/admin/2fa/\?"))
    press(page, "Use your passkey")
    page.wait_for_url(portal_url + "/admin/")
    page.goto(portal_url + "/admin/pages/")
    assert page.url.endswith("/admin/pages/")  # not sent back to a sign-in step
