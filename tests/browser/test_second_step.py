"""The second sign-in step looks and works like Wagtail's own sign-in: its stylesheet and layout,
in light and dark themes, errors beside the field, axe clean, and codes work without JavaScript."""

import base64
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.support import wcag_report, when_unlocked
from tests.support import DEMO_TOTP_SECRET

PASSWORD = "a-long-demo-password-8"
SECRET = base64.b32decode(DEMO_TOTP_SECRET)


@pytest.fixture(autouse=True)
def _required(settings):
    settings.STAFF_2FA_REQUIRED = True


@pytest.fixture
def staff(portal_url):
    def create():
        user = get_user_model().objects.create_user("second-step", password=PASSWORD)
        user.groups.add(Group.objects.get(name="Clinical editors"))
        TOTPDevice.objects.create(user=user, name="App", key=SECRET.hex(), confirmed=True)
        return user

    user = when_unlocked(create)
    yield user
    when_unlocked(user.delete)


def code() -> str:
    """The current code, as if typed a little later: django-otp refuses a code already used, and any
    code for a second or more after a wrong one (its throttle)."""
    devices = TOTPDevice.objects.filter(user__username="second-step")
    when_unlocked(lambda: devices.update(last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None))
    return f"{TOTP(SECRET).token():06d}"


def to_second_step(page, portal_url):
    page.goto(portal_url + "/admin/login/")
    page.fill("#id_username", "second-step")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/2fa/\?"))


def styles(page) -> dict:
    return page.evaluate(
        """() => {
            const body = getComputedStyle(document.body);
            const button = getComputedStyle(document.querySelector('main form button[type=submit]'));
            return {font: body.fontFamily, text: body.color,
                    buttonBackground: button.backgroundColor,
                    sheets: [...document.styleSheets].map(s => s.href || '').join(' ')};
        }"""
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_second_step_has_wagtails_sign_in_stylesheet_and_is_axe_clean(portal_url, staff, new_page, scheme):
    page = new_page(color_scheme=scheme)
    to_second_step(page, portal_url)
    found = styles(page)
    assert "wagtailadmin/css/core.css" in found["sheets"]
    # A page with no stylesheet shows the browser's serif and grey default buttons.
    assert "serif" not in found["font"].replace("sans-serif", "")
    assert found["buttonBackground"] not in ("rgb(239, 239, 239)", "rgb(240, 240, 240)", "rgba(0, 0, 0, 0)")
    # Wagtail's dark theme: light text on a dark page.
    light_text = sum(map(int, re.findall(r"\d+", found["text"])[:3])) > 3 * 128
    assert light_text == (scheme == "dark"), found["text"]
    assert page.get_by_role("heading", level=1).inner_text().startswith("One more step to sign in to Steady Path")
    assert page.title().endswith("Steady Path")
    report = wcag_report(page)
    assert report is None, report


def test_a_wrong_code_is_shown_beside_the_field_and_a_code_works_without_javascript(portal_url, staff, new_page):
    page = new_page(java_script_enabled=False)
    to_second_step(page, portal_url)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Sign in").click()
    field = page.locator(".w-field", has=page.locator("#id_code"))
    field.locator(".error-message").wait_for()
    assert "That code didn’t work" in field.inner_text()
    page.get_by_label("Code").fill(code())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(portal_url + "/admin/")
    page.goto(portal_url + "/admin/pages/")
    assert page.url.endswith("/admin/pages/")


def test_enrolment_has_the_same_layout_and_is_axe_clean(portal_url, staff, new_page):
    when_unlocked(lambda: TOTPDevice.objects.filter(user=staff).delete())
    page = new_page()
    page.goto(portal_url + "/admin/login/")
    page.fill("#id_username", "second-step")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/2fa/enrol/\?"))
    assert "wagtailadmin/css/core.css" in styles(page)["sheets"]
    report = wcag_report(page)
    assert report is None, report
