"""The demo quiz that `seed_portal` publishes is wired to the seeded approaches, and each of its
crisis answers leads straight to crisis help. The portal is seeded once for the module."""

import io
import json

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from approaches.models import ApproachPage
from core.models import PortalSettings
from quiz.cases import parse_answers
from quiz.flow import build_flow, validate_flow
from quiz.models import Quiz, QuizPage, QuizResponse, ResponseOutcome, SupportLevel
from quiz.scoring import compute_results
from quiz.selectors import case_results, live_flow
from tests.quiz.admin_form import unchanged_post


@pytest.fixture
def flow(seeded_portal, db):
    return live_flow(Quiz.objects.get(locale__language_code="en"))


@pytest.mark.django_db
def test_seeded_quiz_is_published_valid_and_linked(flow):
    assert 6 <= len(flow.questions) <= 8
    # The quiz weights the English pages; results show their Spanish twins (issue 17).
    live_ids = set(ApproachPage.objects.live().filter(locale__language_code="en").values_list("pk", flat=True))
    assert validate_flow(flow, live_approach_ids=live_ids) == []
    # "Not now / start on my own" is offered on every results page, not scored (issue 26).
    live_ids -= set(ApproachPage.objects.filter(is_not_now_option=True).values_list("pk", flat=True))
    weighted = {pid for q in flow.questions for o in q.options for pid, _ in o.approach_weights}
    assert weighted == live_ids  # every seeded approach can be suggested
    page = QuizPage.objects.get(locale__language_code="en")
    assert page.url == "/quiz/" and page.live
    assert PortalSettings.load().quiz_page_id == page.pk


@pytest.mark.django_db
def test_sleep_question_is_a_branch_shown_only_after_low_mood(flow):
    assert flow.next_after("main-concern", ["low-mood"]) == "sleep-appetite"
    for option in flow.question("main-concern").options:
        if option.key != "low-mood":
            assert flow.next_after("main-concern", [option.key]) != "sleep-appetite"


@pytest.mark.django_db
def test_seed_fit_signals_are_answers(flow):
    labels = {o.label for q in flow.questions for o in q.options}
    for signal in [
        "Symptoms are intense or persistent",
        "Yes, but therapy alone hasn’t been enough",
        "Yes, a lot. Sleep, appetite, or getting through the day is hard",
        "I prefer non-medical approaches only",
    ]:
        assert signal in labels


@pytest.mark.django_db
def test_medication_page_quiz_prompt_links_to_the_quiz(client, flow):
    html = client.get("/approaches/medication-management/").content.decode()
    assert "If you want help choosing a steady starting point, the quiz can narrow the field fast." in html
    assert 'href="/quiz/">Take the quiz</a>' in html


def crisis_options(flow):
    return [(q.key, o.key) for q in flow.questions for o in q.options if o.is_crisis]


@pytest.mark.django_db
def test_seeded_quiz_asks_about_safety_first(flow):
    first = flow.first
    assert first.required
    assert len([o for o in first.options if o.is_crisis]) >= 3


@pytest.mark.django_db
def test_every_crisis_answer_in_the_seeded_quiz_reaches_the_crisis_page_in_one_step(flow):
    crisis_url = PortalSettings.load().crisis_page.url
    options = crisis_options(flow)
    assert options, "the seeded quiz must have crisis answers"
    for question_key, option_key in options:
        patient = Client()
        patient.post(QuizPage.objects.get(locale__language_code="en").start_url)
        # Walk the default path up to the question that carries this crisis answer.
        key = flow.first.key
        while key != question_key:
            safe = next(o for o in flow.question(key).options if not o.is_crisis)
            key = patient.post(f"/quiz/step/{key}/", {"answer": safe.key})["Location"].split("/")[-2]
        response = patient.post(f"/quiz/step/{question_key}/", {"answer": option_key})
        assert response.status_code == 302, option_key
        assert response["Location"] == crisis_url, option_key

        crisis_page = patient.get(response["Location"])
        html = crisis_page.content.decode()
        assert 'href="tel:911"' in html and 'href="tel:988"' in html and 'href="sms:988"' in html
        # The flow has ended: the quiz sends the patient back to help, not to more questions.
        assert patient.get(f"/quiz/step/{question_key}/")["Location"] == crisis_url
        assert patient.get("/quiz/results/")["Location"] == crisis_url

    assert QuizResponse.objects.filter(crisis_at__isnull=False).count() == len(options)
    assert not QuizResponse.objects.filter(completed_at__isnull=False).exists()
    assert not ResponseOutcome.objects.exists()


def _support_level(flow, answers):
    level_id = compute_results(flow, answers).support_level_id
    return SupportLevel.objects.get(pk=level_id).slug if level_id else None


def _answers(concern, intensity, pace, tried=None):
    answers = {"safety": ["safe"], "main-concern": [concern], "intensity": [intensity], "preferences": []}
    answers["pace"] = [pace]
    answers["tried-therapy"] = [tried] if tried else []
    if concern == "low-mood":
        answers["sleep-appetite"] = ["a-lot"]  # the branch's heaviest answer
    return answers


@pytest.mark.django_db
@pytest.mark.parametrize("concern", ["low-mood", "worry"])
@pytest.mark.parametrize("tried", [None, "not-enough"])
def test_needing_help_soon_always_suggests_urgent_help(flow, concern, tried):
    # Low mood, sleep hit hard, intense symptoms and therapy not enough add up to more points
    # for "therapy plus medication" than the pace answer gives urgent help: urgency still wins.
    assert _support_level(flow, _answers(concern, "intense", "soon", tried)) == "urgent-help"


@pytest.mark.django_db
@pytest.mark.parametrize("concern", ["low-mood", "worry", "alone"])
def test_intense_symptoms_never_get_only_a_self_guided_start(flow, concern):
    assert _support_level(flow, _answers(concern, "intense", "on-my-own")) not in (None, "self-guided")
    assert _support_level(flow, _answers(concern, "mild", "on-my-own")) == "self-guided"


@pytest.mark.django_db
def test_the_seeded_quiz_saves_again_unchanged_in_the_admin(admin_client, flow):
    quiz = Quiz.objects.get(locale__language_code="en")
    edit_url = reverse("wagtailsnippets_quiz_quiz:edit", args=[quiz.pk])
    data = unchanged_post(admin_client.get(edit_url).content.decode(), form_id="w-editor-form")
    assert any(key.endswith("weights-0-value-weight") for key in data)  # the weights are in the post

    response = admin_client.post(edit_url, data)  # Save draft

    assert response.status_code == 302, _errors(response)
    saved = Quiz.objects.get(locale__language_code="en").get_latest_revision_as_object()
    assert build_flow(saved).questions == flow.questions  # nothing was lost on the way


def _errors(response):
    """What the editor would read: field errors, and the errors inside weights blocks."""
    page = BeautifulSoup(response.content, "html.parser")
    found = [e.get_text(" ", strip=True) for e in page.select(".error-message")]
    for block in page.select("[data-w-block-arguments-value]"):
        _value, errors = json.loads(block["data-w-block-arguments-value"])
        if errors:
            found.append(f"{block['id']}: {errors}")
    return found


@pytest.mark.django_db
def test_seeded_test_cases_pass_cite_a_source_and_await_clinical_confirmation(flow):
    results = case_results(Quiz.objects.get(locale__language_code="en").live_revision.as_object())
    assert len(results) >= 6
    assert [r.case.name for r in results if not r.passed] == []
    assert all(r.case.source and r.case.is_demo for r in results)
    # Every crisis answer in the quiz has a case expecting crisis help.
    crisis_answers = {(q.key, o.key) for q in flow.questions for o in q.options if o.is_crisis}
    tested = set()
    for result in results:
        if result.case.crisis:
            answers, _errors = parse_answers(result.case.answers, flow)
            tested |= {(key, option) for key, chosen in answers.items() for option in chosen}
    assert crisis_answers <= tested


@pytest.mark.django_db
def test_seeding_adds_test_cases_once_and_only_to_a_quiz_without_any(flow):
    quiz = Quiz.objects.get(locale__language_code="en")
    count = quiz.test_cases.count()
    call_command("seed_portal", stdout=io.StringIO())
    assert Quiz.objects.get(locale__language_code="en").test_cases.count() == count

    # A demo quiz seeded before test cases existed gets them, in a new published revision.
    quiz.test_cases.all().delete()
    quiz.save_revision().publish()
    call_command("seed_portal", stdout=io.StringIO())
    quiz = Quiz.objects.get(locale__language_code="en")
    assert quiz.test_cases.count() == count
    assert quiz.live_revision.as_object().test_cases.count() == count


@pytest.mark.django_db
def test_seeding_again_after_the_quiz_was_renamed_adds_no_second_quiz(flow):
    """`make run` seeds, then writes demo responses, which publish a second revision with a
    labelled title; the next `make run` seeds again."""
    from datetime import timedelta

    from django.utils import timezone

    from quiz.synthetic import ensure_two_revisions

    quiz = Quiz.objects.get(locale__language_code="en")
    now = timezone.now()
    assert ensure_two_revisions(quiz, first_live_at=now - timedelta(days=9), second_live_at=now - timedelta(days=3))
    renamed = Quiz.objects.get(locale__language_code="en").title
    out = io.StringIO()
    call_command("seed_portal", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert list(Quiz.objects.filter(locale__language_code="en").values_list("title", flat=True)) == [renamed]


# The editor's queries do not grow with the quiz: its answers' weights, approach pages and their
# parents, and the test cases' lists are each read once, not once per answer, weight or case (the
# demo quiz took 173 queries when they were). What is left is the quiz, its questions, each
# question's answers, and Wagtail's own locking, workflow and revision reads.
EDITOR_QUERY_BUDGET = 75


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["edit", "copy"])
def test_the_quiz_editor_reads_each_kind_of_thing_once(admin_client, flow, django_assert_max_num_queries, view):
    quiz = Quiz.objects.get(locale__language_code="en")
    url = reverse(f"wagtailsnippets_quiz_quiz:{view}", args=[quiz.pk])
    admin_client.get(url)  # warm Django's content-type cache, as on a running server

    with django_assert_max_num_queries(EDITOR_QUERY_BUDGET):
        response = admin_client.get(url)

    assert response.status_code == 200
    # What the page choosers show for every approach weight, read in bulk, is what a lookup of
    # each page would show: the page, its title and the page it lives under.
    pages = {page.pk: page for page in ApproachPage.objects.all()}
    shown = [
        child["value"]["approach"]
        for block in BeautifulSoup(response.content, "html.parser").select("[data-w-block-arguments-value]")
        if "__prefix__" not in block["id"]
        for child in json.loads(block["data-w-block-arguments-value"])[0]
        if child["type"] == "approach"
    ]
    assert len(shown) == sum(len(option.approach_weights) for q in flow.questions for option in q.options)
    for state in shown:
        page = pages[state["id"]]
        assert (state["adminTitle"], state["parentId"]) == (page.get_admin_display_title(), page.get_parent().pk)
