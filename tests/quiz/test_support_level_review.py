"""Support levels reach patients only through Clinical review, like pages: the urgent level
above all, whose crisis numbers must not disappear on one editor's say-so."""

import importlib

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from wagtail.models import WorkflowContentType

from quiz.factories import SupportLevelFactory
from quiz.models import SupportLevel
from tests.conftest import Patient
from tests.core.test_governance import member
from tests.quiz.admin_form import unchanged_post


def edit_post(client, level, action, **changes):
    """The support level's edit form as rendered, with `changes` made and `action` pressed."""
    url = reverse("wagtailsnippets_quiz_supportlevel:edit", args=[level.pk])
    data = unchanged_post(client.get(url).content.decode(), form_id="w-editor-form")
    for field, value in changes.items():
        data.pop(field, None)
        if value is not None:
            data[field] = value
    data[action] = action
    return client.post(url, data)


def results_for_a_patient_who_needs_help_soon(quiz_page):
    patient = Patient(Client(), quiz_page)
    patient.start()
    patient.answer("safety", "safe")
    patient.answer("concern", "family")
    patient.skip("extras")
    patient.answer("pace", "soon")
    html = patient.client.get("/quiz/results/").content.decode()
    return BeautifulSoup(html, "html.parser").find("section", attrs={"aria-labelledby": "pace"})


def shows_crisis_numbers(section):
    return section is not None and section.find("a", href="tel:988") is not None


@pytest.mark.django_db
def test_support_levels_are_on_the_clinical_review_workflow():
    content_type = ContentType.objects.get_for_model(SupportLevel)
    assert WorkflowContentType.objects.get(content_type=content_type).workflow.name == "Clinical review"
    reviewers = Group.objects.get(name="Clinical reviewers").permissions.values_list("codename", flat=True)
    editors = Group.objects.get(name="Clinical editors").permissions.values_list("codename", flat=True)
    assert {"change_supportlevel", "publish_supportlevel", "unlock_supportlevel"} <= set(reviewers)
    assert "change_supportlevel" in editors and "publish_supportlevel" not in editors


@pytest.mark.django_db
def test_unticking_urgent_waits_for_a_reviewer(client, quiz_page, levels):
    urgent = levels["urgent"]
    client.force_login(member("Clinical editors", "clinician"))
    response = edit_post(client, urgent, "action-submit", is_urgent=None, patient_text="Book a visit.")
    assert response.status_code == 302

    urgent.refresh_from_db()
    assert urgent.is_urgent and urgent.has_unpublished_changes  # patients still get the published version
    assert not urgent.get_latest_revision_as_object().is_urgent
    section = results_for_a_patient_who_needs_help_soon(quiz_page)
    assert "Urgent help" in section.get_text() and "Book a visit." not in section.get_text()
    assert shows_crisis_numbers(section)

    client.force_login(member("Clinical reviewers", "reviewer"))
    task_state = urgent.current_workflow_task_state
    approve = reverse("wagtailsnippets_quiz_supportlevel:workflow_action", args=[urgent.pk, "approve", task_state.pk])
    assert client.post(approve, {"comment": "Agreed."}).status_code in (200, 302)

    urgent.refresh_from_db()
    assert not urgent.is_urgent
    section = results_for_a_patient_who_needs_help_soon(quiz_page)
    assert "Book a visit." in section.get_text() and not shows_crisis_numbers(section)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Clinical editors", "Clinical reviewers", "Site admins"])
def test_no_one_publishes_a_support_level_without_review(client, quiz_page, levels, role):
    urgent = levels["urgent"]
    client.force_login(member(role))
    edit = client.get(reverse("wagtailsnippets_quiz_supportlevel:edit", args=[urgent.pk])).content.decode()
    assert not BeautifulSoup(edit, "html.parser").find(attrs={"name": "action-publish"})

    edit_post(client, urgent, "action-publish", is_urgent=None)  # as if the button were there

    urgent.refresh_from_db()
    assert urgent.is_urgent
    assert shows_crisis_numbers(results_for_a_patient_who_needs_help_soon(quiz_page))


@pytest.mark.django_db
def test_patients_see_only_published_support_levels(quiz_page, levels):
    urgent = levels["urgent"]
    urgent.name = "Renamed in a draft"
    urgent.save_revision()  # a draft of a live level: the row keeps the published version
    section = results_for_a_patient_who_needs_help_soon(quiz_page)
    assert "Urgent help" in section.get_text() and "Renamed" not in section.get_text()

    urgent.unpublish()
    assert results_for_a_patient_who_needs_help_soon(quiz_page) is None  # weights toward it no longer count


@pytest.mark.django_db
def test_a_level_never_published_is_ignored_by_the_scoring(quiz_page, levels):
    from quiz.selectors import live_flow

    draft = SupportLevelFactory(slug="draft", name="Draft level", rank=9, publish=False)
    flow = live_flow(quiz_page.quiz)
    assert draft.pk not in flow.support_ranks and levels["urgent"].pk in flow.urgent_levels


@pytest.mark.django_db
def test_the_migration_publishes_existing_levels_with_a_first_revision(db):
    migration = importlib.import_module("quiz.migrations.0007_support_levels_reviewed")
    level = SupportLevel.objects.create(name="Older level", slug="older", rank=5, patient_text="Text.", is_urgent=True)
    assert level.live_revision_id is None

    migration.publish_existing_levels(apps, None)

    level.refresh_from_db()
    assert level.live and level.live_revision_id == level.latest_revision_id
    restored = level.live_revision.as_object()
    assert (restored.name, restored.is_urgent, restored.live) == ("Older level", True, True)
    migration.publish_existing_levels(apps, None)
    assert level.revisions.count() == 1  # running it again adds nothing


@pytest.mark.django_db
def test_preview_shows_the_level_as_patients_would_see_it(admin_client, levels):
    urgent = levels["urgent"]
    url = reverse("wagtailsnippets_quiz_supportlevel:preview_on_edit", args=[urgent.pk])
    edit = admin_client.get(reverse("wagtailsnippets_quiz_supportlevel:edit", args=[urgent.pk])).content.decode()
    data = unchanged_post(edit, form_id="w-editor-form")
    data["patient_text"] = "Please reach out today."
    assert admin_client.post(url, data).json()["is_valid"]

    section = BeautifulSoup(admin_client.get(url).content, "html.parser").find("section")
    assert "Please reach out today." in section.get_text()
    assert shows_crisis_numbers(section)


@pytest.mark.django_db
def test_an_approved_change_reaches_patients_mid_quiz_without_a_restart(patient, client, levels):
    patient.start()
    patient.answer("safety", "safe")
    patient.answer("concern", "low")
    patient.answer("sleep", "yes")  # weekly therapy +2
    patient.skip("extras")
    assert client.get("/quiz/step/pace/").status_code == 200  # the flow and the levels are read mid-quiz

    weekly = levels["weekly"]
    weekly.is_urgent = True  # as approved by a reviewer: urgent levels are a floor
    weekly.save_revision().publish()

    patient.answer("pace", "own")  # self-guided +3 would win on points alone
    section = BeautifulSoup(client.get("/quiz/results/").content, "html.parser").find(
        "section", attrs={"aria-labelledby": "pace"}
    )
    assert "Weekly therapy" in section.get_text() and shows_crisis_numbers(section)
