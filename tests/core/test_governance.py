"""Clinical governance: who may do what, the review workflow, review dates, content health."""

import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.models import PageLogEntry

from approaches.factories import ApproachPageFactory
from approaches.models import ApproachPage
from core.site.review_rules import add_months, reading_grade
from governance.content_health import health_rows
from governance.models import ClinicalReviewer, PageReview
from governance.reviews import record_review
from tests.approaches.test_admin_editing import add_url, approach_form

ROLES = ["Clinical editors", "Clinical reviewers", "Analytics", "Site admins"]


def member(group, username=None, **extra):
    user = get_user_model().objects.create_user(
        username or group.lower().replace(" ", "-"), password="a-long-test-password", **extra
    )
    user.groups.add(Group.objects.get(name=group))
    if group == "Site admins":
        user.is_superuser = True
        user.save()
    return user


EDITORS, REVIEWERS, ANALYSTS, ADMINS = ROLES
CLINICIANS = {EDITORS, REVIEWERS, ADMINS}

# Who may open each report under Reports (keyed by its menu item's name), as docs/editors.md says.
REPORTS = {
    "content-health": CLINICIANS,
    "quiz-analytics": {ANALYSTS, ADMINS},
    # Analysts see the counts; only clinicians read what patients wrote (docs/feedback.md).
    "page-feedback": {*CLINICIANS, ANALYSTS},
    "patient-comments": CLINICIANS,
    # Link checks: clinicians see which links are broken; only site admins start a check.
    "broken-links": CLINICIANS,
    "site-history": CLINICIANS,
    "workflows": CLINICIANS,
    "workflow-tasks": CLINICIANS,
    "aging-pages": CLINICIANS,
    "page-types-usage": CLINICIANS,
    # Editors may lock a page but not unlock someone else's, and the report is for unlocking.
    "locked-pages": {REVIEWERS, ADMINS},
    # Wagtail's search promotions report; always empty here (patients' searches are never recorded).
    "search-terms": {ADMINS},
    # wagtail-localize's: which pages are translated into which languages.
    "translations": CLINICIANS,
}
# Who may list and add each snippet, as docs/editors.md says.
SNIPPETS = {
    "approaches.condition": CLINICIANS,
    "approaches.providertype": CLINICIANS,
    "approaches.story": CLINICIANS,
    "quiz.quiz": CLINICIANS,
    "quiz.supportlevel": CLINICIANS,
    "core.portalwording": CLINICIANS,
    "priorities.prioritylist": CLINICIANS,
    "priorities.approachfit": CLINICIANS,
    "governance.clinicalreviewer": {ADMINS},
}


def registered_reports() -> dict[str, str]:
    """Every report in the Reports menu: its menu item's name -> URL."""
    items = (hook() for hook in hooks.get_hooks("register_reports_menu_item"))
    return {item.name: item.url for item in items if item is not None}


def snippet_url(label: str, view: str) -> str:
    return reverse(apps.get_model(label).snippet_viewset.get_url_name(view))


@pytest.mark.django_db
def test_editor_cannot_publish_directly(client, index, conditions):
    client.force_login(member("Clinical editors"))
    form = client.get(add_url(index)).content.decode()
    assert 'name="action-publish"' not in form
    data = approach_form(conditions, [])
    data["action-publish"] = "action-publish"
    client.post(add_url(index), data)
    page = ApproachPage.objects.filter(slug="behavioral-activation").first()
    assert page is None or not page.live


def submit_as_editor(client, index, conditions):
    client.force_login(member("Clinical editors"))
    data = approach_form(conditions, [])
    data["action-submit"] = "action-submit"
    assert client.post(add_url(index), data).status_code == 302
    page = ApproachPage.objects.get(slug="behavioral-activation")
    assert not page.live and page.current_workflow_task_state is not None
    return page


@pytest.mark.django_db
def test_submit_then_approve_publishes_and_stamps_the_review(client, index, conditions, crisis_page):
    page = submit_as_editor(client, index, conditions)
    reviewer = member("Clinical reviewers", "dr-rivera", email="rivera@example.org")
    ClinicalReviewer.objects.create(name="Dr Ana Rivera", credentials="MD, psychiatrist", user=reviewer)
    client.force_login(reviewer)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    assert client.post(url, {"comment": "Clinically accurate."}).status_code in (200, 302)

    page.refresh_from_db()
    assert page.live
    review = PageReview.objects.get(page=page)
    assert review.reviewer_name == "Dr Ana Rivera, MD, psychiatrist"
    assert review.reviewed_at.date() == timezone.localdate()

    html = client.get(page.url).content.decode()
    text = BeautifulSoup(html, "html.parser").find(class_="review-notice").get_text(" ", strip=True)
    due = add_months(timezone.localdate(), 12)
    assert f"Page last reviewed: {timezone.localdate():%B %-d, %Y} by Dr Ana Rivera, MD, psychiatrist." in text
    assert f"Next review due: {due:%B %-d, %Y}." in text
    assert f'"lastReviewed": "{timezone.localdate().isoformat()}"' in html

    actions = list(PageLogEntry.objects.filter(page=page).values_list("action", "user__username"))
    assert ("wagtail.workflow.start", "clinical-editors") in actions
    assert ("wagtail.workflow.approve", "dr-rivera") in actions
    assert ("wagtail.publish", "dr-rivera") in actions


@pytest.mark.django_db
def test_reviewer_rejection_keeps_the_page_unpublished(client, index, conditions):
    page = submit_as_editor(client, index, conditions)
    client.force_login(member("Clinical reviewers"))
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk])
    client.post(url, {"comment": "Please soften the wording."})
    page.refresh_from_db()
    assert not page.live
    assert not PageReview.objects.filter(page=page).exists()
    assert PageLogEntry.objects.filter(page=page, action="wagtail.workflow.reject").exists()


@pytest.mark.django_db
def test_never_reviewed_pages_say_so(client, approach):
    text = BeautifulSoup(client.get(approach.url).content, "html.parser").find(class_="review-notice").get_text()
    assert "Not yet clinically reviewed." in text


def test_reading_grade_of_a_known_text():
    simple = "The cat sat on the mat. " * 5
    hard = (
        "Pharmacological interventions necessitate comprehensive multidisciplinary evaluation, "
        "particularly regarding contraindications and idiosyncratic adverse physiological reactions. "
    ) * 2
    assert reading_grade(simple) < 2
    assert reading_grade(hard) > 16
    assert reading_grade("Too short to judge.") is None


@pytest.mark.django_db
def test_content_health_rows_for_hand_built_pages(index):
    now = timezone.now()
    pages = {
        name: ApproachPageFactory(parent=index, title=name, review_interval_months=interval)
        for name, interval in [("never", 12), ("overdue", 6), ("soon", 12), ("fine", 12)]
    }
    record_review(page=pages["overdue"], user=None, when=now - timedelta(days=200))
    record_review(page=pages["soon"], user=None, when=now - timedelta(days=350))
    record_review(page=pages["fine"], user=None, when=now - timedelta(days=10))
    hard = ApproachPageFactory(
        parent=index,
        title="hard",
        summary="Comprehensive psychopharmacological management necessitates multidisciplinary coordination "
        "and meticulous physiological monitoring throughout pharmacotherapeutic titration.",
    )
    states = {row.title: row.status.state for row in health_rows()}
    assert states == {"never": "never", "overdue": "overdue", "soon": "due-soon", "fine": "ok", "hard": "never"}
    assert [r.title for r in health_rows("overdue")] == ["overdue"]
    assert [r.title for r in health_rows("hard")] == ["hard"]
    assert {r.title for r in health_rows("attention")} == {"never", "overdue", "soon", "hard"}
    assert hard.reading_grade > 8


@pytest.mark.django_db
def test_reminders_email_reviewers_what_is_due(approach):
    member("Clinical reviewers", "rev", email="rev@example.org")
    out = io.StringIO()
    call_command("send_review_reminders", stdout=out)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rev@example.org"]
    assert f"{approach.title}: Never reviewed" in mail.outbox[0].body


@pytest.mark.django_db
def test_editors_see_the_reading_level_while_editing(admin_client, approach):
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[approach.pk])).content.decode()
    assert "Reading level" in html and "grade 8" in html
