"""Reads for the quiz."""

from dataclasses import replace
from functools import lru_cache

from wagtail.models import Revision

from quiz.flow import Flow, build_flow
from quiz.models import SupportLevel


class RevisionGone(Exception):
    """The revision a patient started on no longer exists (revisions were purged)."""


@lru_cache(maxsize=64)
def flow_for_revision(revision_id: int) -> Flow:
    """The flow as published in this revision. Revisions never change, so each process keeps
    the last few it has used and quiz steps cost no query to read the questions."""
    try:
        revision = Revision.objects.get(pk=revision_id)
    except Revision.DoesNotExist as exc:
        raise RevisionGone(revision_id) from exc
    flow = build_flow(revision.as_object(), revision_id=revision_id)
    return replace(flow, support_ranks=dict(SupportLevel.objects.values_list("pk", "rank")))


def live_flow(quiz) -> Flow | None:
    """The published flow of this quiz, or None while it has never been published."""
    if quiz is None or not quiz.is_available:
        return None
    return flow_for_revision(quiz.live_revision_id)


def stored_answers(response_id) -> dict[str, list[str]] | None:
    """The answers recorded for a response, by question key (a skipped question has none),
    or None when the response no longer exists. The patient's cookie holds no answers: these
    rows are the only copy, and earlier answers are prefilled from them."""
    from quiz.models import QuizResponse, ResponseAnswer

    rows = list(ResponseAnswer.objects.filter(response_id=response_id).values_list("question_key", "option_key"))
    if not rows and not QuizResponse.objects.filter(pk=response_id).exists():
        return None
    answers: dict[str, list[str]] = {}
    for question_key, option_key in rows:
        chosen = answers.setdefault(question_key, [])
        if option_key:
            chosen.append(option_key)
    return answers
