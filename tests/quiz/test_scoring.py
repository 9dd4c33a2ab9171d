"""Results are a pure function of (flow, answers): tables of answers and the results they give."""

import pytest

from quiz.flow import CRISIS, END, Flow, OptionSpec, QuestionSpec, Score, flow_map
from quiz.scoring import Reason, choose_support_level, compute_results, walk

CBT, MEDS, FAMILY = 101, 102, 103
SELF, WEEKLY, URGENT = 1, 2, 3

FLOW = Flow(
    quiz_id=1,
    revision_id=1,
    title="Table quiz",
    support_ranks={SELF: 1, WEEKLY: 2, URGENT: 3},
    urgent_levels=frozenset({URGENT}),
    questions=(
        QuestionSpec("safety", "Safe?", (OptionSpec("safe", "Yes"), OptionSpec("no", "No", is_crisis=True))),
        QuestionSpec(
            "concern",
            "Concern?",
            (
                OptionSpec("low", "Low mood", approach_weights=((CBT, 2), (MEDS, 1))),
                OptionSpec("family", "Family", jump_to="extras", approach_weights=((FAMILY, 3),)),
            ),
        ),
        QuestionSpec(
            "sleep",
            "Sleep?",
            (
                OptionSpec("yes", "Yes", approach_weights=((MEDS, 3),), support_weights=((WEEKLY, 2),)),
                OptionSpec("no", "No", approach_weights=((CBT, 1),)),
            ),
        ),
        QuestionSpec(
            "extras",
            "Extras?",
            (
                OptionSpec("skills", "Skills", approach_weights=((CBT, 2),)),
                OptionSpec("no-meds", "No meds", approach_weights=((MEDS, -5),)),
                OptionSpec("together", "Together", approach_weights=((FAMILY, 1),)),
            ),
            allow_multiple=True,
            required=False,
        ),
        QuestionSpec(
            "pace",
            "Pace?",
            (
                OptionSpec("own", "Own", support_weights=((SELF, 2),)),
                OptionSpec("weekly", "Weekly", support_weights=((WEEKLY, 2),)),
                OptionSpec("soon", "Soon", support_weights=((URGENT, 5),)),
            ),
        ),
    ),
)


@pytest.mark.parametrize(
    ("answers", "approaches", "level"),
    [
        # low mood, sleep hit hard: medication leads, CBT next
        (
            {"safety": ["safe"], "concern": ["low"], "sleep": ["yes"], "extras": [], "pace": ["weekly"]},
            [MEDS, CBT],
            WEEKLY,
        ),
        # prefers no medication: medication drops out entirely
        (
            {"safety": ["safe"], "concern": ["low"], "sleep": ["no"], "extras": ["no-meds"], "pace": ["own"]},
            [CBT],
            SELF,
        ),
        # family branch skips the sleep question; its stale answer is ignored
        (
            {"safety": ["safe"], "concern": ["family"], "sleep": ["yes"], "extras": ["together"], "pace": ["own"]},
            [FAMILY],
            SELF,
        ),
        # multiple choice adds up
        (
            {
                "safety": ["safe"],
                "concern": ["low"],
                "sleep": ["no"],
                "extras": ["skills", "together"],
                "pace": ["soon"],
            },
            [CBT, MEDS, FAMILY],
            URGENT,
        ),
        # support tie (weekly 2 from sleep, self 2 from pace) goes to the level with more support
        (
            {"safety": ["safe"], "concern": ["low"], "sleep": ["yes"], "extras": [], "pace": ["own"]},
            [MEDS, CBT],
            WEEKLY,
        ),
        # equal approach scores: the one supported earlier in the path ranks first
        (
            {"safety": ["safe"], "concern": ["low"], "sleep": ["no"], "extras": [], "pace": ["own"]},
            [CBT, MEDS],
            SELF,
        ),
    ],
)
def test_answers_to_results(answers, approaches, level):
    results = compute_results(FLOW, answers)
    assert [s.approach_id for s in results.approaches] == approaches
    assert results.support_level_id == level


def test_results_are_deterministic():
    answers = {"safety": ["safe"], "concern": ["low"], "sleep": ["no"], "extras": ["skills"], "pace": ["own"]}
    assert compute_results(FLOW, answers) == compute_results(FLOW, dict(reversed(answers.items())))


def test_reasons_name_the_answers_that_led_there():
    answers = {"safety": ["safe"], "concern": ["low"], "sleep": ["yes"], "extras": ["skills"], "pace": ["own"]}
    results = compute_results(FLOW, answers)
    by_id = {s.approach_id: s for s in results.approaches}
    assert by_id[MEDS].reasons == (Reason("Concern?", "Low mood"), Reason("Sleep?", "Yes"))
    assert by_id[CBT].reasons == (Reason("Concern?", "Low mood"), Reason("Extras?", "Skills"))
    assert results.support_reasons == (Reason("Sleep?", "Yes"),)


def test_no_more_than_three_approaches():
    flow = Flow(
        quiz_id=1,
        revision_id=1,
        title="",
        questions=(
            QuestionSpec("q", "Q", (OptionSpec("all", "All", approach_weights=tuple((i, 1) for i in range(10))),)),
        ),
    )
    assert len(compute_results(flow, {"q": ["all"]}).approaches) == 3


def test_nothing_weighted_gives_no_suggestion():
    results = compute_results(FLOW, {"safety": ["safe"], "concern": ["low"]})
    assert results.support_level_id is None  # unfinished path: only answered steps count
    assert [s.approach_id for s in results.approaches] == [CBT, MEDS]


@pytest.mark.parametrize(
    ("answers", "path", "end"),
    [
        ({}, ["safety"], "safety"),
        ({"safety": ["no"]}, ["safety"], CRISIS),
        ({"safety": ["safe"], "concern": ["family"]}, ["safety", "concern", "extras"], "extras"),
        (
            {"safety": ["safe"], "concern": ["low"], "sleep": ["no"], "extras": [], "pace": ["own"]},
            ["safety", "concern", "sleep", "extras", "pace"],
            END,
        ),
    ],
)
def test_walk_follows_branches(answers, path, end):
    assert walk(FLOW, answers) == (path, end)


def test_crisis_answer_wins_over_any_jump():
    assert FLOW.next_after("safety", ["safe", "no"]) == CRISIS


def test_estimated_length_follows_the_likely_path():
    assert FLOW.estimated_length(["safety"]) == 5
    assert FLOW.estimated_length(["safety", "concern", "extras"]) == 4


# --- Choosing the support level: floors and urgency (docs/quiz.md) ----------------------

BOTH = 4  # therapy plus a medication evaluation, between weekly and urgent
RANKS = {SELF: 1, WEEKLY: 2, BOTH: 3, URGENT: 4}

PACE_FLOW = Flow(
    quiz_id=1,
    revision_id=1,
    title="Pace quiz",
    support_ranks=RANKS,
    urgent_levels=frozenset({URGENT}),
    questions=(
        QuestionSpec(
            "symptoms",
            "Symptoms?",
            (
                OptionSpec("intense", "Intense", support_weights=((BOTH, 3), (WEEKLY, 1)), support_floors=(WEEKLY,)),
                OptionSpec("mild", "Mild", support_weights=((SELF, 2),)),
            ),
        ),
        QuestionSpec(
            "history",
            "Therapy before?",
            (
                OptionSpec("not-enough", "Not enough", support_weights=((BOTH, 3),)),
                OptionSpec("never", "Never"),
            ),
        ),
        QuestionSpec(
            "pace",
            "Pace?",
            (
                OptionSpec("own", "On my own", support_weights=((SELF, 5),)),
                OptionSpec("weekly", "Weekly", support_weights=((WEEKLY, 3),)),
                OptionSpec("soon", "Soon", support_weights=((URGENT, 5),)),
                OptionSpec("not-urgent", "Not urgent", support_weights=((URGENT, -2),)),
            ),
        ),
    ),
)


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        # therapy plus medication scores 6, urgent help 5: an urgent answer is a floor, not a vote
        ({"symptoms": ["intense"], "history": ["not-enough"], "pace": ["soon"]}, URGENT),
        # intense symptoms set "at least weekly": the self-guided 5 points no longer count
        ({"symptoms": ["intense"], "history": ["never"], "pace": ["own"]}, BOTH),
        # without a floor the highest score wins
        ({"symptoms": ["mild"], "history": ["never"], "pace": ["own"]}, SELF),
        # above the floor, the highest score still decides
        ({"symptoms": ["intense"], "history": ["never"], "pace": ["weekly"]}, WEEKLY),
        # a negative weight toward an urgent level is no urgency signal
        ({"symptoms": ["mild"], "history": ["never"], "pace": ["not-urgent"]}, SELF),
    ],
)
def test_floors_and_urgency_choose_the_support_level(answers, level):
    assert compute_results(PACE_FLOW, answers).support_level_id == level


def test_the_floor_level_itself_when_nothing_above_it_scores():
    assert choose_support_level(RANKS, {SELF: 4, WEEKLY: 1, BOTH: -2}, {WEEKLY}) == WEEKLY
    assert choose_support_level(RANKS, {SELF: 4, WEEKLY: -1}, {WEEKLY}) == WEEKLY


def test_support_ties_go_to_more_support_then_the_older_level():
    assert choose_support_level(RANKS, {SELF: 2, WEEKLY: 2}, set()) == WEEKLY
    assert choose_support_level({7: 2, 5: 2}, {7: 3, 5: 3}, set()) == 5


def test_unpublished_support_levels_never_count():
    # URGENT is missing from the ranks: it is not published, so its floor and points are ignored
    assert choose_support_level({SELF: 1, WEEKLY: 2}, {SELF: 1, URGENT: 5}, {URGENT}) == SELF
    assert choose_support_level({SELF: 1}, {URGENT: 5}, {URGENT}) is None


def test_the_flow_map_names_floors_and_urgency():
    rows = flow_map(PACE_FLOW, {("support_level", WEEKLY): "Weekly therapy"})
    intense, soon = rows[0].answers[0], rows[2].answers[2]
    assert Score("Weekly therapy", 1, "at least this level") in intense.scores
    assert soon.scores == (Score(f"Support level {URGENT}", 5, "urgent: always suggested"),)
