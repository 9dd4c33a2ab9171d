"""Review dates, reading level, and the workflow hook that stamps a review on approval."""

import calendar
import re
from dataclasses import dataclass
from datetime import date

import textstat
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import Revision
from wagtail.signals import workflow_approved

from core.models import ClinicalReviewer, PageReview

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
    last_review: PageReview | None
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


def changed_since(last_review: PageReview | None, live_revision_id: int | None) -> bool:
    """True when the page's live revision is not the one the review approved.

    Only a publish by the Clinical review workflow makes them equal (the review stamps the
    revision that approval published), so any other publish counts as a change. A page with
    no live revision (built directly, never published through Wagtail) cannot be told apart.
    """
    return last_review is not None and live_revision_id is not None and last_review.revision_id != live_revision_id


def review_status(
    last_review: PageReview | None,
    interval_months: int,
    today: date | None = None,
    *,
    live_revision_id: int | None = None,
) -> ReviewStatus:
    today = today or timezone.localdate()
    next_due = add_months(timezone.localtime(last_review.reviewed_at).date(), interval_months) if last_review else None
    return ReviewStatus(last_review, next_due, today, changed_since(last_review, live_revision_id))


def record_review(*, page, user, revision=None, when=None) -> PageReview:
    """Stamp a review of `revision`, by default of the page as it is live now."""
    reviewer = ClinicalReviewer.objects.filter(user=user).first() if user else None
    name = str(reviewer) if reviewer else ((user.get_full_name() or user.get_username()) if user else "Unknown")
    if revision is None:
        revision = page.live_revision
    return PageReview.objects.create(
        page=page, revision=revision, reviewed_at=when or timezone.now(), reviewer=reviewer, reviewer_name=name
    )


@receiver(workflow_approved)
def stamp_review_on_approval(sender, instance, user=None, **kwargs):
    """A page approved through the clinical review workflow counts as clinically reviewed.

    Approval publishes the page's latest revision (wagtail.workflows.publish_workflow_state),
    which may be newer than the one submitted if someone saved during review; the stamp names
    the revision that went live, so the next plain Publish shows as a change.
    """
    from wagtail.models import Page

    content = instance.content_object
    if isinstance(content, Page):
        live_revision_id = Page.objects.filter(pk=content.pk).values_list("live_revision_id", flat=True).first()
        record_review(page=content, user=user, revision=Revision.objects.filter(pk=live_revision_id).first())
