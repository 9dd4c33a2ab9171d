"""Every flow rule, with the words an editor sees beside the field, on save and on publish."""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from quiz.flow import Flow, OptionSpec, QuestionSpec, validate_flow
from quiz.models import Quiz


def flow(*questions):
    return Flow(quiz_id=None, revision_id=None, title="t", questions=tuple(questions))


SAFETY = QuestionSpec("safety", "Safe?", (OptionSpec("yes", "Yes"), OptionSpec("no", "No", is_crisis=True)))


def q(key, *options, required=True):
    return QuestionSpec(
        key, key.title(), tuple(options) or (OptionSpec("a", "A"), OptionSpec("b", "B")), required=required
    )


def messages(errors):
    return [e.message for e in errors]


def test_a_valid_flow_has_no_errors():
    assert (
        validate_flow(flow(SAFETY, q("two"), q("three", OptionSpec("a", "A", jump_to="end"), OptionSpec("b", "B"))))
        == []
    )


def test_the_first_question_must_be_a_required_safety_question():
    errors = validate_flow(flow(q("two"), SAFETY))
    assert errors[0].question == 0
    assert "The first question must be the safety question" in errors[0].message

    optional_safety = QuestionSpec("safety", "Safe?", SAFETY.options, required=False)
    assert validate_flow(flow(optional_safety))[0].field == "required"


def test_an_empty_quiz_is_refused():
    assert "Add at least one question" in messages(validate_flow(flow()))[0]


def test_jump_target_must_be_a_question_in_this_quiz():
    errors = validate_flow(flow(SAFETY, q("two", OptionSpec("a", "A", jump_to="elsewhere"), OptionSpec("b", "B"))))
    assert [(e.question, e.option, e.field) for e in errors] == [(1, 0, "jump_to")]
    assert errors[0].message.startswith("There is no question named “elsewhere” in this quiz.")


def test_jumping_backwards_could_loop_and_is_refused():
    errors = validate_flow(
        flow(SAFETY, q("two"), q("three", OptionSpec("a", "A", jump_to="two"), OptionSpec("b", "B")))
    )
    assert [(e.question, e.option, e.field) for e in errors] == [(2, 0, "jump_to")]
    assert "could send patients round in a loop" in errors[0].message

    to_itself = validate_flow(flow(SAFETY, q("two", OptionSpec("a", "A", jump_to="two"), OptionSpec("b", "B"))))
    assert "loop" in to_itself[0].message


def test_every_path_ends_because_questions_need_answers():
    errors = validate_flow(flow(SAFETY, QuestionSpec("dead-end", "?", ())))
    assert messages(errors) == ["Give this question at least two answers."]


def test_crisis_answers_cannot_jump():
    errors = validate_flow(
        flow(
            QuestionSpec(
                "safety", "Safe?", (OptionSpec("yes", "Yes"), OptionSpec("no", "No", is_crisis=True, jump_to="end"))
            )
        )
    )
    assert "A crisis answer always goes straight to the crisis page" in errors[0].message


def test_question_names_are_unique_and_not_reserved():
    assert "already named “two”" in messages(validate_flow(flow(SAFETY, q("two"), q("two"))))[0]
    assert "“end” is reserved" in messages(validate_flow(flow(SAFETY, q("end"))))[0]


def test_weighted_approach_pages_must_be_live():
    weighted = q("two", OptionSpec("a", "A", approach_weights=((7, 2),)), OptionSpec("b", "B"))
    errors = validate_flow(flow(SAFETY, weighted), live_approach_ids={8})
    assert (errors[0].question, errors[0].option, errors[0].field) == (1, 0, "weights")
    assert "not published" in errors[0].message
    assert validate_flow(flow(SAFETY, weighted), live_approach_ids={7}) == []


# --- In the admin --------------------------------------------------------------------


def option_data(label, **extra):
    return {"label": label, "key": "", "jump_to": "", "weights": streamfield([]), **extra}


def quiz_form(questions, title="Clinic quiz", test_cases=()):
    """The quiz editor's POST; `test_cases` are dicts of a test case's fields as posted."""
    return nested_form_data(
        {
            "title": title,
            "intro": "",
            "questions": inline_formset(
                [
                    {
                        "text": text,
                        "key": key,
                        "help_text": "",
                        "required": "on",
                        "options": inline_formset(options),
                    }
                    for key, text, options in questions
                ]
            ),
            "test_cases": inline_formset(list(test_cases)),
        }
    )


SAFETY_FORM = ("safety", "Are you safe?", [option_data("Yes"), option_data("No", is_crisis="on")])


@pytest.mark.django_db
def test_admin_shows_a_bad_jump_beside_the_field_and_saves_nothing(admin_client):
    data = quiz_form([SAFETY_FORM, ("two", "Second?", [option_data("A", jump_to="nowhere"), option_data("B")])])
    response = admin_client.post(reverse("wagtailsnippets_quiz_quiz:add"), data)

    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    field = page.find(attrs={"name": "questions-1-options-0-jump_to"})
    wrapper = field.find_parent(attrs={"data-field-wrapper": True}) or field.find_parent("div")
    assert "There is no question named “nowhere” in this quiz." in wrapper.get_text()
    assert not Quiz.objects.exists()


@pytest.mark.django_db
def test_admin_refuses_a_quiz_without_a_safety_question_first(admin_client):
    data = quiz_form([("two", "Second?", [option_data("A"), option_data("B")]), SAFETY_FORM])
    response = admin_client.post(reverse("wagtailsnippets_quiz_quiz:add"), data)
    assert response.status_code == 200
    assert "The first question must be the safety question" in response.content.decode()
    assert not Quiz.objects.exists()


@pytest.mark.django_db
def test_admin_refuses_to_publish_with_an_unpublished_approach(admin_client, pages):
    draft = pages["cbt"]
    draft.unpublish()
    weights = streamfield([("approach", {"approach": draft.pk, "weight": 2})])
    data = quiz_form([SAFETY_FORM, ("two", "Second?", [option_data("A", weights=weights), option_data("B")])])
    data["action-publish"] = "action-publish"
    response = admin_client.post(reverse("wagtailsnippets_quiz_quiz:add"), data)
    assert response.status_code == 200
    assert "One of the approach pages weighted here is not published." in response.content.decode()
    assert not Quiz.objects.exists()


@pytest.mark.django_db
def test_at_least_a_support_level_needs_a_positive_weight(admin_client, levels):
    weights = streamfield([("support_level", {"support_level": levels["weekly"].pk, "weight": "0", "at_least": "on"})])
    data = quiz_form([SAFETY_FORM, ("two", "Second?", [option_data("A", weights=weights), option_data("B")])])
    response = admin_client.post(reverse("wagtailsnippets_quiz_quiz:add"), data)

    assert response.status_code == 200
    block = BeautifulSoup(response.content, "html.parser").find(id="questions-1-options-0-weights")
    _value, errors = json.loads(block["data-w-block-arguments-value"])
    assert errors["blockErrors"]["0"]["blockErrors"]["weight"]["messages"] == [
        "“At least this level” needs a positive weight toward the level."
    ]
    assert not Quiz.objects.exists()
