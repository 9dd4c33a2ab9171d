"""What an editor wrote when submitting an approach page for review with checklist items unmet."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class UnmetItemsReason(models.Model):
    """One submission's written reason, kept beside the revision it was given for.

    Written once by decision_aid.services.record_unmet_reason; reviewers read it in the
    checklist panel while the workflow it was given for is under way.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="unmet_checklist_reasons")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE, related_name="+")
    workflow_state = models.ForeignKey(
        "wagtailcore.WorkflowState", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rule_keys = models.JSONField(default=list, help_text="The checklist rules unmet when it was submitted.")
    reason = models.TextField(max_length=2000)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Page {self.page_id}, revision {self.revision_id}: {', '.join(self.rule_keys)}"
