"""Posts that are not a patient answering our form, beyond the vote checks in
test_patient_feedback.py: the comment step forged from another site, oversized, expired or
flooded gets a clear 4xx and stores nothing; crisis words are never held back by the limit."""

import time

import pytest
from django.core.cache import cache
from django.test import Client

from feedback.models import PageFeedback
from tests.feedback.conftest import HERE, token_from, vote_url

COMMENT = "/feedback/comment/"


def no_vote_token(strict, article):
    return token_from(strict.post(vote_url(article), {"helpful": "no"}))


def nothing_written():
    row = PageFeedback.objects.get()
    return (row.comment, row.comment_closed) == ("", False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://elsewhere.example"},
        {"HTTP_REFERER": "https://elsewhere.example/page/"},  # an older browser: no Origin
        {},  # neither, and no form token: not a browser posting our form
    ],
)
def test_a_comment_posted_from_another_site_is_refused(strict, article, headers):
    token = no_vote_token(strict, article)
    response = Client(enforce_csrf_checks=True, **headers).post(COMMENT, {"token": token, "comment": "spam"})
    assert response.status_code == 403
    assert nothing_written()


@pytest.mark.django_db
def test_an_oversized_comment_post_is_refused_before_it_is_read(strict, article):
    token = no_vote_token(strict, article)
    response = strict.post(COMMENT, {"token": token, "comment": "short", "padding": "x" * 5000})
    assert response.status_code == 413
    assert "panel--crisis" in response.content.decode()
    assert nothing_written()


@pytest.mark.django_db
def test_a_comment_form_older_than_an_hour_is_refused(strict, article, monkeypatch):
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() - 3601)
    token = no_vote_token(strict, article)
    monkeypatch.setattr(time, "time", real)
    response = strict.post(COMMENT, {"token": token, "comment": "late"})
    assert response.status_code == 400
    assert "This form has expired" in response.content.decode()
    assert nothing_written()


@pytest.mark.django_db
def test_a_token_from_one_vote_cannot_be_moved_to_another(strict, article):
    token = no_vote_token(strict, article)
    number, stamp, signature = token.split(":")
    other = no_vote_token(strict, article)
    forged = f"{int(number) + 1}:{stamp}:{signature}"
    assert forged != other
    assert strict.post(COMMENT, {"token": forged, "comment": "moved"}).status_code == 400
    assert set(PageFeedback.objects.values_list("comment", flat=True)) == {""}


@pytest.mark.django_db
def test_gets_and_other_methods_are_refused(strict, article):
    assert strict.get(vote_url(article)).status_code == 405
    assert strict.get(COMMENT).status_code == 405
    assert strict.put(vote_url(article), "helpful=yes").status_code == 405
    assert not PageFeedback.objects.exists()


@pytest.mark.django_db
def test_a_flood_of_comments_is_limited_but_crisis_words_still_reach_help(article, settings):
    settings.FEEDBACK_RATE_LIMIT = 3
    cache.clear()
    client = Client(enforce_csrf_checks=True, HTTP_ORIGIN=HERE)
    tokens = [token_from(client.post(vote_url(article), {"helpful": "no"})) for _ in range(3)]
    limited = client.post(COMMENT, {"token": tokens[0], "comment": "one more"})
    assert limited.status_code == 429 and limited["Retry-After"] == "60"
    assert set(PageFeedback.objects.values_list("comment", flat=True)) == {""}, "nothing stored"
    # Someone in danger is never told to wait: the crisis panel comes at once, and it is kept.
    crisis = client.post(COMMENT, {"token": tokens[1], "comment": "I want to kill myself"})
    assert crisis.status_code == 200
    html = crisis.content.decode()
    assert html.index("panel--crisis") < html.index("<h1>")
    assert PageFeedback.objects.filter(crisis=True).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["expired", "replayed", "too long"])
def test_crisis_words_in_a_refused_comment_still_put_help_first(strict, article, case):
    token = no_vote_token(strict, article)
    text = "quiero morir"
    if case == "expired":
        token = "forged"
    elif case == "replayed":
        strict.post(COMMENT, {"token": token, "comment": "first"})
    else:
        text = "quiero morir " + "a" * 500
    response = strict.post(COMMENT, {"token": token, "comment": text})
    assert 400 <= response.status_code < 500
    html = response.content.decode()
    assert html.index("panel--crisis") < html.index("<h1>")
    assert not PageFeedback.objects.filter(crisis=True).exists()
