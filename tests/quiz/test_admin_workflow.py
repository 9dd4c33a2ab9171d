"""A clinician builds a quiz in the admin (nested inline forms) and a reviewer publishes it
through the workflow."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import GroupApprovalTask, ModelLogEntry, Workflow, WorkflowContentType
from wagtail.test.utils.form_data import streamfield

from quiz.models import Quiz
from tests.quiz.admin_form import unchanged_post
from tests.quiz.test_flow_validation import SAFETY_FORM, option_data, quiz_form


@pytest.fixture
def review_workflow(db):
    """The "Clinical review" workflow every install gets from core's data migration."""
    workflow = Workflow.objects.get(name="Clinical review")
    assert WorkflowContentType.objects.get(content_type=ContentType.objects.get_for_model(Quiz)).workflow == workflow
    assert list(workflow.tasks.values_list("name", flat=True)) == ["Clinical sign-off"]
    assert GroupApprovalTask.objects.get(name="Clinical sign-off").groups.filter(name="Clinical reviewers").exists()
    return workflow


def member(group, username):
    user = get_user_model().objects.create_user(username, password="a-long-test-password")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.mark.django_db
def test_clinician_submits_and_reviewer_approves(client, review_workflow, pages, levels):
    client.force_login(member("Clinical editors", "clinician"))
    weights = streamfield(
        [
            ("approach", {"approach": pages["cbt"].pk, "weight": 2}),
            ("support_level", {"support_level": levels["weekly"].pk, "weight": 1}),
        ]
    )
    data = quiz_form(
        [
            SAFETY_FORM,
            (
                "concern",
                "What weighs on you?",
                [option_data("Worry", weights=weights), option_data("Other", jump_to="end")],
            ),
            ("pace", "What pace?", [option_data("Slow"), option_data("Soon")]),
        ]
    )
    data["action-submit"] = "action-submit"

    response = client.post(reverse("wagtailsnippets_quiz_quiz:add"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    quiz = Quiz.objects.get()
    assert not quiz.live  # waiting for review
    assert [q.key for q in quiz.questions.all()] == ["safety", "concern", "pace"]
    assert [o.label for o in quiz.questions.get(key="concern").options.all()] == ["Worry", "Other"]
    task_state = quiz.current_workflow_task_state
    assert task_state is not None

    client.force_login(member("Clinical reviewers", "reviewer"))
    approve = reverse("wagtailsnippets_quiz_quiz:workflow_action", args=[quiz.pk, "approve", task_state.pk])
    response = client.post(approve, {"comment": "Checked the wording."})
    assert response.status_code in (200, 302)

    quiz.refresh_from_db()
    assert quiz.live and quiz.live_revision_id
    history = set(ModelLogEntry.objects.for_instance(quiz).values_list("action", "user__username"))
    assert {("wagtail.workflow.start", "clinician"), ("wagtail.workflow.approve", "reviewer")} <= history
    assert ("wagtail.publish", "reviewer") in history
    live = quiz.live_revision.as_object()
    option = live.questions.all()[1].options.all()[0]
    assert option.weights.raw_data[0]["value"]["approach"] == pages["cbt"].pk


@pytest.mark.django_db
def test_clinician_cannot_publish_directly(client, review_workflow):
    client.force_login(member("Clinical editors", "clinician"))
    data = quiz_form([SAFETY_FORM, ("two", "Second?", [option_data("A"), option_data("B")])])
    data["action-publish"] = "action-publish"
    client.post(reverse("wagtailsnippets_quiz_quiz:add"), data)
    quiz = Quiz.objects.get()
    assert quiz.live_revision_id is None


@pytest.mark.django_db
def test_preview_shows_the_flow_map_without_javascript(admin_client, quiz):
    url = reverse("wagtailsnippets_quiz_quiz:preview_on_add")
    data = quiz_form(
        [
            SAFETY_FORM,
            ("two", "Second?", [option_data("A", jump_to="end"), option_data("B")]),
            ("three", "Third?", [option_data("C"), option_data("D")]),
        ],
        title="Draft quiz",
    )
    assert admin_client.post(url, data).json()["is_valid"]
    html = admin_client.get(url).content.decode()
    assert "Flow map" in html
    assert "Crisis page (ends the quiz)" in html
    assert "Results" in html and "Next: Q3: Third?" in html
    assert "<script" not in html.split("<main>")[1]


@pytest.mark.django_db
def test_flow_map_shows_what_each_answer_scores(admin_client, quiz, pages, levels):
    edit = reverse("wagtailsnippets_quiz_quiz:edit", args=[quiz.pk])
    preview = reverse("wagtailsnippets_quiz_quiz:preview_on_edit", args=[quiz.pk])
    data = unchanged_post(admin_client.get(edit).content.decode(), form_id="w-editor-form")
    assert admin_client.post(preview, data).json()["is_valid"]

    page = BeautifulSoup(admin_client.get(preview).content, "html.parser")

    def scores(question, answer):
        row = page.find(id=f"q-{question}").find("td", string=answer).find_parent("tr")
        return [li.get_text(" ", strip=True) for li in row.select("li")]

    assert scores("concern", "Low mood") == ["CBT +2", "Medication +1"]
    assert scores("sleep", "Yes") == ["Medication +3", "Weekly therapy +2"]
    assert scores("safety", "Yes") == []
    assert scores("extras", "No medication") == ["Medication -5"]
    assert scores("pace", "Soon") == ["Urgent help +5 (urgent: always suggested)"]
