"""A review stamp means what it says: it covers the live version, and nobody approves their own work."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import TaskState, Workflow

from approaches.models import ApproachPage
from governance.content_health import health_rows
from governance.models import ClinicalReviewer, ClinicalReviewTask
from tests.approaches.test_admin_editing import add_url, approach_form
from tests.core.test_governance import member, submit_as_editor

# These tests read `response.context` (see `template_context` in tests/conftest.py).
pytestmark = pytest.mark.usefixtures("template_context")


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def approve_url(page):
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", page.current_workflow_task_state.pk])


def notice(client, page) -> str:
    html = client.get(page.url).content.decode()
    return BeautifulSoup(html, "html.parser").find(class_="review-notice").get_text(" ", strip=True)


def structured_data(client, page) -> dict:
    html = client.get(page.url).content.decode()
    return json.loads(BeautifulSoup(html, "html.parser").find("script", type="application/ld+json").string)


def refused(response) -> bool:
    """Wagtail answers a refused admin action with a redirect to the dashboard and a message."""
    messages = [str(m) for m in response.context["messages"]] if response.context else []
    return response.redirect_chain[-1][0] == "/admin/" and any("permission" in m for m in messages)


def approve(client, reviewer, page):
    client.force_login(reviewer)
    assert client.post(approve_url(page), {"comment": ""}).status_code in (200, 302)
    page.refresh_from_db()


def publish_edit(client, user, page, **changes):
    client.force_login(user)
    data = approach_form([], [], slug=page.slug, **changes)
    data["action-publish"] = "action-publish"
    assert client.post(edit_url(page), data).status_code == 302


@pytest.fixture
def reviewer(db):
    user = member("Clinical reviewers", "dr-rivera")
    ClinicalReviewer.objects.create(name="Dr Ana Rivera", credentials="MD", user=user)
    return user


@pytest.mark.django_db
def test_a_plain_publish_after_review_says_changed_since_last_review(client, index, conditions, reviewer):
    page = submit_as_editor(client, index, conditions)
    approve(client, reviewer, page)
    assert "Page last reviewed" in notice(client, page)
    assert [row.review_state for row in health_rows()] == ["Up to date"]

    publish_edit(client, reviewer, page, summary="Rewritten after the review, without a second look.")

    client.logout()
    text = notice(client, page)
    assert "Changed since last review" in text and "Next review due" not in text
    assert "Dr Ana Rivera" in text  # who reviewed the earlier version is still said
    assert "lastReviewed" not in structured_data(client, page)
    (row,) = health_rows()
    assert row.review_state == "Changed since last review"
    assert [r.title for r in health_rows("changed")] == [row.title]
    assert [r.title for r in health_rows("attention")] == [row.title]


@pytest.mark.django_db
def test_the_content_health_report_lists_the_changed_page(admin_client, client, index, conditions, reviewer):
    page = submit_as_editor(client, index, conditions)
    approve(client, reviewer, page)
    publish_edit(client, reviewer, page, summary="Changed.")
    html = admin_client.get("/admin/reports/content-health/", {"state": "changed"}).content.decode()
    assert page.title in html and "Changed since last review" in html


@pytest.mark.django_db
def test_approval_stamps_the_version_it_publishes(client, index, conditions, reviewer):
    page = submit_as_editor(client, index, conditions)
    # A draft saved while the review is open is what approval publishes; the stamp covers it.
    page.summary = "A clarification saved during review."
    page.save_revision(user=page.get_latest_revision().user)
    approve(client, reviewer, page)

    assert ApproachPage.objects.get(pk=page.pk).summary == "A clarification saved during review."
    client.logout()
    assert "Page last reviewed" in notice(client, page)
    assert [row.review_state for row in health_rows()] == ["Up to date"]


@pytest.mark.django_db
def test_a_reviewer_cannot_approve_their_own_submission(client, index, conditions, reviewer):
    client.force_login(reviewer)
    data = approach_form(conditions, [])
    data["action-submit"] = "action-submit"
    assert client.post(add_url(index), data).status_code == 302
    page = ApproachPage.objects.get(slug="behavioral-activation")

    editor = client.get(edit_url(page)).content.decode()
    assert 'data-workflow-action-name="reject"' in editor
    assert 'data-workflow-action-name="approve"' not in editor
    assert refused(client.post(approve_url(page), {"comment": ""}, follow=True))
    page.refresh_from_db()
    assert not page.live

    colleague = member("Clinical reviewers", "dr-okafor")
    client.force_login(colleague)
    assert 'data-workflow-action-name="approve"' in client.get(edit_url(page)).content.decode()
    approve(client, colleague, page)
    assert page.live


@pytest.mark.django_db
def test_a_superuser_cannot_approve_their_own_submission_either(client, index, conditions):
    admin = member("Site admins", "site-admin")
    client.force_login(admin)
    data = approach_form(conditions, [])
    data["action-submit"] = "action-submit"
    client.post(add_url(index), data)
    page = ApproachPage.objects.get(slug="behavioral-activation")
    assert page.current_workflow_task_state is not None  # not waved through

    assert refused(client.post(approve_url(page), {"comment": ""}, follow=True))
    task_state = page.current_workflow_task_state
    with pytest.raises(PermissionDenied):
        task_state.task.specific.on_action(task_state, admin, "approve")
    assert not TaskState.objects.reviewable_by(admin).exists()


@pytest.mark.django_db
def test_a_reviewer_who_edits_a_submission_needs_a_second_reviewer(client, index, conditions, reviewer):
    page = submit_as_editor(client, index, conditions)
    page.summary = "The reviewer's own rewording."
    page.save_revision(user=reviewer)

    client.force_login(reviewer)
    assert 'data-workflow-action-name="approve"' not in client.get(edit_url(page)).content.decode()
    assert refused(client.post(approve_url(page), {"comment": ""}, follow=True))


@pytest.mark.django_db
def test_the_clinical_review_workflow_uses_the_own_work_rule(db):
    (task,) = Workflow.objects.get(name="Clinical review").tasks.specific()
    assert isinstance(task, ClinicalReviewTask)
    assert [g.name for g in task.groups.all()] == ["Clinical reviewers"]


@pytest.mark.django_db
def test_someone_else_in_the_group_still_sees_the_submission_to_review(client, index, conditions, reviewer):
    submit_as_editor(client, index, conditions)
    assert TaskState.objects.reviewable_by(reviewer).count() == 1
    assert not TaskState.objects.reviewable_by(get_user_model().objects.get(username="clinical-editors")).exists()
