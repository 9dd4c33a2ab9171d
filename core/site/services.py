"""Writes for portal-wide records: demo accounts for each role."""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

DEMO_USERS = [
    # username, role group, superuser?, first name, last name
    ("clinician", "Clinical editors", False, "Clinical", "editor"),
    ("reviewer", "Clinical reviewers", False, "Ana", "Rivera"),
    ("analyst", "Analytics", False, "Data", "analyst"),
    ("siteadmin", "Site admins", True, "Site", "admin"),
]
# Names earlier seeding gave demo accounts by mistake, corrected on the next run.
_OLD_DEMO_NAMES = {"analyst": "Analytic"}


@dataclass
class DemoUser:
    username: str
    role: str
    created: bool
    authenticator: bool = False


def generate_demo_password() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def ensure_demo_users(*, password: str, totp_secret: str = "") -> list[DemoUser]:
    """Create one account per role. Existing accounts keep their password and groups.

    With a base32 `totp_secret`, each also gets an authenticator with that secret (once), so
    demos and automated checks can sign in with a code.
    """
    from core.staff.two_factor import demo_authenticator

    User = get_user_model()
    result = []
    for username, role, is_superuser, first_name, last_name in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@example.org",
                "first_name": first_name,
                "last_name": last_name,
                "is_staff": is_superuser,
                "is_superuser": is_superuser,
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=role))
        elif user.first_name == _OLD_DEMO_NAMES.get(username):
            user.first_name, user.last_name = first_name, last_name
            user.save(update_fields=["first_name", "last_name"])
        authenticator = demo_authenticator(user, totp_secret) if totp_secret else False
        result.append(DemoUser(username=username, role=role, created=created, authenticator=authenticator))
    return result
