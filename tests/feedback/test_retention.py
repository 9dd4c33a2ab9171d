"""Retention: comment text older than FEEDBACK_RETENTION_DAYS (180) goes; every count stays."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from approaches.factories import StandardPageFactory
from feedback import services
from feedback.factories import EmptySearchFactory, PageFeedbackFactory, votes
from feedback.models import EmptySearch, PageFeedback
from feedback.report import build_tables

TODAY = datetime.date(2026, 9, 30)


@pytest.fixture
def page(home):
    return StandardPageFactory(parent=home, title="Sleep and low mood")


def comment_on(page, day, text):
    return PageFeedbackFactory(page=page, helpful=False, comment=text, day=day)


def figures(first, last):
    tables = build_tables({"start": first, "end": last, "language": "", "page": None}, with_comments=False)
    return tables["pages"][1], sorted((row["query"], row["count"]) for row in tables["searches"][1])


@pytest.mark.django_db
def test_comment_text_older_than_the_setting_is_deleted_and_the_votes_stay(page, settings):
    settings.QUIZ_ANALYTICS_SUPPRESS_BELOW = 1
    assert settings.FEEDBACK_RETENTION_DAYS == 180
    cutoff = TODAY - datetime.timedelta(days=180)
    old = comment_on(page, cutoff - datetime.timedelta(days=1), "Too long, and I want to die")
    kept = comment_on(page, cutoff, "Exactly 180 days old")
    new = comment_on(page, TODAY, "Yesterday's words")
    votes(page=page, yes=3, no=2, day=cutoff - datetime.timedelta(days=40))
    before = figures(datetime.date(2025, 1, 1), TODAY)

    assert services.expire_comments(today=TODAY) == (1, 0)

    old.refresh_from_db()
    assert (old.comment, old.comment_expired, old.helpful, old.day) == (
        "",
        True,
        False,
        cutoff - datetime.timedelta(days=1),
    )
    assert PageFeedback.objects.get(pk=kept.pk).comment == "Exactly 180 days old"
    assert PageFeedback.objects.get(pk=new.pk).comment == "Yesterday's words"
    assert PageFeedback.objects.count() == 8, "no vote is deleted"
    assert figures(datetime.date(2025, 1, 1), TODAY) == before, "the counts are the same as before"
    # Running it again the same day changes nothing.
    assert services.expire_comments(today=TODAY) == (0, 0)


@pytest.mark.django_db
def test_the_period_follows_the_setting(page, settings):
    settings.FEEDBACK_RETENTION_DAYS = 30
    comment_on(page, TODAY - datetime.timedelta(days=31), "A month ago")
    comment_on(page, TODAY - datetime.timedelta(days=29), "Last week")
    assert services.expire_comments(today=TODAY) == (1, 0)
    assert list(PageFeedback.objects.exclude(comment="").values_list("comment", flat=True)) == ["Last week"]


@pytest.mark.django_db
def test_old_empty_searches_lose_their_words_but_keep_their_count(settings):
    settings.QUIZ_ANALYTICS_SUPPRESS_BELOW = 1
    old_day = TODAY - datetime.timedelta(days=200)
    EmptySearchFactory(query="melatonin", day=old_day, count=4)
    EmptySearchFactory(query="grief", day=old_day, count=2)
    EmptySearchFactory(query="grief", day=TODAY, count=5)
    assert services.expire_comments(today=TODAY) == (0, 2)
    assert list(EmptySearch.objects.filter(day=old_day).values_list("query", "count")) == [("", 6)]
    assert EmptySearch.objects.get(day=TODAY).query == "grief"
    assert sum(EmptySearch.objects.values_list("count", flat=True)) == 11


@pytest.mark.django_db
def test_the_scheduled_command_deletes_old_text_and_says_what_it_did(page):
    today = timezone.localdate()
    comment_on(page, today - datetime.timedelta(days=181), "Old words")
    comment_on(page, today - datetime.timedelta(days=10), "Recent words")
    out = io.StringIO()
    call_command("expire_feedback", stdout=out)
    assert "Deleted the text of 1 comment(s)" in out.getvalue() and "older than 180 days" in out.getvalue()
    assert list(PageFeedback.objects.exclude(comment="").values_list("comment", flat=True)) == ["Recent words"]
    call_command("expire_feedback", "--days", "5", stdout=out)
    assert not PageFeedback.objects.exclude(comment="").exists()
    assert PageFeedback.objects.filter(comment_expired=True).count() == 2
