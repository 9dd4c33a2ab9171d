"""No trace before the patient chooses: no cookie until the quiz starts, and then a quiz cookie
that refers to the stored response without holding any answer, and ends with the browser."""

import json

import pytest
from django.core import signing
from django.test import Client

from approaches.factories import StandardPageFactory
from quiz.models import QuizResponse, ResponseAnswer
from quiz.session import COOKIE_NAME, COOKIE_SALT


@pytest.fixture
def every_patient_page(home, index, approach, crisis_page, quiz_page):
    about = StandardPageFactory(parent=home, title="About", slug="about")
    return [
        home.url,
        index.url,
        f"{index.url}?condition=adhd",
        approach.url,
        about.url,
        crisis_page.url,
        quiz_page.url,
        "/search/?q=sleep",
        "/compare/",
        f"/compare/?approach={approach.slug}",
        "/questions/",
        "/quiz/results/",  # the "timed out" problem page
        "/no-such-page/",
    ]


@pytest.mark.django_db
def test_no_page_sets_a_cookie_before_the_quiz_starts(every_patient_page):
    browser = Client()
    for url in every_patient_page:
        response = browser.get(url)
        assert response.status_code < 500, url
        assert not response.cookies, f"{url} set {list(response.cookies)}"
    assert not browser.cookies


def quiz_cookie(client):
    morsel = client.cookies[COOKIE_NAME]
    return morsel, signing.loads(morsel.value, salt=COOKIE_SALT)


@pytest.mark.django_db
def test_the_quiz_cookie_refers_to_the_response_and_holds_no_answer(patient, client):
    patient.start()
    patient.answer("safety", "safe")
    patient.answer("concern", "family")
    patient.answer("extras", "skills", "together")

    morsel, state = quiz_cookie(client)
    assert set(state) == {"response_id", "revision_id", "path", "status", "language"}
    assert state["language"] == "en"  # the portal language the quiz was started in, nothing more
    assert state["response_id"] == str(QuizResponse.objects.get().pk)
    chosen = set(ResponseAnswer.objects.values_list("option_key", flat=True))
    assert chosen == {"safe", "family", "skills", "together"}
    assert not chosen & set(json.dumps(state).replace('"', " ").split()), "an answer is in the cookie"


@pytest.mark.django_db
def test_the_quiz_cookie_ends_with_the_browser(patient, client):
    response = patient.start()
    morsel = response.cookies[COOKIE_NAME]
    assert morsel["max-age"] == "" and morsel["expires"] == ""
    assert morsel["httponly"] and morsel["samesite"] == "Lax"
    assert patient.answer("safety", "safe").cookies[COOKIE_NAME]["max-age"] == ""


@pytest.mark.django_db
def test_earlier_answers_come_back_from_the_database_after_back(patient, client):
    patient.start()
    patient.answer("safety", "safe")
    patient.answer("concern", "low")
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(client.get("/quiz/step/concern/").content, "html.parser")
    assert [i["value"] for i in soup.select("input[name=answer][checked]")] == ["low"]


@pytest.mark.django_db
def test_start_again_clears_the_quiz_cookie(patient, client):
    patient.start()
    response = client.post("/quiz/retake/")
    assert response.cookies[COOKIE_NAME].value == ""
    assert response.cookies[COOKIE_NAME]["max-age"] == 0


# --- Forms that need no cookie -------------------------------------------------------------


@pytest.fixture
def strict():
    """A browser that gets CSRF checks, as a real one does, and has no cookie yet."""
    return Client(enforce_csrf_checks=True)


@pytest.mark.django_db
def test_the_start_form_works_without_any_cookie_from_this_site(strict, quiz_page):
    page = strict.get(quiz_page.url)
    assert not page.cookies
    response = strict.post(quiz_page.start_url, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302
    assert list(response.cookies) == [COOKIE_NAME]
    assert QuizResponse.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://elsewhere.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_REFERER": "https://elsewhere.example/page"},
        {},  # neither header and no form token
    ],
    ids=["other origin", "hidden origin", "other referer", "nothing"],
)
def test_a_start_posted_from_another_site_is_refused_and_leaves_no_cookie(strict, quiz_page, headers):
    response = strict.post(quiz_page.start_url, **headers)
    assert response.status_code == 403
    assert "Please try that again" in response.content.decode()
    assert not response.cookies
    assert not QuizResponse.objects.exists()


@pytest.mark.django_db
def test_same_site_referer_or_the_form_token_is_enough_when_origin_is_missing(strict, quiz_page):
    from bs4 import BeautifulSoup

    assert strict.post(quiz_page.start_url, HTTP_REFERER=f"http://testserver{quiz_page.url}").status_code == 302
    soup = BeautifulSoup(Client().get(quiz_page.url).content, "html.parser")
    token = soup.select_one("form input[name=form_token]")["value"]
    assert Client(enforce_csrf_checks=True).post(quiz_page.start_url, {"form_token": token}).status_code == 302
    assert Client(enforce_csrf_checks=True).post(quiz_page.start_url, {"form_token": "forged"}).status_code == 403
    assert QuizResponse.objects.count() == 2


@pytest.mark.django_db
def test_quiz_steps_refuse_a_post_from_another_site(strict, quiz_page):
    strict.post(quiz_page.start_url, HTTP_ORIGIN="http://testserver")
    forged = strict.post("/quiz/step/safety/", {"answer": "safe"}, HTTP_ORIGIN="https://elsewhere.example")
    assert forged.status_code == 403
    assert not ResponseAnswer.objects.exists()
    mine = strict.post("/quiz/step/safety/", {"answer": "safe"}, HTTP_ORIGIN="http://testserver")
    assert mine.status_code == 302 and mine["Location"] == "/quiz/step/concern/"
    assert set(strict.cookies) == {COOKIE_NAME}, "no csrftoken cookie, only the quiz's own"
