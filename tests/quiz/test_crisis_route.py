"""The most important path: any answer that signals danger goes straight to crisis help."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from core.models import PortalSettings
from quiz.models import Quiz, QuizPage, QuizResponse, ResponseOutcome
from quiz.selectors import live_flow


@pytest.fixture
def seeded(db):
    call_command("seed_portal", stdout=io.StringIO())
    return live_flow(Quiz.objects.get())


def crisis_options(flow):
    return [(q.key, o.key) for q in flow.questions for o in q.options if o.is_crisis]


@pytest.mark.django_db
def test_seeded_quiz_asks_about_safety_first(seeded):
    first = seeded.first
    assert first.required
    assert len([o for o in first.options if o.is_crisis]) >= 3


@pytest.mark.django_db
def test_every_crisis_answer_in_the_seeded_quiz_reaches_the_crisis_page_in_one_step(seeded):
    crisis_url = PortalSettings.load().crisis_page.url
    options = crisis_options(seeded)
    assert options, "the seeded quiz must have crisis answers"
    for question_key, option_key in options:
        patient = Client()
        patient.post(QuizPage.objects.get().start_url)
        # Walk the default path up to the question that carries this crisis answer.
        key = seeded.first.key
        while key != question_key:
            safe = next(o for o in seeded.question(key).options if not o.is_crisis)
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


@pytest.mark.django_db
def test_crisis_wins_even_when_ticked_with_a_safe_answer(patient, quiz_page, crisis_page):
    patient.start()
    response = patient.client.post("/quiz/step/safety/", {"answer": "hurt-self"})
    assert response["Location"] == crisis_page.url
    assert QuizResponse.objects.get().crisis_at is not None


@pytest.mark.django_db
def test_crisis_route_follows_the_crisis_page_setting(patient, quiz_page, home):
    from approaches.factories import StandardPageFactory

    other = StandardPageFactory(parent=home, slug="urgent-help", title="Urgent help")
    settings = PortalSettings.load()
    settings.crisis_page = other
    settings.save()
    patient.start()
    assert patient.answer("safety", "unsure")["Location"] == "/urgent-help/"


@pytest.mark.django_db
def test_every_quiz_screen_offers_help_now(patient, client, quiz_page):
    patient.start()
    for url in [quiz_page.url, "/quiz/step/safety/"]:
        html = client.get(url).content.decode()
        assert 'class="get-help"' in html
        assert "tel:911" in html


@pytest.mark.django_db
def test_urgent_support_level_shows_the_numbers_on_the_results(patient, client):
    patient.start()
    patient.answer("safety", "safe")
    patient.answer("concern", "family")
    patient.skip("extras")
    patient.answer("pace", "soon")
    html = client.get("/quiz/results/").content.decode()
    assert "Urgent help" in html
    assert html.count('href="tel:988"') >= 2  # in the suggestion itself, not only the footer


def _second_tab(client):
    """Another browser holding the same quiz cookie as `client` right now (a double click)."""
    twin = Client()
    for name, morsel in client.cookies.items():
        twin.cookies[name] = morsel.value
    return twin


@pytest.mark.django_db
def test_a_double_clicked_crisis_answer_still_leads_to_crisis_help(patient, client, crisis_page):
    patient.start()
    stale = _second_tab(client)

    first = patient.answer("safety", "hurt-self")
    second = stale.post("/quiz/step/safety/", {"answer": ["hurt-self"]})

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == crisis_page.url
    # The browser that kept the second response stays on the crisis route.
    assert stale.get("/quiz/step/safety/")["Location"] == crisis_page.url
    assert stale.get("/quiz/results/")["Location"] == crisis_page.url
    assert QuizResponse.objects.get().crisis_at is not None


@pytest.mark.django_db
def test_a_double_clicked_last_answer_shows_the_results_in_both_tabs(patient, client):
    patient.start()
    patient.answer("safety", "safe")
    patient.answer("concern", "family")
    patient.answer("extras", "together")
    stale = _second_tab(client)

    assert patient.answer("pace", "weekly")["Location"] == "/quiz/results/"
    again = stale.post("/quiz/step/pace/", {"answer": ["weekly"]})
    assert again["Location"] == "/quiz/results/"
    assert stale.get("/quiz/results/").status_code == 200
    assert QuizResponse.objects.get().completed_at is not None
