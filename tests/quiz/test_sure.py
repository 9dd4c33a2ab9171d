"""The SURE check after results (issue 26): optional, four yes/no answers, kept only as counts
pinned to the quiz revision and language, counted once per response, never tied to it."""

import threading
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from django.db import DatabaseError, connection
from django.test import Client

from quiz import services
from quiz.models import QuizResponse, SureCount
from quiz.models.sure import SURE_FIELDS
from tests.priorities.test_exercise import table_counts

YES_TO_ALL = dict.fromkeys(SURE_FIELDS, "yes")


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def finish(patient):
    patient.start()
    for key, answer in [("safety", "safe"), ("concern", "low"), ("sleep", "yes"), ("extras", "together")]:
        patient.answer(key, answer)
    assert patient.answer("pace", "weekly")["Location"] == "/quiz/results/"


def counts() -> Counter:
    return Counter(
        {
            (row.revision_id, row.language, tuple(getattr(row, f) for f in SURE_FIELDS)): row.count
            for row in SureCount.objects.all()
        }
    )


@pytest.mark.django_db
def test_results_offer_the_four_questions_as_a_form_that_needs_no_javascript(patient, client):
    finish(patient)
    form = soup(client.get("/quiz/results/")).select_one("form.sure-form")
    assert form["method"] == "post" and form["action"] == "/quiz/sure/"
    assert [fs.select_one("input")["name"] for fs in form.select("fieldset")] == list(SURE_FIELDS)
    assert all({i["value"] for i in fs.select("input")} == {"yes", "no"} for fs in form.select("fieldset"))


@pytest.mark.django_db
def test_sure_counts_equal_what_was_posted(quiz_page, quiz):
    posted = Counter()
    patterns = [YES_TO_ALL, YES_TO_ALL | {"understand_information": "no"}, dict.fromkeys(SURE_FIELDS, "no")]
    for n in range(7):
        from tests.conftest import Patient

        client = Client()
        patient = Patient(client, quiz_page)
        finish(patient)
        answers = patterns[n % 3]
        response = client.post("/quiz/sure/", answers)
        assert response.status_code == 302 and response["Location"] == "/quiz/results/#sure"
        posted[(quiz.live_revision_id, "en", tuple(answers[f] == "yes" for f in SURE_FIELDS))] += 1
        thanks = soup(client.get("/quiz/results/"))
        assert thanks.select_one(".sure-check [role=status]") and not thanks.select_one("form.sure-form")
    assert counts() == posted
    assert QuizResponse.objects.filter(sure_answered=True).count() == 7


@pytest.mark.django_db
def test_a_double_submit_is_counted_once_and_told_so(patient, client):
    finish(patient)
    assert client.post("/quiz/sure/", YES_TO_ALL).status_code == 302
    again = client.post("/quiz/sure/", YES_TO_ALL | {"enough_support": "no"})
    assert again.status_code == 409
    assert "already counted" in soup(again).h1.get_text()
    assert sum(counts().values()) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {},
        YES_TO_ALL | {"sure_of_myself": "maybe"},
        {k: v for k, v in YES_TO_ALL.items() if k != "risk_benefit_clear"},
        YES_TO_ALL | {"enough_support": ["yes", "no"]},
    ],
    ids=["empty", "off-the-scale", "one-missing", "two-values"],
)
def test_a_tampered_post_gets_a_400_and_writes_nothing(patient, client, data):
    finish(patient)
    response = client.post("/quiz/sure/", data)
    assert response.status_code == 400
    assert soup(response).select_one(".sure-check [role=alert]"), "the form comes back with what to fix"
    assert not SureCount.objects.exists()
    assert not QuizResponse.objects.filter(sure_answered=True).exists()


@pytest.mark.django_db
def test_without_a_finished_quiz_nothing_is_counted(patient, client):
    assert client.post("/quiz/sure/", YES_TO_ALL).status_code == 410  # no quiz cookie at all
    patient.start()
    assert client.post("/quiz/sure/", YES_TO_ALL).status_code == 409  # not at the results yet
    assert not SureCount.objects.exists()


@pytest.mark.django_db
def test_a_failed_write_leaves_neither_the_flag_nor_a_count(patient, client, monkeypatch):
    finish(patient)
    response_id = QuizResponse.objects.get().pk

    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(SureCount.objects, "create", broken)
    with pytest.raises(DatabaseError):
        services.record_sure(response_id=response_id, answers=dict.fromkeys(SURE_FIELDS, True))
    assert not QuizResponse.objects.filter(sure_answered=True).exists()
    assert not SureCount.objects.exists()
    monkeypatch.undo()
    assert services.record_sure(response_id=response_id, answers=dict.fromkeys(SURE_FIELDS, True)) is True
    assert sum(counts().values()) == 1


@pytest.mark.django_db
def test_the_check_adds_no_row_that_identifies_or_links_a_person_and_no_cookie(patient, client):
    finish(patient)
    before = table_counts()
    quiz_cookie = client.cookies["steady_path_quiz"].value
    response = client.post("/quiz/sure/", YES_TO_ALL, HTTP_USER_AGENT="Secret-Browser/1.0", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302
    assert not response.cookies, "no cookie is set or changed"
    assert client.cookies["steady_path_quiz"].value == quiz_cookie
    after = table_counts()
    assert {t: after[t] - before[t] for t in after if after[t] != before[t]} == {"quiz_surecount": 1}
    row = SureCount.objects.values().get()
    assert set(row) == {"id", "quiz_id", "revision_id", "language", "count", *SURE_FIELDS}, (
        "nothing points at a response"
    )
    assert "203.0.113.9" not in repr(row) and "Secret-Browser" not in repr(row)


@pytest.mark.django_db
def test_counts_are_pinned_to_the_revision_and_language_of_the_response(patient, client, quiz):
    finish(patient)
    first_revision = quiz.live_revision_id
    QuizResponse.objects.update(language="es")
    quiz.save_revision().publish()  # a new revision mid-way changes nothing for this response
    client.post("/quiz/sure/", YES_TO_ALL)
    assert list(counts()) == [(first_revision, "es", (True, True, True, True))]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="races need a database with real concurrent writers")
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_state_restored")
def test_simultaneous_first_counts_of_the_same_answers_add_up_on_postgresql(quiz, quiz_page):
    responses = [services.start_response(flow=_flow(quiz)) for _ in range(8)]
    QuizResponse.objects.update(completed_at=QuizResponse.objects.first().started_at)
    answers = dict.fromkeys(SURE_FIELDS, True)
    barrier = threading.Barrier(len(responses) * 2)
    errors = []

    def post(response_id):
        try:
            barrier.wait()
            services.record_sure(response_id=response_id, answers=answers)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    # Each response twice at once: a double submit and a first insert racing other patients'.
    threads = [threading.Thread(target=post, args=(r.pk,)) for r in responses for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert SureCount.objects.get().count == len(responses)


def _flow(quiz):
    from quiz.selectors import live_flow

    return live_flow(quiz)
