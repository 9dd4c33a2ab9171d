"""The "why" on results names every answer that moved a suggestion materially (docs/quiz.md):
at least 2 points, or at least a quarter of the suggestion's score; and for the support level,
also the answers that set the floor when the floor changed the outcome."""

import pytest

from quiz.factories import SAFETY_QUESTION, QuizFactory, SupportLevelFactory, weights
from quiz.scoring import Reason, compute_results
from quiz.selectors import editor_flow


@pytest.fixture
def support(db):
    return {
        "self": SupportLevelFactory(slug="self", name="Self-guided", rank=1),
        "weekly": SupportLevelFactory(slug="weekly", name="Weekly therapy", rank=2),
        "both": SupportLevelFactory(slug="both", name="Therapy and medication", rank=3),
    }


def question(key, *options, **extra):
    return {"key": key, "text": f"{key.title()}?", "options": list(options), **extra}


def option(key, **weighted):
    return {"key": key, "label": key.replace("-", " ").capitalize(), "weights": weights(**weighted)}


def results(quiz, **answers):
    return compute_results(editor_flow(quiz), {"safety": ["safe"], **{k: [v] for k, v in answers.items()}})


@pytest.mark.django_db
def test_an_approach_names_each_answer_that_gave_it_two_points_or_a_quarter(pages):
    meds = pages["meds"]
    quiz = QuizFactory(
        questions=[
            SAFETY_QUESTION,
            question("mood", option("low", approaches={meds: 1}), option("fine")),
            question("sleep", option("a-lot", approaches={meds: 3}), option("fine")),
            question("strength", option("intense", approaches={meds: 2}), option("mild")),
            question("tried", option("not-enough", approaches={meds: 2}), option("first")),
        ]
    )
    heavy = results(quiz, mood="low", sleep="a-lot", strength="intense", tried="not-enough")
    assert heavy.approaches[0].score == 8
    # 1 of 8 points is neither 2 points nor a quarter: "Low" did not move it materially.
    assert heavy.approaches[0].reasons == (
        Reason("Sleep?", "A lot"),
        Reason("Strength?", "Intense"),
        Reason("Tried?", "Not enough"),
    )
    light = results(quiz, mood="low", sleep="fine", strength="mild", tried="first")
    assert light.approaches[0].reasons == (Reason("Mood?", "Low"),)  # 1 of 1 point


@pytest.mark.django_db
def test_the_support_level_names_the_answer_that_set_its_floor(support):
    quiz = QuizFactory(
        questions=[
            SAFETY_QUESTION,
            # "At least weekly", and no points toward the level finally suggested.
            question(
                "strength",
                option("intense", support={support["weekly"]: 1}, at_least=[support["weekly"]]),
                option("mild"),
            ),
            question("sleep", option("a-lot", support={support["both"]: 2}), option("fine")),
            question("pace", option("on-my-own", support={support["self"]: 3}), option("weekly")),
        ]
    )
    for_it = results(quiz, strength="intense", sleep="a-lot", pace="on-my-own")
    # Without the floor "on my own" (3) would win; with it, therapy and medication (2) does.
    assert for_it.support_level_id == support["both"].pk
    assert for_it.support_reasons == (Reason("Strength?", "Intense"), Reason("Sleep?", "A lot"))

    at_floor = results(quiz, strength="intense", sleep="fine", pace="on-my-own")
    assert at_floor.support_level_id == support["weekly"].pk
    assert at_floor.support_reasons == (Reason("Strength?", "Intense"),)

    # A floor that changed nothing is not a reason: the pace answer won on its own.
    no_floor = results(quiz, strength="mild", sleep="fine", pace="on-my-own")
    assert no_floor.support_reasons == (Reason("Pace?", "On my own"),)


@pytest.mark.django_db
def test_a_small_nudge_toward_the_winning_level_is_not_a_reason(support):
    quiz = QuizFactory(
        questions=[
            SAFETY_QUESTION,
            question("strength", option("come-and-go", support={support["weekly"]: 1}), option("mild")),
            question("tried", option("first-time", support={support["weekly"]: 1}), option("helped")),
            question("pace", option("weekly", support={support["weekly"]: 3}), option("on-my-own")),
        ]
    )
    outcome = results(quiz, strength="come-and-go", tried="first-time", pace="weekly")
    assert outcome.support_level_id == support["weekly"].pk
    assert outcome.support_reasons == (Reason("Pace?", "Weekly"),)  # 1 of 5 points each for the others
