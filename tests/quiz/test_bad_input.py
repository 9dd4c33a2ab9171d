"""Tampered, replayed, late and oversized posts: a 4xx page in plain words, never a 500,
never a half-written response."""

import pytest
from django.test import Client

from quiz.factories import build_question
from quiz.models import QuizResponse, ResponseAnswer


def counts():
    return (QuizResponse.objects.count(), ResponseAnswer.objects.count())


@pytest.fixture
def started(patient):
    patient.start()
    patient.answer("safety", "safe")
    return patient


@pytest.mark.django_db
def test_option_from_another_question_is_refused(started):
    before = counts()
    response = started.answer("concern", "safe")  # "safe" belongs to the safety question
    assert response.status_code == 400
    assert "isn’t one of the choices for this question" in response.content.decode()
    assert counts() == before


@pytest.mark.django_db
def test_several_answers_to_a_single_choice_question_are_refused(started):
    before = counts()
    response = started.answer("concern", "low", "family")
    assert response.status_code == 400
    assert "Please choose just one answer." in response.content.decode()
    assert counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("data", [{"answer": ""}, {"answer": "x" * 10_000}, {"nonsense": "1"}, {"answer": "\x00"}])
def test_tampered_fields_are_refused(started, client, data):
    before = counts()
    response = client.post("/quiz/step/concern/", data)
    assert response.status_code == 400
    assert b"Get help now" in response.content
    assert counts() == before


@pytest.mark.django_db
def test_unknown_question_is_refused_for_posts_and_redirected_for_reads(started, client):
    response = client.post("/quiz/step/not-a-question/", {"answer": "x"})
    assert response.status_code == 409
    assert "Go to your current question" in response.content.decode()
    assert client.get("/quiz/step/not-a-question/")["Location"] == "/quiz/step/concern/"


@pytest.mark.django_db
def test_jumping_ahead_is_refused(started, client):
    before = counts()
    response = client.post("/quiz/step/pace/", {"answer": "own"})
    assert response.status_code == 409
    assert counts() == before


@pytest.mark.django_db
def test_double_submit_records_the_step_once(started):
    first = started.answer("concern", "low")
    second = started.answer("concern", "low")
    assert first["Location"] == second["Location"] == "/quiz/step/sleep/"
    assert ResponseAnswer.objects.filter(question_key="concern").count() == 1


@pytest.mark.django_db
def test_replayed_post_after_finishing_changes_nothing(started, client):
    started.answer("concern", "family")
    started.skip("extras")
    started.answer("pace", "own")
    stored = QuizResponse.objects.get()
    before = (counts(), stored.completed_at, list(stored.outcomes.values_list("rank", "approach")))

    replay = started.answer("pace", "soon")
    assert replay["Location"] == "/quiz/results/"
    stored.refresh_from_db()
    assert (counts(), stored.completed_at, list(stored.outcomes.values_list("rank", "approach"))) == before


@pytest.mark.django_db
def test_expired_session_gets_a_plain_page_with_a_way_back(quiz_page):
    fresh = Client()
    for response in [fresh.post("/quiz/step/safety/", {"answer": "safe"}), fresh.get("/quiz/results/")]:
        assert response.status_code == 410
        html = response.content.decode()
        assert "Your quiz has timed out" in html
        assert f'href="{quiz_page.url}"' in html
        assert "Get help now" in html
    assert not QuizResponse.objects.exists()


@pytest.mark.django_db
def test_tampered_quiz_cookie_counts_as_expired(started, client):
    from django.core import signing

    from quiz.session import COOKIE_NAME, COOKIE_SALT

    state = signing.loads(client.cookies[COOKIE_NAME].value, salt=COOKIE_SALT)
    state["path"] = ["safety", "pace"]  # try to skip ahead, signed with a guessed key
    client.cookies[COOKIE_NAME] = signing.dumps(state, key="guessed", salt=COOKIE_SALT, compress=True)
    assert client.post("/quiz/step/pace/", {"answer": "own"}).status_code == 410
    client.cookies[COOKIE_NAME] = "not-even-signed"
    assert client.post("/quiz/step/concern/", {"answer": "low"}).status_code == 410
    assert ResponseAnswer.objects.count() == 1


@pytest.mark.django_db
def test_missing_csrf_token_is_refused_kindly(quiz_page):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(quiz_page.start_url)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Please try that again" in html and "Get help now" in html
    assert not QuizResponse.objects.exists()


@pytest.mark.django_db
def test_oversized_post_is_refused(started, client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    before = counts()
    response = client.post("/quiz/step/concern/", {"answer": "low", "padding": "x" * 5000})
    assert response.status_code == 400
    assert b"Get help now" in response.content
    assert counts() == before


@pytest.mark.django_db
def test_a_revision_published_mid_quiz_does_not_change_the_patients_questions(started, client, quiz, quiz_page):
    questions = [q for q in quiz.questions.all() if q.key != "concern"]
    new = build_question(
        {"key": "new-q", "text": "A brand new question?", "options": [{"label": "A"}, {"label": "B"}]}, 1
    )
    questions.insert(1, new)
    for order, question in enumerate(questions):
        question.sort_order = order
    quiz.questions = questions
    quiz.save_revision().publish()
    quiz.refresh_from_db()

    page = client.get("/quiz/step/concern/")
    assert page.status_code == 200
    assert "What weighs on you most?" in page.content.decode()
    assert started.answer("concern", "family")["Location"] == "/quiz/step/extras/"
    assert QuizResponse.objects.get().revision_id != quiz.live_revision_id

    newcomer = Client()
    newcomer.post(quiz_page.start_url)
    newcomer.post("/quiz/step/safety/", {"answer": "safe"})
    assert "A brand new question?" in newcomer.get("/quiz/step/new-q/").content.decode()


@pytest.mark.django_db
def test_revision_deleted_mid_quiz_counts_as_expired(started, client):
    from wagtail.models import Revision

    Revision.objects.all().delete()
    response = client.get("/quiz/step/concern/")
    assert response.status_code == 410
    assert "Start the quiz again" in response.content.decode()


@pytest.mark.django_db
def test_only_get_and_post(started, client):
    assert client.put("/quiz/step/concern/").status_code == 405
    assert client.get("/quiz/retake/").status_code == 405
