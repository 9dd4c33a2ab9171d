"""Every admin screen a clinician uses for this content opens, with its help text and previews."""

import pytest
from django.urls import reverse

from approaches.models import ApproachPage, StandardPage


@pytest.mark.django_db
def test_edit_screens_open_for_every_page_type(admin_client, home, index, approach, crisis_page):
    for page in [home, index, approach, crisis_page]:
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[approach.pk])).content.decode()
    for heading in ["Who typically provides this?", "Often helpful for", "Pace note", "Safety notes"]:
        assert heading in html


@pytest.mark.django_db
def test_portal_settings_screen_opens(admin_client, crisis_page):
    response = admin_client.get(reverse("wagtailsettings:edit", args=["core", "portalsettings"]), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Crisis resources" in html and "Linked pages and search" in html


@pytest.mark.django_db
def test_portal_wording_screens_open(admin_client, home):
    from core.models import PortalWording
    from core.site.seeding import SeedReport, seed

    seed(SeedReport())  # the migration's English row, or the same after a transactional test's flush
    english = PortalWording.objects.get(locale__language_code="en")
    assert admin_client.get(reverse("wagtailsnippets_core_portalwording:list")).status_code == 200
    html = admin_client.get(reverse("wagtailsnippets_core_portalwording:edit", args=[english.pk])).content.decode()
    assert "Crisis resources" in html and "Shared wording" in html


@pytest.mark.django_db
def test_snippet_screens_open(admin_client, approach):
    for model in ["condition", "providertype"]:
        assert admin_client.get(reverse(f"wagtailsnippets_approaches_{model}:list")).status_code == 200
        assert admin_client.get(reverse(f"wagtailsnippets_approaches_{model}:add")).status_code == 200


def stream_children():
    for model, field in [
        (ApproachPage, "session_items"),
        (ApproachPage, "questions"),
        (ApproachPage, "safety_notes"),
        (StandardPage, "body"),
    ]:
        for name, block in model._meta.get_field(field).stream_block.child_blocks.items():
            yield pytest.param(block, id=f"{field}.{name}")


@pytest.mark.django_db
@pytest.mark.parametrize("block", list(stream_children()))
def test_block_previews_render_in_the_picker(admin_client, block):
    response = admin_client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200
    html = response.content.decode()
    assert "css/portal.css" in html
    assert "<main>" in html and len(html) > 500
