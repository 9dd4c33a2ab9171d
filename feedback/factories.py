"""Factories for page feedback: rows as the patient views and the site search leave them.

`PageFeedbackFactory(page=page)` is a "yes" on the page's live revision today, in the page's
language; give `helpful=False, comment=...` for a "no" with a comment (already scrubbed, as
feedback.services stores it; `crisis` follows the text as the service decides it). The
retention command and the report read only what these rows hold, so tests build months of
feedback with `day=` instead of waiting for it.
"""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from approaches.search import signals_crisis
from feedback.models import EmptySearch, PageFeedback


class PageFeedbackFactory(DjangoModelFactory):
    class Meta:
        model = PageFeedback

    page = None  # required: the page the patient answered on
    revision_id = factory.LazyAttribute(lambda row: row.page.live_revision_id)
    language = factory.LazyAttribute(lambda row: row.page.locale.language_code)
    day = factory.LazyFunction(timezone.localdate)
    helpful = True
    comment = ""
    comment_closed = factory.LazyAttribute(lambda row: bool(row.comment))
    crisis = factory.LazyAttribute(lambda row: signals_crisis(row.comment))


def votes(*, page, yes: int = 0, no: int = 0, **fields) -> list[PageFeedback]:
    """`yes` helpful and `no` unhelpful answers on `page`, all with the same `fields`."""
    rows = PageFeedbackFactory.create_batch(yes, page=page, helpful=True, **fields)
    return rows + PageFeedbackFactory.create_batch(no, page=page, helpful=False, **fields)


class EmptySearchFactory(DjangoModelFactory):
    """One day's count of a (scrubbed, folded) query that found nothing."""

    class Meta:
        model = EmptySearch
        django_get_or_create = ("day", "language", "query")

    day = factory.LazyFunction(timezone.localdate)
    language = "en"
    query = factory.Sequence(lambda n: f"missing topic {n}")
    count = 1
