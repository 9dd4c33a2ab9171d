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
    # The row of a support level is its published version; drafts wait in revisions for review.
    levels = SupportLevel.objects.filter(live=True).values_list("pk", "rank", "is_urgent")
    return replace(
        flow,
        support_ranks={pk: rank for pk, rank, _urgent in levels},
        urgent_levels=frozenset(pk for pk, _rank, urgent in levels if urgent),
    )


def live_flow(quiz) -> Flow | None:
    """The published flow of this quiz, or None while it has never been published."""
    if quiz is None or not quiz.is_available:
        return None
    return flow_for_revision(quiz.live_revision_id)


def published_support_level(level_id: int | None) -> SupportLevel | None:
    """The support level as patients may see it: its published version, or None."""
    if level_id is None:
        return None
    return SupportLevel.objects.filter(pk=level_id, live=True).first()
