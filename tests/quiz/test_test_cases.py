"""Quiz test cases: written in the admin, checked on every draft and preview, and a failing case
needs an explicit, commented override in Clinical review."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import TaskState, Workflow

from governance.models import ClinicalReviewTask
from quiz.cases import CaseSpec, evaluate_case, parse_answers
from quiz.factories import QuizFactory
from quiz.flow import Flow, OptionSpec, QuestionSpec
from quiz.models import Quiz
from tests.conftest import quiz_questions
from tests.quiz.admin_form import unchanged_post
from tests.quiz.test_admin_workflow import member, review_workflow  # noqa: F401 (a fixture)
from tests.quiz.test_flow_validation import SAFETY_FORM, option_data, quiz_form

# --- As plain data: a flow and cases, no database ---------------------------------------

CBT, MEDS, FAMILY = 1, 2, 3
SELF, WEEKLY, URGENT = 11, 12, 13

FLOW = Flow(
    quiz_id=None,
    revision_id=None,
    title="t",
    support_ranks={SELF: 1, WEEKLY: 2, URGENT: 3},
    urgent_levels=frozenset({URGENT}),
    questions=(
        QuestionSpec("safety", "Safe?", (OptionSpec("safe", "Yes"), OptionSpec("not-safe", "No", is_crisis=True))),
        QuestionSpec(
            "concern",
            "Concern?",
            (
                OptionSpec("low", "Low mood", approach_weights=((CBT, 2), (MEDS, 1))),
                OptionSpec("family", "Family", approach_weights=((FAMILY, 3),)),
            ),
        ),
        QuestionSpec(
            "extras",
            "Extras?",
            (
                OptionSpec("skills", "Skills", approach_weights=((CBT, 2),)),
                OptionSpec("no-meds", "No medication", approach_weights=((MEDS, -5),)),
                OptionSpec("meds", "Medication", approach_weights=((MEDS, 3),)),
            ),
            allow_multiple=True,
            required=False,
        ),
        QuestionSpec(
            "pace",
            "Pace?",
            (
                OptionSpec("own", "On my own", support_weights=((SELF, 3),)),
                OptionSpec("soon", "Soon", support_weights=((URGENT, 1),)),
            ),
        ),
    ),
)
NAMES = {("approach", CBT): "CBT", ("approach", MEDS): "Medication", ("support_level", SELF): "Self-guided"}


def case(answers, **expect):
    return CaseSpec(name="case", answers=answers, **expect)


def test_answers_are_read_by_question_and_answer_names():
    answers, errors = parse_answers("safety: safe\n\n Concern : low\nextras: skills, no-meds\n", FLOW)
    assert errors == []
    assert answers == {"safety": ["safe"], "concern": ["low"], "extras": ["skills", "no-meds"]}


@pytest.mark.parametrize(
    "text, message",
    [
        ("safety safe", "Line 1: write the question’s name, a colon, then answer names."),
        ("safety: safe\nmood: low", "Line 2: there is no question named “mood”. Names: safety, concern, extras, pace."),
        ("concern: sad", "Line 1: “concern” has no answer named “sad”. Its answers: low, family."),
        ("concern:", "Line 1: “concern” must be answered; it cannot be skipped."),
        ("concern: low, family", "Line 1: “concern” takes one answer; this line gives 2."),
        ("safety: safe\nsafety: safe", "Line 2: “safety” is answered twice. Keep one line for it."),
    ],
)
def test_answers_that_do_not_fit_the_quiz_say_which_line_and_why(text, message):
    _answers, errors = parse_answers(text, FLOW)
    assert [e.message for e in errors] == [message]


def test_an_approach_expected_in_the_top_three_passes_or_fails():
    answers = "safety: safe\nconcern: low\npace: own"
    result = evaluate_case(FLOW, case(answers, in_top=(MEDS,)), NAMES)
    assert result.passed
    assert result.checks[-1].expectation == "Medication in the top 3"
    assert result.checks[-1].outcome == "Top 3: CBT, Medication"

    assert not evaluate_case(FLOW, case(answers, in_top=(FAMILY,)), NAMES).passed
    # Either of two approaches counts.
    assert evaluate_case(FLOW, case(answers, in_top=(FAMILY, CBT)), NAMES).passed


def test_an_approach_expected_out_of_the_top_three():
    no_meds = evaluate_case(FLOW, case("safety: safe\nconcern: low\nextras: no-meds\npace: own", not_in_top=MEDS))
    assert no_meds.passed
    assert not evaluate_case(FLOW, case("safety: safe\nconcern: low\npace: own", not_in_top=MEDS)).passed


def test_a_support_level_is_checked_with_the_floor_rules():
    soon = evaluate_case(FLOW, case("safety: safe\nconcern: low\npace: soon", support_level=SELF), NAMES)
    assert not soon.passed
    assert soon.checks[-1].outcome == "Suggested: support level 13"
    assert evaluate_case(FLOW, case("safety: safe\nconcern: low\npace: soon", support_level=URGENT)).passed


def test_crisis_answers_expected_to_reach_crisis_help():
    assert evaluate_case(FLOW, case("safety: not-safe", crisis=True)).passed
    safe = evaluate_case(FLOW, case("safety: safe\nconcern: low\npace: own", crisis=True))
    assert not safe.passed and safe.checks[0].outcome == "The results"
    # A case expecting suggestions fails when its answers end at the crisis page.
    crisis = evaluate_case(FLOW, case("safety: not-safe", in_top=(CBT,)))
    assert not crisis.passed and crisis.checks[0].outcome == "The crisis page"


def test_a_required_question_left_out_fails_and_an_optional_one_is_skipped():
    stopped = evaluate_case(FLOW, case("safety: safe\nconcern: low", in_top=(CBT,)))
    assert not stopped.passed
    assert stopped.checks[0].outcome.startswith("The answers stop at “pace”")
    # "extras" (optional) has no line: skipped, so no "No medication" and medication stays in.
    assert evaluate_case(FLOW, case("safety: safe\nconcern: low\npace: own", in_top=(MEDS,))).passed


def test_answers_that_no_longer_fit_a_changed_quiz_fail_the_case():
    result = evaluate_case(FLOW, case("safety: safe\nconcern: worry\npace: own", in_top=(CBT,)))
    assert not result.passed
    assert result.checks[0].outcome == "Line 2: “concern” has no answer named “worry”. Its answers: low, family."


# --- In the admin ------------------------------------------------------------------------


def case_form(**fields):
    return {
        "name": "Low mood",
        "answers": "safety: yes\ntwo: a\n",
        "expect_in_top": "",
        "expect_in_top_or": "",
        "expect_not_in_top": "",
        "expect_support_level": "",
        "source": "",
    } | fields


def posted_quiz(test_case):
    return quiz_form([SAFETY_FORM, ("two", "Second?", [option_data("A"), option_data("B")])], test_cases=[test_case])


def beside(response, name):
    """The text of the field wrapper around the form field `name`, as the editor sees it."""
    field = BeautifulSoup(response.content, "html.parser").find(attrs={"name": name})
    return (field.find_parent(attrs={"data-field-wrapper": True}) or field.find_parent("div")).get_text(" ")


@pytest.mark.django_db
def test_answers_naming_a_missing_question_are_refused_beside_the_field(admin_client, pages):
    data = posted_quiz(case_form(answers="safety: yes\nmood: a", expect_in_top=str(pages["cbt"].pk)))
    response = admin_client.post(reverse("wagtailsnippets_quiz_quiz:add"), data)

    assert response.status_code == 200
    assert "Line 2: there is no question named “mood”. Names: safety, two." in beside(response, "test_cases-0-answers")
    assert "Test case “Low mood”: Line 2: there is no question named “mood”" in response.content.decode()
    assert not Quiz.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields, name, message",
    [
        (
            {},
            None,
            "Say what must hold: an approach in or not in the top 3, a support level, “not now”, or crisis help.",
        ),
        (
            {"expect_crisis": "on", "expect_in_top": "cbt"},
            "test_cases-0-expect_crisis",
            "A crisis ending shows no suggestions.",
        ),
        (
            {"expect_in_top": "cbt", "expect_not_in_top": "cbt"},
            "test_cases-0-expect_not_in_top",
            "This approach is also expected in the top 3. Choose one or the other.",
        ),
        ({"expect_in_top_or": "cbt"}, "test_cases-0-expect_in_top_or", "Choose the first approach as well"),
    ],
)
def test_expectations_that_cannot_be_checked_are_refused(admin_client, pages, fields, name, message):
    fields = {key: str(pages[value].pk) if value in pages else value for key, value in fields.items()}
    response = admin_client.post(reverse("wagtailsnippets_quiz_quiz:add"), posted_quiz(case_form(**fields)))

    assert response.status_code == 200
    assert message in (beside(response, name) if name else response.content.decode())
    assert not Quiz.objects.exists()


@pytest.mark.django_db
def test_a_valid_case_is_saved_with_the_quiz(admin_client, pages):
    data = posted_quiz(case_form(expect_in_top=str(pages["cbt"].pk), source="NICE NG222", is_demo="on"))
    response = admin_client.post(reverse("wagtailsnippets_quiz_quiz:add"), data)

    assert response.status_code == 302
    saved = Quiz.objects.get().get_latest_revision_as_object().test_cases.get()
    assert (saved.name, saved.expect_in_top_id, saved.source, saved.is_demo) == (
        "Low mood",
        pages["cbt"].pk,
        "NICE NG222",
        True,
    )


# --- Pass or fail on the draft: editor panel and preview -------------------------------------


def low_mood_cases(pages, levels):
    answers = "safety: safe\nconcern: low\nsleep: yes\npace: weekly"
    return [
        {"name": "Low mood, sleep hit: medication", "answers": answers, "expect_in_top": pages["meds"]},
        {"name": "Low mood: weekly therapy", "answers": answers, "expect_support_level": levels["weekly"]},
    ]


@pytest.fixture
def quiz_with_cases(pages, levels):
    return QuizFactory(
        title="Tested quiz",
        questions=quiz_questions(pages, levels),
        test_cases=low_mood_cases(pages, levels),
        publish=True,
    )


def draft_expecting_family(quiz, pages, user=None):
    """A saved draft whose first case now expects family therapy, which those answers never reach."""
    draft = quiz.get_latest_revision_as_object()
    cases = list(draft.test_cases.all())
    cases[0].expect_in_top_id = pages["family"].pk
    draft.test_cases = cases
    return draft.save_revision(user=user)


def panel_text(client, url):
    page = BeautifulSoup(client.get(url).content, "html.parser")
    return page.select_one(".test-cases").find_parent(class_="help-block").get_text(" ", strip=True)


@pytest.mark.django_db
def test_the_editor_shows_each_case_on_the_draft_not_the_live_version(admin_client, quiz_with_cases, pages):
    edit = reverse("wagtailsnippets_quiz_quiz:edit", args=[quiz_with_cases.pk])
    passing = panel_text(admin_client, edit)
    assert "All 2 test cases pass on this draft." in passing
    assert "Passes: Low mood, sleep hit: medication" in passing and "Fails" not in passing

    draft_expecting_family(quiz_with_cases, pages)

    failing = panel_text(admin_client, edit)
    assert "1 of 2 test cases fails on this draft." in failing
    assert "Fails: Low mood, sleep hit: medication" in failing
    assert "Does not hold: Family therapy in the top 3. Top 3: Medication, CBT." in failing
    assert Quiz.objects.get().live_revision.as_object().test_cases.first().expect_in_top_id == pages["meds"].pk


@pytest.mark.django_db
def test_preview_shows_each_case_passing_or_failing_on_the_unsaved_draft(admin_client, quiz_with_cases, pages):
    edit = reverse("wagtailsnippets_quiz_quiz:edit", args=[quiz_with_cases.pk])
    preview = reverse("wagtailsnippets_quiz_quiz:preview_on_edit", args=[quiz_with_cases.pk])
    data = unchanged_post(admin_client.get(edit).content.decode(), form_id="w-editor-form")
    data["test_cases-1-expect_support_level"] = ""
    data["test_cases-1-expect_not_in_top"] = str(pages["meds"].pk)  # not saved: only previewed

    assert admin_client.post(preview, data).json()["is_valid"]
    section = BeautifulSoup(admin_client.get(preview).content, "html.parser").find(id="test-cases").parent
    text = section.get_text(" ", strip=True)
    assert "Passes: Low mood, sleep hit: medication" in text
    assert "Fails: Low mood: weekly therapy" in text
    assert "Does not hold: Medication not in the top 3" in text


# --- Clinical review ------------------------------------------------------------------------


@pytest.fixture
def submitted_failing_draft(review_workflow, quiz_with_cases, pages):  # noqa: F811 (a fixture)
    editor = member("Clinical editors", "clinician")
    draft_expecting_family(quiz_with_cases, pages, user=editor)
    review_workflow.start(quiz_with_cases, editor)
    quiz_with_cases.refresh_from_db()
    return quiz_with_cases


@pytest.mark.django_db
def test_reviewer_sees_the_failure_and_no_plain_approve(client, submitted_failing_draft):
    reviewer = member("Clinical reviewers", "reviewer")
    client.force_login(reviewer)
    edit = reverse("wagtailsnippets_quiz_quiz:edit", args=[submitted_failing_draft.pk])

    assert "1 of 2 test cases fails on this draft." in panel_text(client, edit)
    menu = BeautifulSoup(client.get(edit).content, "html.parser").find("footer")
    labels = [button.get_text(" ", strip=True) for button in menu.find_all("button")]
    assert "Approve despite failing test cases" in labels
    assert "Approve" not in labels and "Approve with comment" not in labels
    state = submitted_failing_draft.current_workflow_task_state
    modal = client.get(
        reverse(
            "wagtailsnippets_quiz_quiz:collect_workflow_action_data",
            args=[submitted_failing_draft.pk, ClinicalReviewTask.OVERRIDE, state.pk],
        )
    ).json()["html"]
    assert "Why approve despite failing test cases?" in modal
    # The reviewer's dashboard lists it with the same choice.
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Tested quiz" in dashboard and "Approve despite failing test cases" in dashboard
    task = submitted_failing_draft.current_workflow_task
    assert [name for name, _label, _modal in task.get_actions(submitted_failing_draft, reviewer)] == [
        "reject",
        ClinicalReviewTask.OVERRIDE,
    ]


@pytest.mark.django_db
def test_approving_a_draft_with_a_failing_case_needs_a_comment(client, submitted_failing_draft):
    quiz = submitted_failing_draft
    state = quiz.current_workflow_task_state
    client.force_login(member("Clinical reviewers", "reviewer"))

    def act(action, **data):
        url = reverse("wagtailsnippets_quiz_quiz:workflow_action", args=[quiz.pk, action, state.pk])
        return client.post(url, data)

    act("approve", comment="Looks fine")
    act(ClinicalReviewTask.OVERRIDE, comment="   ")
    quiz.refresh_from_db()
    assert quiz.live_revision_id != quiz.latest_revision_id  # neither approved anything
    assert TaskState.objects.get(pk=state.pk).status == TaskState.STATUS_IN_PROGRESS

    act(ClinicalReviewTask.OVERRIDE, comment="The family case is being rewritten; this draft fixes wording.")

    quiz.refresh_from_db()
    assert quiz.live_revision_id == quiz.latest_revision_id
    approved = TaskState.objects.get(pk=state.pk)
    assert approved.status == TaskState.STATUS_APPROVED
    assert approved.comment == (
        "Approved despite failing test cases (Low mood, sleep hit: medication): "
        "The family case is being rewritten; this draft fixes wording."
    )


@pytest.mark.django_db
def test_no_way_round_the_comment(submitted_failing_draft):
    """ "Approve while saving" in the editor passes its data straight to the task: it is refused too."""
    quiz = submitted_failing_draft
    state = quiz.current_workflow_task_state
    task = state.task.specific
    reviewer = member("Clinical reviewers", "reviewer")
    with pytest.raises(PermissionDenied):
        task.on_action(state, reviewer, "approve", comment="")
    with pytest.raises(PermissionDenied):
        task.on_action(state, reviewer, ClinicalReviewTask.OVERRIDE, comment="")
    quiz.refresh_from_db()
    assert quiz.live_revision_id != quiz.latest_revision_id


@pytest.mark.django_db
def test_a_draft_whose_cases_pass_is_approved_as_usual(client, review_workflow, quiz_with_cases):  # noqa: F811
    editor = member("Clinical editors", "clinician")
    quiz_with_cases.get_latest_revision_as_object().save_revision(user=editor)
    review_workflow.start(quiz_with_cases, editor)
    reviewer = member("Clinical reviewers", "reviewer")
    task = quiz_with_cases.current_workflow_task
    assert ("approve", "Approve", False) in [
        (n, str(label), m) for n, label, m in task.get_actions(quiz_with_cases, reviewer)
    ]
    assert ClinicalReviewTask.OVERRIDE not in [
        name for name, _label, _modal in task.get_actions(quiz_with_cases, reviewer)
    ]
    assert isinstance(Workflow.objects.get(name="Clinical review").tasks.get().specific, ClinicalReviewTask)
