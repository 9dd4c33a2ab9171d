"""The preview beside the editor shows the page; patient pages still refuse to be framed."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from approaches.factories import StandardPageFactory


def framing(response) -> str:
    csp = response["Content-Security-Policy"]
    return next(d.strip() for d in csp.split(";") if d.strip().startswith("frame-ancestors"))


@pytest.mark.django_db
def test_the_preview_panel_may_frame_a_page_but_the_patient_page_may_not(admin_client, client, home):
    page = StandardPageFactory(parent=home, title="About us", slug="about")
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    form = nested_form_data(
        {"title": "About us, edited", "slug": "about", "intro": "Who we are.", "body": streamfield([])}
    )
    assert admin_client.post(preview_url, form).json()["is_valid"]

    preview = admin_client.get(preview_url, {"in_preview_panel": "true"})

    assert preview.status_code == 200
    assert "About us, edited" in preview.content.decode()
    assert framing(preview) == "frame-ancestors 'self'"
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    # Only framing is relaxed: the preview runs under the patient policy otherwise.
    assert "script-src 'self'" in preview["Content-Security-Policy"]
    assert "unsafe-inline" not in preview["Content-Security-Policy"]

    patient_view = client.get(page.url)
    assert framing(patient_view) == "frame-ancestors 'none'"
    assert patient_view["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_a_revision_of_an_approach_page_previews_in_a_frame(admin_client, approach):
    revision = approach.save_revision()
    response = admin_client.get(reverse("wagtailadmin_pages:revisions_view", args=[approach.pk, revision.pk]))
    assert response.status_code == 200 and approach.title in response.content.decode()
    assert framing(response) == "frame-ancestors 'self'"


@pytest.mark.django_db
def test_the_quiz_preview_may_be_framed_by_the_admin(admin_client, quiz):
    revision = quiz.latest_revision
    url = reverse("wagtailsnippets_quiz_quiz:revisions_view", args=[quiz.pk, revision.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert framing(response) == "frame-ancestors 'self'"


@pytest.mark.django_db
def test_the_admin_requests_no_gravatar(admin_client, admin_user):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    html += admin_client.get(reverse("wagtailadmin_account")).content.decode()
    assert "gravatar" not in html.lower()
    assert "default-user-avatar" in html
