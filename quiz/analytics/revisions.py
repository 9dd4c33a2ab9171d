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
    language: str = ""  # named when the quiz has versions in several languages

    @property
    def went_live_on(self) -> date:
        return timezone.localdate(self.went_live_at)

    @property
    def label(self) -> str:
        live = " · live now" if self.is_live else ""
        language = f" ({self.language})" if self.language else ""
        return f"Revision {self.id}{language}, live from {self.went_live_on:%d %b %Y}{live}"


def published_revisions(quiz: Quiz, *, translations: bool = False) -> list[PublishedRevision]:
    """Newest first, of this quiz or, with `translations`, of its versions in every language
    (the report counts them as one quiz). Two queries."""
    content_type = ContentType.objects.get_for_model(Quiz)
    group = (
        Quiz.objects.filter(translation_key=quiz.translation_key) if translations else Quiz.objects.filter(pk=quiz.pk)
    )
    group = group.values_list("pk", "live_revision_id", "locale__language_code")
    languages = {str(pk): code for pk, _live, code in group}
    live = {live for _pk, live, _code in group}
    first_published = (
        ModelLogEntry.objects.filter(
            content_type=content_type, object_id__in=list(languages), action="wagtail.publish", revision__isnull=False
        )
        .values("revision_id", "object_id")
        .annotate(at=Min("timestamp"))
    )
    several = len(languages) > 1
    revisions = [
        PublishedRevision(
            r["revision_id"], r["at"], r["revision_id"] in live, languages[r["object_id"]] if several else ""
        )
        for r in first_published
    ]
    return sorted(revisions, key=lambda r: (r.went_live_at, r.id), reverse=True)
