"""A second factor for staff: with STAFF_2FA_REQUIRED (production), a password opens no admin screen."""

import base64
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP

from tests.core.test_production_settings import run
from tests.support import DEMO_PASSWORD, DEMO_TOTP_SECRET

DEMO_SECRET = DEMO_TOTP_SECRET
PASSWORD = DEMO_PASSWORD
ADMIN_SCREENS = [
    "/admin/",
    "/admin/pages/",
    "/admin/snippets/approaches/condition/",
    "/admin/reports/content-health/",
    "/admin/account/",
]


@pytest.fixture(autouse=True)
def _required(settings):
    settings.STAFF_2FA_REQUIRED = True


def code_for(secret_bytes: bytes) -> str:
    return f"{TOTP(secret_bytes).token():06d}"


def demo_code() -> str:
    return code_for(base64.b32decode(DEMO_SECRET))


def sign_in(client, username):
    return client.post("/admin/login/", {"username": username, "password": PASSWORD})


@pytest.fixture
def demo_users(seeded_portal_with_users, db):
    """The demo accounts, seeded once for the module: the command's output."""
    return seeded_portal_with_users


def opens(client, url) -> bool:
    response = client.get(url)
    return response.status_code == 200


@pytest.mark.django_db
def test_a_password_alone_opens_no_admin_screen(demo_users):
    client = Client()
    assert sign_in(client, "clinician").status_code == 302
    for url in ADMIN_SCREENS:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/2fa/"), url


@pytest.mark.django_db
def test_a_code_from_the_demo_authenticator_opens_the_admin(demo_users):
    assert "otpauth://totp/" in demo_users and DEMO_SECRET in demo_users
    client = Client()
    sign_in(client, "clinician")
    response = client.post("/admin/2fa/", {"code": demo_code(), "next": "/admin/pages/"})
    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    assert all(opens(client, url) for url in ADMIN_SCREENS)


@pytest.mark.django_db
def test_a_wrong_code_is_refused_and_the_admin_stays_shut(demo_users):
    client = Client()
    sign_in(client, "clinician")
    wrong = f"{(int(demo_code()) + 1) % 1_000_000:06d}"
    response = client.post("/admin/2fa/", {"code": wrong})
    assert response.status_code == 400 and "didn’t work" in response.content.decode()
    assert not opens(client, "/admin/")


@pytest.mark.django_db
def test_seeding_again_adds_no_second_authenticator_or_uri(demo_users, monkeypatch):
    out = io.StringIO()
    call_command("seed_portal", "--demo-users", stdout=out)
    assert "otpauth://" not in out.getvalue()
    from django_otp.plugins.otp_totp.models import TOTPDevice

    assert TOTPDevice.objects.filter(user__username="clinician").count() == 1


@pytest.mark.django_db
def test_first_sign_in_enrols_an_authenticator_and_gives_recovery_codes_that_work_once(demo_users):
    user = get_user_model().objects.create_user("new-editor", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Clinical editors"))
    client = Client()
    sign_in(client, "new-editor")
    response = client.get("/admin/pages/")
    assert response["Location"].startswith("/admin/2fa/enrol/")

    page = client.get(response["Location"]).content.decode()
    secret = re.search(r"secret=([A-Z2-7]+)", page).group(1)
    assert "<svg" in page  # the QR code
    done = client.post("/admin/2fa/enrol/", {"code": code_for(base64.b32decode(secret + "=" * (-len(secret) % 8)))})
    codes = re.findall(r"<code>([^<]+)</code>", done.content.decode())
    assert len(codes) == 10
    assert opens(client, "/admin/pages/")

    # Lost phone: a recovery code signs in once.
    for attempt, expected in ((codes[0], True), (codes[0], False)):
        other = Client()
        sign_in(other, "new-editor")
        other.post("/admin/2fa/", {"code": attempt})
        assert opens(other, "/admin/") is expected


@pytest.mark.django_db
def test_wagtails_login_then_the_code_is_the_only_way_in_even_for_a_superuser(demo_users):
    get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    client = Client()
    sign_in(client, "root")
    assert client.get(reverse("wagtailsettings:edit", args=["core", "portalsettings"]), follow=False).status_code == 302
    assert not opens(client, "/admin/users/")


def test_production_settings_require_the_second_factor_whatever_the_environment():
    code = "from django.conf import settings; print(settings.STAFF_2FA_REQUIRED)"
    result = run(code, setup=False, STAFF_2FA_REQUIRED="false")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
