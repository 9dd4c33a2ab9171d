"""Seeding for governance: the demo reviewer's signature. Governance seeds no content."""

from django.contrib.auth import get_user_model

from governance.models import ClinicalReviewer

# The demo reviewer signs approvals with a name and credentials, as a real one would; the role
# says plainly that nobody has clinically reviewed anything.
DEMO_REVIEWER = {
    "name": "Dr Ana Rivera",
    "credentials": "MD, psychiatrist",
    "role": "Demo account: not a real clinician",
}


def seed_demo_users(users) -> None:
    """Give the demo account in Clinical reviewers (core.site.services.DEMO_USERS) its reviewer record."""
    usernames = [user.username for user in users if user.role == "Clinical reviewers"]
    for user in get_user_model().objects.filter(username__in=usernames):
        ClinicalReviewer.objects.get_or_create(user=user, defaults=DEMO_REVIEWER)
