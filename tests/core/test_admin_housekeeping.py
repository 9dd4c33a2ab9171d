"""Smaller admin behaviours: no autosave, clear labels, named demo accounts, only our groups, one image description."""

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Workflow

from approaches.factories import ApproachPageFactory
from core.staff.roles import ROLES
from governance.models import ClinicalReviewer
from governance.seeding import DEMO_REVIEWER
from tests.approaches.test_admin_editing import add_url, approach_form
from tests.core.test_governance import submit_as_editor


@pytest.mark.django_db
def test_no_autosave_on_new_or_existing_pages(admin_client, index, approach):
    for url in (add_url(index), reverse("wagtailadmin_pages:edit", args=[approach.pk])):
        html = admin_client.get(url).content.decode()
        # Autosave wires the form to the w-autosave controller with an interval; off means neither.
        assert "w-autosave#save" not in html and "data-w-autosave-interval-value" not in html, url


@pytest.mark.django_db
def test_settings_and_wording_labels_read_properly(admin_client):
    from core.models import PortalWording

    settings_html = admin_client.get(
        reverse("wagtailsettings:edit", args=["core", "portalsettings"]), follow=True
    ).content.decode()
    assert "Crisis chat URL" in settings_html and "Crisis chat url" not in settings_html
    # The words around the numbers are per language, in the reviewed Portal wording.
    wording = PortalWording.objects.get(locale__language_code="en")
    wording_html = admin_client.get(
        reverse(wording.snippet_viewset.get_url_name("edit"), args=[wording.pk])
    ).content.decode()
    assert "Outside US text" in wording_html and "Outside us text" not in wording_html


@pytest.mark.django_db
def test_only_the_portal_roles_and_one_workflow_exist(db):
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(ROLES)
    assert list(Workflow.objects.values_list("name", flat=True)) == ["Clinical review"]


@pytest.mark.django_db
def test_demo_accounts_have_proper_names_and_the_reviewer_signs_with_credentials(client, index, conditions):
    call_command("seed_portal", "--demo-users", stdout=io.StringIO())
    users = {u.username: u for u in get_user_model().objects.all()}
    assert users["analyst"].get_full_name() == "Data analyst"
    reviewer = users["reviewer"]
    signature = f"{DEMO_REVIEWER['name']}, {DEMO_REVIEWER['credentials']}"
    assert str(reviewer.clinical_reviewer) == signature

    page = submit_as_editor(client, index, conditions)
    client.force_login(reviewer)
    task_state = page.current_workflow_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]), {"comment": ""}
    )
    client.logout()
    notice = BeautifulSoup(client.get(page.url).content, "html.parser").find(class_="review-notice").get_text()
    assert f"by {signature}." in " ".join(notice.split())


@pytest.mark.django_db
def test_seeding_again_fixes_the_old_analyst_name_and_nothing_else(db):
    user = get_user_model().objects.create_user("analyst", first_name="Analytic", password="x-long-password-1")
    user.groups.add(Group.objects.get(name="Analytics"))
    call_command("seed_portal", "--demo-users", stdout=io.StringIO())
    user.refresh_from_db()
    assert user.get_full_name() == "Data analyst" and user.check_password("x-long-password-1")
    call_command("seed_portal", "--demo-users", stdout=io.StringIO())
    assert ClinicalReviewer.objects.count() == 1


@pytest.mark.django_db
def test_an_image_has_one_description_that_the_page_and_content_health_share(
    admin_client, client, index, template_context
):
    from wagtail_factories import ImageFactory

    described = ImageFactory(title="Quiet room", description="A quiet room with two chairs")
    bare = ImageFactory(title="Bare photo", description="")
    page = ApproachPageFactory(parent=index, slug="with-image", image=described)

    assert BeautifulSoup(client.get(page.url).content, "html.parser").find("img")["alt"] == described.description
    health = BeautifulSoup(admin_client.get("/admin/reports/content-health/").content, "html.parser")
    missing = health.find("h2", string="Images without a description").find_next_sibling("ul").get_text()
    assert "Bare photo" in missing and "Quiet room" not in missing

    data = approach_form([], [], image=str(bare.pk))
    response = admin_client.post(add_url(index), data)
    assert "This image has no description" in str(response.context["form"].errors["image"])
