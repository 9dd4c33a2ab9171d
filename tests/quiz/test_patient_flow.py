"""A patient takes the quiz: one question per screen, branches, Back, Skip, results, retake."""

import pytest
from bs4 import BeautifulSoup

from quiz.models import QuizResponse, ResponseAnswer, ResponseOutcome


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
def test_start_screen_says_what_is_and_is_not_stored(client, quiz_page):
    html = soup(client.get(quiz_page.url)).get_text(" ")
    assert "We do not keep your IP address" in html
    assert "anything you type" in html
    assert "Start the quiz" in html


@pytest.mark.django_db
def test_start_pins_the_response_to_the_live_revision(patient, quiz):
    response = patient.start()
    assert response.status_code == 302
    assert response["Location"] == "/quiz/step/safety/"
    stored = QuizResponse.objects.get()
    assert stored.revision_id == quiz.live_revision_id
    assert patient.state()["revision_id"] == quiz.live_revision_id


@pytest.mark.django_db
def test_full_run_with_a_branch_reaches_results(patient, client, pages, levels):
    patient.start()
    page = client.get("/quiz/step/safety/")
    assert "Question 1 of about 5" in page.content.decode()
    assert patient.answer("safety", "safe")["Location"] == "/quiz/step/concern/"
    assert patient.answer("concern", "low")["Location"] == "/quiz/step/sleep/"
    assert patient.answer("sleep", "yes")["Location"] == "/quiz/step/extras/"
    assert patient.answer("extras", "together")["Location"] == "/quiz/step/pace/"
    assert "Question 5 of about 5" in client.get("/quiz/step/pace/").content.decode()
    assert patient.answer("pace", "weekly")["Location"] == "/quiz/results/"

    results = client.get("/quiz/results/")
    assert results.status_code == 200
    titles = [a.get_text() for a in soup(results).select(".suggestions .option h3 a")]
    assert titles == ["Medication", "CBT", "Family therapy"]
    text = soup(results).get_text(" ")
    assert "What fits, from your answers:" in text and "You answered “Low mood” to “What weighs on you most?”" in text
    assert "Weekly therapy" in text
    assert "What does a typical session look like?" in text  # questions to bring, from those pages
    assert "Educational only" in text

    stored = QuizResponse.objects.get()
    assert stored.completed_at and stored.support_level == levels["weekly"]
    assert list(stored.answers.values_list("position", "question_key")) == [
        (1, "safety"),
        (2, "concern"),
        (3, "sleep"),
        (4, "extras"),
        (5, "pace"),
    ]
    outcomes = [o.approach for o in ResponseOutcome.objects.filter(response=stored)]
    assert outcomes == [pages["meds"], pages["cbt"], pages["family"]]


@pytest.mark.django_db
def test_branch_skips_a_question_for_others(patient, client):
    patient.start()
    patient.answer("safety", "safe")
    assert patient.answer("concern", "family")["Location"] == "/quiz/step/extras/"
    assert "Question 3 of about 4" in client.get("/quiz/step/extras/").content.decode()
    # The skipped branch question cannot be reached by typing its address.
    assert client.get("/quiz/step/sleep/")["Location"] == "/quiz/step/extras/"


@pytest.mark.django_db
def test_back_shows_the_earlier_answer_and_a_new_answer_changes_the_path(patient, client):
    patient.start()
    patient.answer("safety", "safe")
    patient.answer("concern", "low")
    patient.answer("sleep", "yes")

    back = soup(client.get("/quiz/step/extras/")).find("a", string=lambda s: s and "Back" in s)
    assert back["href"] == "/quiz/step/sleep/"
    earlier = soup(client.get("/quiz/step/concern/"))
    assert earlier.find("input", value="low").has_attr("checked")

    assert patient.answer("concern", "family")["Location"] == "/quiz/step/extras/"
    steps = list(ResponseAnswer.objects.values_list("question_key", flat=True))
    assert steps == ["safety", "concern"]  # the sleep step no longer lies on this path
    assert patient.state()["path"] == ["safety", "concern", "extras"]


@pytest.mark.django_db
def test_skip_on_optional_questions_only(patient, client):
    patient.start()
    patient.answer("safety", "safe")
    assert b"Skip this question" not in client.get("/quiz/step/concern/").content
    refused = patient.skip("concern")
    assert refused.status_code == 400
    assert "can’t be skipped" in refused.content.decode()

    patient.answer("concern", "family")
    assert b"Skip this question" in client.get("/quiz/step/extras/").content
    assert patient.skip("extras")["Location"] == "/quiz/step/pace/"
    assert ResponseAnswer.objects.get(question_key="extras").skipped


@pytest.mark.django_db
def test_missing_answer_re_asks_with_a_clear_error(patient):
    patient.start()
    response = patient.answer("safety")
    assert response.status_code == 400
    assert "Please choose an answer." in response.content.decode()
    assert not ResponseAnswer.objects.exists()


@pytest.mark.django_db
def test_retake_starts_fresh(patient, client, quiz_page):
    patient.start()
    patient.answer("safety", "safe")
    patient.answer("concern", "family")
    patient.skip("extras")
    patient.answer("pace", "own")
    assert client.post("/quiz/retake/")["Location"] == quiz_page.url
    assert patient.state() is None
    patient.start()
    assert QuizResponse.objects.count() == 2


@pytest.mark.django_db
def test_no_answers_travel_in_urls(patient, client):
    patient.start()
    for key, choice in [("safety", "safe"), ("concern", "family"), ("extras", "skills"), ("pace", "own")]:
        location = patient.answer(key, choice)["Location"]
        assert "?" not in location and choice not in location.split("/step/")[-1].replace(key, "")
    page = soup(client.get("/quiz/results/"))
    for link in page.find_all("a"):
        assert "answer" not in link["href"]


@pytest.mark.django_db
def test_no_quiz_published_says_so(client, home, crisis_page):
    from quiz.factories import QuizFactory, QuizPageFactory

    page = QuizPageFactory(parent=home, quiz=QuizFactory())  # saved, never published
    assert "The quiz isn’t available right now" in client.get(page.url).content.decode()
    assert client.post(page.start_url).status_code == 503


@pytest.mark.django_db
def test_following_a_suggestion_is_counted_once_and_lands_on_the_page(patient, client, pages):
    patient.start()
    patient.answer("safety", "safe")
    patient.answer("concern", "family")
    patient.skip("extras")
    patient.answer("pace", "own")
    link = soup(client.get("/quiz/results/")).select_one(".suggestions .option h3 a")
    assert link["href"] == "/quiz/suggestion/1/"
    for _ in range(2):
        assert client.get(link["href"])["Location"] == pages["family"].url
    outcome = ResponseOutcome.objects.get(rank=1)
    assert outcome.clicked_at is not None
    assert client.get("/quiz/suggestion/9/")["Location"] == "/quiz/results/"


@pytest.mark.django_db
def test_the_response_remembers_where_the_patient_is(patient):
    patient.start()
    assert QuizResponse.objects.get().last_question_key == "safety"
    patient.answer("safety", "safe")
    patient.answer("concern", "family")
    assert QuizResponse.objects.get().last_question_key == "extras"


@pytest.mark.django_db
def test_a_response_past_its_lifetime_takes_no_more_answers(patient, client):
    from datetime import timedelta

    from django.utils import timezone

    patient.start()
    QuizResponse.objects.update(started_at=timezone.now() - timedelta(hours=4))
    response = patient.answer("safety", "safe")
    assert response.status_code == 410
    assert not ResponseAnswer.objects.exists()
