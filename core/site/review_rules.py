"""Reading level and review due dates: the rules shared by the pages that show them and by
governance, which records reviews. Nothing here knows the review models: a review is anything
with `reviewed_at` and `revision_id`."""

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from django.utils import timezone

READING_GRADE_TARGET = 8.0
DUE_SOON_DAYS = 30


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ReadingMeasure:
    """How a language's reading level is measured and what patient materials should aim for.

    English uses a US school grade (lower is easier); Spanish a reading-ease score (higher is
    easier), so every comparison goes through `too_hard` and every label through this."""

    language: str  # textstat / Pyphen language
    name: str
    target: float
    higher_is_easier: bool
    formula: str  # textstatistics method

    def too_hard(self, score: float | None) -> bool:
        if score is None:
            return False
        return score < self.target if self.higher_is_easier else score > self.target

    def describe(self, score: float) -> str:
        return f"grade {score:g}" if not self.higher_is_easier else f"{self.name} {score:g}"

    @property
    def target_label(self) -> str:
        if self.higher_is_easier:
            return f"{self.name} {self.target:g} or above"
        return f"grade {self.target:g} or below"

    @property
    def too_hard_label(self) -> str:
        return f"below {self.target:g}" if self.higher_is_easier else f"above grade {self.target:g}"

    def score(self, text: str) -> float:
        return float(getattr(_textstat(self.language), self.formula)(text))


READING_MEASURES = {
    "en": ReadingMeasure("en_US", "Flesch–Kincaid grade", READING_GRADE_TARGET, False, "flesch_kincaid_grade"),
    # Fernández Huerta's reading ease (0-100, higher is easier). 60-70 reads as "normal", about
    # US grades 7-8 (legible.es), so 60 or above matches the English grade 8 target.
    "es": ReadingMeasure("es", "Fernández Huerta", 60.0, True, "fernandez_huerta"),
}


@cache
def _textstat(language: str):
    # One instance per language: textstat's module-level set_lang would switch the syllable
    # counting for every caller in the process.
    from textstat.textstat import textstatistics

    instance = textstatistics()
    instance.set_lang(language)
    return instance


def reading_measure(language: str | None = "en") -> ReadingMeasure | None:
    """The measure for a language code ("es", "es-mx"); None for a language without one."""
    code = (language or "en").lower().split("-")[0].split("_")[0]
    return READING_MEASURES.get(code)


def reading_grade(text: str, language: str | None = "en") -> float | None:
    """The reading level of plain text on its language's measure (English: Flesch–Kincaid
    grade; Spanish: Fernández Huerta ease); None with too little text to judge or no measure."""
    text = re.sub(r"\s+", " ", text or "").strip()
    measure = reading_measure(language)
    if measure is None or len(text.split()) < 20:
        return None
    return round(measure.score(text), 1)


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
