"""What patients tell us about a page, kept without anything that says who they are.

A row is one answer to "Was this page helpful?": the page and the revision they read, the
language, the day (no time of day), yes or no, and on "no" the comment after scrubbing
(feedback/scrub.py). No address, no user agent, no cookie, no session.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("New")
    READ = "read", _("Read")
    ACTED_ON = "acted_on", _("Acted on")
    NOT_ACTIONABLE = "not_actionable", _("Not actionable")


class PageFeedback(models.Model):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(max_length=8)
    day = models.DateField(db_index=True)
    helpful = models.BooleanField()
    comment = models.TextField(blank=True, max_length=500)
    # True once the "what was missing" step has been answered (or skipped): a replayed comment
    # post finds it set and is refused, so one vote carries at most one comment.
    comment_closed = models.BooleanField(default=False)
    crisis = models.BooleanField(default=False, help_text="The comment contains crisis language: read it first.")
    # Set by the retention command when it deleted the comment's text (the vote is kept).
    comment_expired = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    fixed_in = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="fixed in revision",
        help_text="The page revision that acted on this comment.",
    )

    class Meta:
        verbose_name = "page feedback"
        verbose_name_plural = "page feedback"
        permissions = [
            ("view_feedback_counts", "Can see page feedback counts"),
            ("view_feedback_comments", "Can read patients' feedback comments"),
        ]
        indexes = [models.Index(fields=["page", "day"])]

    def __str__(self):
        return f"{'Yes' if self.helpful else 'No'} on page {self.page_id}, {self.day}"


class EmptySearch(models.Model):
    """How many site searches found nothing, per day, language and (scrubbed) query."""

    day = models.DateField()
    language = models.CharField(max_length=8)
    query = models.CharField(max_length=100)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "language", "query"], name="one_empty_search_row")]

    def __str__(self):
        return f"{self.query!r} ×{self.count} on {self.day}"
