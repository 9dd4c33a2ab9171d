"""Clinical governance: who reviews patient content, and when each page was last reviewed.

These models began in `core`; they keep their `core_*` tables (governance/migrations/0001
moved only Django's record of them), so existing databases copy nothing.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import GroupApprovalTask
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
        db_table = "core_clinicalreviewer"
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
        db_table = "core_pagereview"
        ordering = ["-reviewed_at"]
        indexes = [models.Index(fields=["page", "-reviewed_at"], name="core_page_review_latest")]

    def __str__(self):
        return f"{self.page_id} reviewed {self.reviewed_at:%Y-%m-%d} by {self.reviewer_name}"


class OverrideCommentForm(forms.Form):
    comment = forms.CharField(
        label="Why approve despite failing test cases?",
        widget=forms.Textarea({"rows": 3}),
        help_text="Required. Say why the failing cases do not stop this version going live; it is kept "
        "in the history with your approval.",
        error_messages={"required": "Say why you approve despite the failing test cases."},
    )

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError("Say why you approve despite the failing test cases.")
        return comment


class ClinicalReviewTask(GroupApprovalTask):
    """Group approval in which nobody signs off their own work, superusers included.

    A GroupApprovalTask underneath (same groups field and table), so code that looks up group
    approval tasks still finds it.

    "Own work" is the workflow's submitter, or the author of the revision under review or of
    the latest one (the revision that approval publishes): a reviewer who edits a submitted
    page needs a second reviewer. Such a reviewer may still request changes.
    """

    OWN_WORK_MESSAGE = "You submitted or changed this, so another clinical reviewer must approve it."
    # Content with test cases (quizzes) offers this in place of "Approve" while a case fails on
    # the version under review. The content says which cases fail through `failing_test_cases()`;
    # governance knows nothing else about it.
    OVERRIDE = "approve-despite-failing"
    OVERRIDE_LABEL = "Approve despite failing test cases"
    FAILING_MESSAGE = "Test cases fail on this version: approve it despite them, with a comment saying why."

    def failing_test_cases(self, obj) -> list[str]:
        """Names of the failing test cases on the version approval would publish (the latest)."""
        if obj is None or not hasattr(obj, "failing_test_cases"):
            return []
        return obj.get_latest_revision_as_object().failing_test_cases()

    def is_own_work(self, obj, user) -> bool:
        state = obj.current_workflow_state
        if state is None or user is None or user.pk is None:
            return False
        authors = {state.requested_by_id}
        if state.current_task_state and state.current_task_state.revision_id:
            authors.add(state.current_task_state.revision.user_id)
        latest = obj.get_latest_revision()
        if latest is not None:
            authors.add(latest.user_id)
        return user.pk in authors

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions and self.is_own_work(obj, user):
            return [action for action in actions if action[0] != "approve"]
        if any(action[0] == "approve" for action in actions) and self.failing_test_cases(obj):
            # The comment form is the only way to approve: modal=True asks for it.
            kept = [action for action in actions if action[0] != "approve"]
            return [*kept, (self.OVERRIDE, self.OVERRIDE_LABEL, True)]
        return actions

    def get_form_for_action(self, action):
        if action == self.OVERRIDE:
            return OverrideCommentForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        # The admin only offers actions from get_actions; this refuses any other way in, including
        # the editor's "approve while saving", which passes its data here unvalidated.
        obj = task_state.workflow_state.content_object
        if action_name in ("approve", self.OVERRIDE) and self.is_own_work(obj, user):
            raise PermissionDenied(self.OWN_WORK_MESSAGE)
        if action_name == self.OVERRIDE:
            form = OverrideCommentForm({"comment": kwargs.get("comment") or ""})
            if not form.is_valid():
                raise PermissionDenied(self.FAILING_MESSAGE)
            comment = form.cleaned_data["comment"]
            if failing := self.failing_test_cases(obj):
                # The history says what was overridden, not only the reviewer's words.
                comment = f"Approved despite failing test cases ({', '.join(failing)}): {comment}"
            return super().on_action(task_state, user, "approve", comment=comment)
        if action_name == "approve" and self.failing_test_cases(obj):
            raise PermissionDenied(self.FAILING_MESSAGE)
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return super().get_task_states_user_can_moderate(user, **kwargs).exclude(workflow_state__requested_by=user)

    @classmethod
    def get_description(cls):
        return "Members of the chosen groups approve; nobody approves their own submission or edits."

    class Meta:
        db_table = "core_clinicalreviewtask"
        verbose_name = "Clinical review task"
        verbose_name_plural = "Clinical review tasks"
