"""Smaller admin behaviours: no autosave, clear labels, named demo accounts, only our groups."""

import pytest
from django.urls import reverse

from tests.approaches.test_admin_editing import add_url


@pytest.mark.django_db
def test_no_autosave_on_new_or_existing_pages(admin_client, index, approach):
    for url in (add_url(index), reverse("wagtailadmin_pages:edit", args=[approach.pk])):
        html = admin_client.get(url).content.decode()
        # Autosave wires the form to the w-autosave controller with an interval; off means neither.
        assert "w-autosave#save" not in html and "data-w-autosave-interval-value" not in html, url
