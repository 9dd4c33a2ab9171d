"""Which revisions of a quiz patients have actually met, and when each went live.

Only a published revision can have responses (a patient always starts on the live one), so
drafts, rejected drafts and autosaves are no use for comparison. Wagtail logs every publish
with its revision; the first publish of a revision is when it went live.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Min
from django.utils import timezone
from wagtail.models import ModelLogEntry

from quiz.models import Quiz


@dataclass(frozen=True)
class PublishedRevision:
    id: int
    went_live_at: datetime
    is_live: bool

    @property
    def went_live_on(self) -> date:
        return timezone.localdate(self.went_live_at)

    @property
    def label(self) -> str:
        live = " · live now" if self.is_live else ""
        return f"Revision {self.id}, live from {self.went_live_on:%d %b %Y}{live}"


def published_revisions(quiz: Quiz) -> list[PublishedRevision]:
    """Newest first. One query."""
    content_type = ContentType.objects.get_for_model(Quiz)
    first_published = (
        ModelLogEntry.objects.filter(
            content_type=content_type, object_id=str(quiz.pk), action="wagtail.publish", revision__isnull=False
        )
        .values("revision_id")
        .annotate(at=Min("timestamp"))
    )
    revisions = [
        PublishedRevision(r["revision_id"], r["at"], r["revision_id"] == quiz.live_revision_id) for r in first_published
    ]
    return sorted(revisions, key=lambda r: (r.went_live_at, r.id), reverse=True)
