"""The demo quiz that `seed_portal` publishes is wired to the seeded approaches."""

import io

import pytest
from django.core.management import call_command

from approaches.models import ApproachPage
from core.models import PortalSettings
from quiz.flow import validate_flow
from quiz.models import Quiz, QuizPage
from quiz.selectors import live_flow


@pytest.fixture
def flow(db):
    call_command("seed_portal", stdout=io.StringIO())
    return live_flow(Quiz.objects.get())


@pytest.mark.django_db
def test_seeded_quiz_is_published_valid_and_linked(flow):
    assert 6 <= len(flow.questions) <= 8
    live_ids = set(ApproachPage.objects.live().values_list("pk", flat=True))
    assert validate_flow(flow, live_approach_ids=live_ids) == []
    weighted = {pid for q in flow.questions for o in q.options for pid, _ in o.approach_weights}
    assert weighted == live_ids  # every seeded approach can be suggested
    page = QuizPage.objects.get()
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
