"""Writes for portal-wide records: demo accounts for each role."""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

DEMO_USERS = [
    # username, role group, superuser?
    ("clinician", "Clinical editors", False),
    ("reviewer", "Clinical reviewers", False),
    ("analyst", "Analytics", False),
    ("siteadmin", "Site admins", True),
]


@dataclass
class DemoUser:
    username: str
    role: str
    created: bool


def generate_demo_password() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def ensure_demo_users(*, password: str) -> list[DemoUser]:
    """Create one account per role. Existing accounts keep their password and groups."""
    User = get_user_model()
    result = []
    for username, role, is_superuser in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@example.org",
                "first_name": role.rstrip("s").capitalize(),
                "is_staff": is_superuser,
                "is_superuser": is_superuser,
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=role))
        result.append(DemoUser(username=username, role=role, created=created))
    return result
