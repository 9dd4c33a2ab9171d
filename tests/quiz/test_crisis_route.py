"""The most important path: any answer that signals danger goes straight to crisis help.

Every crisis answer of the seeded demo quiz is walked in tests/quiz/test_seeded_quiz.py."""

import pytest
from django.test import Client

from core.models import PortalSettings
from quiz.models import QuizResponse


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
