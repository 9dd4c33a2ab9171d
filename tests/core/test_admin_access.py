"""Admin sign-in: lockout after five failures, strong passwords, idle sessions, no user enumeration.

Every sign-in here goes through Wagtail's real login form, so django-axes sees it as it would
in production (`force_login` skips authentication and so skips axes).
"""

import logging
import re
import time

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from wagtail.users.forms import UserCreationForm

from core.models import StaffSession as Session

LOGIN = "/admin/login/"
PASSWORD = "a-long-admin-password-7"
ATTACKER = "198.51.100.23"
OFFICE = "192.0.2.10"


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("clinic-admin", "admin@example.org", PASSWORD)


def sign_in(client, username, password, *, address=ATTACKER, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def fail(client, username, times, **extra):
    return [sign_in(client, username, "not-the-password", **extra) for _ in range(times)]


def signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


# Lockout (django-axes) ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_correct_password_after_four_failures_signs_in_and_clears_the_count(client, admin_user):
    assert [r.status_code for r in fail(client, "clinic-admin", 4)] == [200] * 4
    response = sign_in(client, "clinic-admin", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert signed_in(client)
    assert not AccessAttempt.objects.exists()  # reset on success: the next typo starts from zero


@pytest.mark.django_db
def test_the_sixth_attempt_is_refused_even_with_the_right_password(client, admin_user):
    *first_four, fifth = fail(client, "clinic-admin", 5)
    assert [r.status_code for r in first_four] == [200] * 4
    assert fifth.status_code == 429  # the fifth failure is the one that locks

    sixth = sign_in(client, "clinic-admin", PASSWORD)
    assert sixth.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to the login page


@pytest.mark.django_db
def test_the_lockout_page_explains_and_still_shows_the_crisis_numbers(client, admin_user):
    fail(client, "clinic-admin", 5)
    response = sign_in(client, "clinic-admin", PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == str(30 * 60)
    assert response["Cache-Control"] == "no-store"
    assert "Sign-in is paused" in html and "30 minutes" in html
    assert 'href="tel:988"' in html and 'href="tel:911"' in html
    assert "clinic-admin" not in html


@pytest.mark.django_db
def test_an_unknown_username_is_locked_out_the_same_way(client, admin_user):
    # Otherwise the lockout itself would tell an attacker which usernames exist.
    known = [r.status_code for r in fail(client, "clinic-admin", 6)]
    unknown = [r.status_code for r in fail(client, "no-such-person", 6)]
    assert known == unknown == [200, 200, 200, 200, 429, 429]


@pytest.mark.django_db
def test_a_made_up_forwarded_for_header_does_not_reset_the_count(client, admin_user):
    for n in range(5):
        sign_in(client, "clinic-admin", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert sign_in(client, "clinic-admin", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


@pytest.mark.django_db
def test_an_attacker_elsewhere_cannot_lock_the_admin_out_of_the_office(admin_user):
    fail(Client(), "clinic-admin", 5, address=ATTACKER)
    office = Client()
    assert sign_in(office, "clinic-admin", PASSWORD, address=OFFICE).status_code == 302
    assert signed_in(office)


@pytest.mark.django_db
def test_the_lockout_lifts_after_the_cool_off(client, admin_user):
    fail(client, "clinic-admin", 5)
    assert sign_in(client, "clinic-admin", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - settings_cool_off())
    assert sign_in(client, "clinic-admin", PASSWORD).status_code == 302


def settings_cool_off():
    from axes.helpers import get_cool_off

    return get_cool_off()


@pytest.mark.django_db
def test_axes_keeps_no_address_and_no_sign_in_history(client, admin_user, caplog):
    caplog.set_level(logging.DEBUG)
    fail(client, "clinic-admin", 3, HTTP_USER_AGENT="DistinctBrowser/1.0")
    attempt = AccessAttempt.objects.get()
    assert attempt.ip_address != ATTACKER and attempt.ip_address.startswith("fd")
    assert "not-the-password" not in attempt.post_data and "clinic-admin" not in attempt.post_data

    sign_in(client, "clinic-admin", PASSWORD)
    assert not AccessLog.objects.exists() and not AccessAttempt.objects.exists()
    for record in caplog.records:
        message = record.getMessage()
        for secret in (ATTACKER, "clinic-admin", "DistinctBrowser", "not-the-password", PASSWORD):
            assert secret not in message, (record.name, message)


@pytest.mark.django_db
def test_axes_tables_are_migrated_and_no_migration_is_missing():
    assert MigrationRecorder.Migration.objects.filter(app="axes").exists()
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # exits 1 if one is missing


# Passwords --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "weak, reason",
    [
        ("Sh0rt-pass", "too short"),
        ("password1234", "too common"),
        ("820461937252", "entirely numeric"),
        ("clinic-admin-2024", "too similar"),
    ],
)
def test_weak_passwords_are_refused(weak, reason):
    user = get_user_model()(username="clinic-admin", email="clinic-admin@example.org")
    with pytest.raises(ValidationError, match=reason):
        validate_password(weak, user=user)


@pytest.mark.django_db
def test_wagtail_user_form_refuses_a_weak_password_and_takes_a_strong_one():
    data = {"username": "new-editor", "email": "editor@example.org", "first_name": "N", "last_name": "E"}
    weak = UserCreationForm(data={**data, "password1": "password1234", "password2": "password1234"})
    assert not weak.is_valid()
    assert "This password is too common." in weak.errors["password2"]
    strong = UserCreationForm(data={**data, "password1": PASSWORD, "password2": PASSWORD})
    assert strong.is_valid(), strong.errors


# Sessions -------------------------------------------------------------------------------------


def test_staff_sessions_are_short_and_idle_based():
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


@pytest.mark.django_db
def test_each_admin_request_pushes_the_expiry_on(client, admin_user):
    sign_in(client, "clinic-admin", PASSWORD)
    key = client.session.session_key
    first = Session.objects.get(session_key=key).expire_date
    time.sleep(0.05)
    client.get("/admin/")
    assert Session.objects.get(session_key=key).expire_date > first


@pytest.mark.django_db
def test_an_idle_session_sends_the_admin_back_to_sign_in(client, admin_user, settings):
    settings.SESSION_COOKIE_AGE = 1
    sign_in(client, "clinic-admin", PASSWORD)
    assert signed_in(client)
    time.sleep(1.5)
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


@pytest.mark.django_db
def test_without_remember_me_the_cookie_ends_with_the_browser(client, admin_user):
    sign_in(client, "clinic-admin", PASSWORD)
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""
    remembered = Client()
    remembered.post(LOGIN, {"username": "clinic-admin", "password": PASSWORD, "remember": "on"})
    assert remembered.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 2 * 60 * 60


@pytest.mark.django_db
def test_patients_never_get_a_django_session(patient, client):
    patient.start()
    patient.answer("safety", "safe")
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    assert not Session.objects.exists()


# No user enumeration ----------------------------------------------------------------------------


def _normalised(response, username):
    html = response.content.decode()
    html = re.sub(r"\b[A-Za-z0-9]{64}\b", "CSRF-TOKEN", html)  # a fresh token on every page
    return html.replace(username, "USERNAME")


@pytest.mark.django_db
def test_login_says_the_same_for_an_unknown_user_and_a_wrong_password(admin_user, template_context):
    inactive = get_user_model().objects.create_user("left-the-clinic", password=PASSWORD, is_active=False)
    answers = {
        "unknown": sign_in(Client(), "nobody-here", "whatever-password"),
        "wrong password": sign_in(Client(), "clinic-admin", "whatever-password"),
        "inactive": sign_in(Client(), inactive.username, PASSWORD),
    }
    usernames = {"unknown": "nobody-here", "wrong password": "clinic-admin", "inactive": inactive.username}
    assert {r.status_code for r in answers.values()} == {200}
    errors = {name: list(r.context["form"].non_field_errors()) for name, r in answers.items()}
    assert errors["unknown"] == errors["wrong password"] == errors["inactive"]
    assert errors["unknown"] == ["Your username and password didn't match. Please try again."]
    pages = {_normalised(r, usernames[name]) for name, r in answers.items()}
    assert len(pages) == 1


@pytest.mark.django_db
def test_password_reset_answers_the_same_for_a_known_and_an_unknown_email(admin_user):
    known = Client().post("/admin/password_reset/", {"email": "admin@example.org"}, follow=True)
    sent = len(mail.outbox)
    unknown = Client().post("/admin/password_reset/", {"email": "stranger@example.org"}, follow=True)
    assert sent == 1 and len(mail.outbox) == 1  # only the real address gets a message
    assert known.redirect_chain == unknown.redirect_chain
    assert known.status_code == unknown.status_code == 200
    assert _normalised(known, "admin@example.org") == _normalised(unknown, "stranger@example.org")
