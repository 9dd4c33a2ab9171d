"""“Jump to” is a choice of the quiz's own questions; renaming a question takes its jumps along."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from quiz.flow import build_flow
from quiz.models import Quiz
from tests.quiz.admin_form import unchanged_post
from tests.quiz.test_flow_validation import SAFETY_FORM, option_data, quiz_form


def choices(select):
    # decode_contents: get_text() leaves out text inside a <template>, where the blank answer is.
    return [(o.get("value", ""), o.decode_contents().strip()) for o in select.find_all("option")]


@pytest.mark.django_db
def test_jump_to_offers_the_quizs_own_questions(admin_client, quiz):
    html = admin_client.get(reverse("wagtailsnippets_quiz_quiz:edit", args=[quiz.pk])).content
    page = BeautifulSoup(html, "html.parser")

    family = page.find("select", attrs={"name": "questions-1-options-1-jump_to"})
    assert choices(family) == [
        ("", "Next question"),
        ("safety", "Q1: Are you safe right now?"),
        ("concern", "Q2: What weighs on you most?"),
        ("sleep", "Q3: Has your sleep changed a lot?"),
        ("extras", "Q4: What would you like?"),
        ("pace", "Q5: What pace feels right?"),
        ("end", "End: show the results"),
    ]
    assert family.find("option", selected=True)["value"] == "extras"
    # A new answer added in the editor gets the same list.
    blank = page.find("select", attrs={"name": "questions-1-options-__prefix__-jump_to"})
    assert choices(blank) == choices(family)


@pytest.mark.django_db
def test_renaming_a_question_takes_its_jumps_along(admin_client, quiz):
    url = reverse("wagtailsnippets_quiz_quiz:edit", args=[quiz.pk])
    data = unchanged_post(admin_client.get(url).content.decode(), form_id="w-editor-form")
    assert data["questions-3-key"] == "extras" and data["questions-1-options-1-jump_to"] == "extras"
    data["questions-3-key"] = "wishes"

    response = admin_client.post(url, data)

    assert response.status_code == 302
    flow = build_flow(Quiz.objects.get().get_latest_revision_as_object())
    assert flow.next_after("concern", ["family"]) == "wishes"


@pytest.mark.django_db
def test_answers_jumping_to_a_missing_question_get_one_message(admin_client):
    jumps = [option_data(label, jump_to="sleep") for label in ("A", "B", "C")]
    third = ("three", "Third?", [option_data("D"), option_data("E")])
    data = quiz_form([SAFETY_FORM, ("two", "Second?", jumps), third])

    response = admin_client.post(reverse("wagtailsnippets_quiz_quiz:add"), data)

    assert response.status_code == 200
    html = response.content.decode()
    message = "There is no question named “sleep” in this quiz. 3 answers jump to it: Q2 “A”, Q2 “B”, Q2 “C”."
    assert html.count(message) == 2  # once at the top, once beside the first of those answers
    page = BeautifulSoup(html, "html.parser")
    for n in (1, 2):
        select = page.find("select", attrs={"name": f"questions-1-options-{n}-jump_to"})
        wrapper = select.find_parent(attrs={"data-field-wrapper": True}) or select.find_parent("div")
        assert "Choose where this answer leads: “sleep” is not in this quiz." in wrapper.get_text()
        assert select.find("option", selected=True).get_text(strip=True) == "“sleep” (not in this quiz)"
    assert not Quiz.objects.exists()
