"""The roles survive a flush (how the browser tests put their database back, and how an operator
empties one): Django makes model permissions again, and core.staff.roles makes the one wagtail-localize
only ever created in a migration. The flush runs inside the test's transaction and is rolled back
with it, so the tests after this one keep the database migrations made."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from core.staff.roles import ROLES


@pytest.mark.django_db
def test_a_flush_leaves_every_role_with_its_permissions_including_submitting_translations():
    call_command("flush", interactive=False, verbosity=0)
    for name in ("Clinical editors", "Clinical reviewers"):
        group = Group.objects.get(name=name)
        assert group.permissions.filter(
            content_type__app_label="wagtail_localize", codename="submit_translation"
        ).exists(), name
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)
