"""Review stamps: a page approved through Clinical review records who reviewed which revision."""

from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import Revision
from wagtail.signals import workflow_approved

from governance.models import ClinicalReviewer, PageReview


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
