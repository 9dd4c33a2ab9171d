"""Writes: a patient's vote and comment, triage, retention, empty-search counts."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from approaches.search import normalize, signals_crisis
from feedback.models import EmptySearch, PageFeedback, Status
from feedback.scrub import scrub

MAX_COMMENT = 500


class CommentRefused(Exception):
    """The comment step can't take this post (already answered, or not a "no" vote)."""


def record_vote(*, page, helpful: bool) -> PageFeedback:
    """One answer to "Was this page helpful?" on the page's live revision, dated by day only."""
    return PageFeedback.objects.create(
        page=page,
        revision_id=page.live_revision_id,
        language=page.locale.language_code,
        day=timezone.localdate(),
        helpful=helpful,
    )


def record_comment(*, feedback_id: int, text: str) -> PageFeedback:
    """The "what was missing or wrong?" answer for a "no" vote, scrubbed; at most once per vote.

    `text` must already be at most MAX_COMMENT characters (the view refuses longer ones)."""
    text = text.strip()
    crisis = signals_crisis(text)
    with transaction.atomic():
        updated = PageFeedback.objects.filter(pk=feedback_id, helpful=False, comment_closed=False).update(
            comment=scrub(text), crisis=crisis, comment_closed=True
        )
        if not updated:
            raise CommentRefused
    return PageFeedback.objects.get(pk=feedback_id)


def set_status(*, feedback: PageFeedback, status: str, fixed_in_id: int | None = None) -> PageFeedback:
    feedback.status = Status(status)
    feedback.fixed_in_id = fixed_in_id
    feedback.save(update_fields=["status", "fixed_in"])
    return feedback


def expire_comments(*, days: int | None = None, today: datetime.date | None = None) -> tuple[int, int]:
    """Delete comment text older than `days` (FEEDBACK_RETENTION_DAYS), and fold old empty-search
    queries into one row per day and language. Votes and counts stay. Returns (comments, queries)."""
    days = settings.FEEDBACK_RETENTION_DAYS if days is None else days
    cutoff = (today or timezone.localdate()) - datetime.timedelta(days=days)
    with transaction.atomic():
        comments = (
            PageFeedback.objects.filter(day__lt=cutoff).exclude(comment="").update(comment="", comment_expired=True)
        )
        old = EmptySearch.objects.filter(day__lt=cutoff).exclude(query="")
        folded = 0
        for row in old.select_for_update():
            total, _ = EmptySearch.objects.get_or_create(day=row.day, language=row.language, query="")
            EmptySearch.objects.filter(pk=total.pk).update(count=F("count") + row.count)
            row.delete()
            folded += 1
    return comments, folded


def count_empty_search(*, query: str, language: str) -> None:
    """One more search that found nothing: the words scrubbed and folded, the day, the language."""
    words = normalize(scrub(query))[:100]
    if not words:
        return
    row, created = EmptySearch.objects.get_or_create(
        day=timezone.localdate(), language=language[:8], query=words, defaults={"count": 1}
    )
    if not created:
        EmptySearch.objects.filter(pk=row.pk).update(count=F("count") + 1)
