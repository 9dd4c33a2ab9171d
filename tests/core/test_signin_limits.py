"""One address trying many usernames is stopped; a flood of password resets sends a handful of mails.

Sign-ins go through Wagtail's real login form, as in tests/core/test_admin_access.py.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from tests.core.test_admin_access import ATTACKER, OFFICE, PASSWORD, _normalised, sign_in, signed_in

RESET = "/admin/password_reset/"


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("clinic-admin", "admin@example.org", PASSWORD)


@pytest.fixture
def clinician(db):
    return get_user_model().objects.create_user("dr-lee", "lee@example.org", PASSWORD, is_staff=True)


@pytest.mark.django_db
def test_one_address_trying_thirty_usernames_is_refused_after_the_cap(settings, admin_user):
    settings.SIGNIN_ADDRESS_FAILURE_LIMIT = 20
    attacker = Client()
    statuses = [sign_in(attacker, f"guess-{n}", "not-the-password").status_code for n in range(30)]
    assert statuses == [200] * 20 + [429] * 10
    # Refused before any password check: even a right password from there is refused.
    assert sign_in(attacker, "clinic-admin", PASSWORD).status_code == 429
    assert not signed_in(attacker)


@pytest.mark.django_db
def test_the_real_user_still_signs_in_from_elsewhere(settings, admin_user):
    settings.SIGNIN_ADDRESS_FAILURE_LIMIT = 20
    attacker = Client()
    for n in range(30):
        sign_in(attacker, "clinic-admin" if n % 3 == 0 else f"guess-{n}", "not-the-password")
    assert sign_in(attacker, "clinic-admin", PASSWORD).status_code == 429

    office = Client()
    assert sign_in(office, "clinic-admin", PASSWORD, address=OFFICE).status_code == 302
    assert signed_in(office)


@pytest.mark.django_db
def test_a_few_typos_from_a_shared_address_lock_nobody_else_there(settings, admin_user, clinician):
    settings.SIGNIN_ADDRESS_FAILURE_LIMIT = 20
    for _ in range(4):
        sign_in(Client(), "dr-lee", "typo", address=OFFICE)
    colleague = Client()
    assert sign_in(colleague, "clinic-admin", PASSWORD, address=OFFICE).status_code == 302


def reset(email, address=ATTACKER):
    return Client().post(RESET, {"email": email}, REMOTE_ADDR=address, follow=True)


@pytest.mark.django_db
def test_36_reset_requests_for_one_account_send_at_most_three_mails(settings, admin_user):
    settings.PASSWORD_RESET_ACCOUNT_LIMIT = 3
    settings.PASSWORD_RESET_ADDRESS_LIMIT = 10
    answers = {
        _normalised(reset("admin@example.org", address=f"198.51.100.{n}"), "admin@example.org") for n in range(36)
    }
    assert len(mail.outbox) == 3
    assert len(answers) == 1  # the held-back requests got the same page as the rest


@pytest.mark.django_db
def test_one_address_asking_for_many_accounts_sends_at_most_its_limit(settings):
    settings.PASSWORD_RESET_ACCOUNT_LIMIT = 3
    settings.PASSWORD_RESET_ADDRESS_LIMIT = 10
    for n in range(36):
        get_user_model().objects.create_user(f"staff-{n}", f"staff-{n}@example.org", PASSWORD)
    for n in range(36):
        reset(f"staff-{n}@example.org")
    assert len(mail.outbox) == 10


@pytest.mark.django_db
def test_over_the_limit_a_known_address_gets_the_unknown_address_answer(settings, admin_user):
    settings.PASSWORD_RESET_ACCOUNT_LIMIT = 1
    reset("admin@example.org")
    held_back = reset("admin@example.org")
    unknown = reset("stranger@example.org")
    assert len(mail.outbox) == 1
    assert held_back.redirect_chain == unknown.redirect_chain
    assert _normalised(held_back, "admin@example.org") == _normalised(unknown, "stranger@example.org")
