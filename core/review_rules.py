"""Reading level and review due dates: the rules shared by the pages that show them and by
governance, which records reviews. Nothing here knows the review models: a review is anything
with `reviewed_at` and `revision_id`."""

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import textstat
from django.utils import timezone

READING_GRADE_TARGET = 8.0
DUE_SOON_DAYS = 30


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reading_grade(text: str) -> float | None:
    """Flesch–Kincaid grade of plain text; None when there is too little text to judge."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text.split()) < 20:
        return None
    return round(float(textstat.flesch_kincaid_grade(text)), 1)


@dataclass(frozen=True)
class ReviewStatus:
    last_review: Any  # governance.models.PageReview, or None
    next_due: date | None
    today: date
    # The live version is not the one the last review approved: someone published around
    # the Clinical review workflow (plain Publish, a revert, a scheduled draft).
    changed_since_review: bool = False

    @property
    def state(self) -> str:
        if self.last_review is None:
            return "never"
        if self.changed_since_review:
            return "changed"
        if self.next_due < self.today:
            return "overdue"
        if (self.next_due - self.today).days <= DUE_SOON_DAYS:
            return "due-soon"
        return "ok"

    @property
    def label(self) -> str:
        return {
            "never": "Never reviewed",
            "changed": "Changed since last review",
            "overdue": "Overdue",
            "due-soon": "Due within 30 days",
            "ok": "Up to date",
        }[self.state]


def changed_since(last_review, live_revision_id: int | None) -> bool:
    """True when the page's live revision is not the one the review approved.

    Only a publish by the Clinical review workflow makes them equal (the review stamps the
    revision that approval published), so any other publish counts as a change. A page with
    no live revision (built directly, never published through Wagtail) cannot be told apart.
    """
    return last_review is not None and live_revision_id is not None and last_review.revision_id != live_revision_id


def review_status(
    last_review,
    interval_months: int,
    today: date | None = None,
    *,
    live_revision_id: int | None = None,
) -> ReviewStatus:
    today = today or timezone.localdate()
    next_due = add_months(timezone.localtime(last_review.reviewed_at).date(), interval_months) if last_review else None
    return ReviewStatus(last_review, next_due, today, changed_since(last_review, live_revision_id))
