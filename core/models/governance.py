"""Clinical governance: who reviews patient content, and when each page was last reviewed."""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class ClinicalReviewer(index.Indexed, models.Model):
    """A named, qualified person who signs off patient content (shown on the page)."""

    name = models.CharField(max_length=120)
    credentials = models.CharField(max_length=80, help_text="For example “MD, board-certified psychiatrist”.")
    role = models.CharField(max_length=120, blank=True, help_text="For example “Clinical lead, adult services”.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clinical_reviewer",
        help_text="Their admin account, so their approvals are signed with this name.",
    )

    panels = [FieldPanel("name"), FieldPanel("credentials"), FieldPanel("role"), FieldPanel("user")]
    search_fields = [index.SearchField("name"), index.SearchField("credentials")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.credentials}"


class PageReview(models.Model):
    """One clinical sign-off of a page, recorded when a reviewer approves it in the workflow.

    Kept outside the page's own fields so that editing a later draft can never overwrite
    (or fake) the review history.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="clinical_reviews")
    revision = models.ForeignKey("wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField()
    reviewer = models.ForeignKey(ClinicalReviewer, null=True, blank=True, on_delete=models.SET_NULL)
    reviewer_name = models.CharField(max_length=200, help_text="As signed at the time of review.")

    class Meta:
        ordering = ["-reviewed_at"]
        indexes = [models.Index(fields=["page", "-reviewed_at"], name="core_page_review_latest")]

    def __str__(self):
        return f"{self.page_id} reviewed {self.reviewed_at:%Y-%m-%d} by {self.reviewer_name}"
